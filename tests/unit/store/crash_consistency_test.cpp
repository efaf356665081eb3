// Crash consistency: a child process commits transitions on a file database
// with synchronous=FULL and reports each acknowledged commit through a pipe;
// the parent SIGKILLs it mid-stream, reopens the database and checks that
// every acknowledged commit survived, exactly once, and nothing else is torn.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <thread>

#include "sqlite_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::ScratchDir;

struct Ack {
  int64_t case_id;
  int64_t version;
};

constexpr int kCases = 5;
constexpr int kRounds = 3;
constexpr int kChildMaxCommits = 200000;  // a bound in case the parent never kills

StoreOptions DurableOptions() {
  StoreOptions o;
  o.synchronous = "FULL";
  o.wal = true;
  return o;
}

// The child: plain loops, no gtest, leaves through _exit only.
[[noreturn]] void RunChild(const std::string& path, const std::vector<CaseId>& ids, int ack_fd) {
  Result<std::unique_ptr<Store>> opened = OpenSqliteStore(path, DurableOptions());
  if (!opened.ok()) _exit(2);
  Store& store = **opened;
  std::vector<CaseRecord> cases;
  for (CaseId id : ids) {
    Result<CaseRecord> c = store.GetCase(id);
    if (!c.ok()) _exit(3);
    cases.push_back(std::move(c).value());
  }
  for (int i = 0; i < kChildMaxCommits; ++i) {
    CaseRecord& c = cases[static_cast<size_t>(i) % cases.size()];
    CommitRequest r = MakeCommit(c, i % 2 == 0 ? "assessment" : "planning", "step");
    r.data["n"] = Value(c.version + 1);
    r.event.idempotency_key = "step-" + std::to_string(c.version + 1);
    r.changes.timers_scheduled = {{"tick", "remind", r.now + 3600, ""}};
    r.changes.task_kinds_closed = {"follow_up"};
    r.changes.tasks_created = {{"follow_up", "chiiki_kyosei", "secretariat", {"確認", "Check"}, std::nullopt}};
    Result<CommitResult> done = store.Commit(r);
    if (!done.ok()) _exit(4);
    c = done->case_after;
    const Ack ack{c.id, c.version};
    // At most PIPE_BUF bytes: the write is atomic, so an ack is whole or absent.
    if (write(ack_fd, &ack, sizeof ack) != static_cast<ssize_t>(sizeof ack)) _exit(5);
  }
  _exit(0);
}

// Reads whole acks until `want` have arrived, the pipe closes or time runs out.
void ReadAcks(int fd, size_t want, std::string* buffer, std::vector<Ack>* acks, bool* closed) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (acks->size() < want && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char chunk[4096];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) {
      *closed = true;
      return;
    }
    buffer->append(chunk, static_cast<size_t>(n));
    while (buffer->size() >= sizeof(Ack)) {
      Ack a;
      std::memcpy(&a, buffer->data(), sizeof a);
      buffer->erase(0, sizeof a);
      acks->push_back(a);
    }
  }
}

TEST(CrashConsistencyTest, AcknowledgedCommitsSurviveSigkill) {
  ScratchDir dir;
  const std::string path = dir.File("crash.db");
  std::vector<CaseId> ids;
  std::map<CaseId, int64_t> durable;  // version known to be on disk
  {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path, DurableOptions());
    KASANE_ASSERT_OK(store);
    Result<DefinitionVersionId> def = (*store)->SaveDefinitionVersion(MakeDefinition("h"));
    KASANE_ASSERT_OK(def);
    for (int i = 0; i < kCases; ++i) {
      NewCase n = MakeNewCase(*def);
      n.data["n"] = Value(1);
      Result<CaseRecord> c = (*store)->CreateCase(n);
      KASANE_ASSERT_OK(c);
      ids.push_back(c->id);
      durable[c->id] = 1;
    }
  }  // closed before forking: the child opens its own connection

  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      RunChild(path, ids, fds[1]);
    }
    close(fds[1]);

    std::string buffer;
    std::vector<Ack> acks;
    bool closed = false;
    const size_t want = 300 + std::uniform_int_distribution<size_t>(0, 100)(rng);
    ReadAcks(fds[0], want, &buffer, &acks, &closed);
    // Let it run on a little so the kill lands at an arbitrary point of a commit.
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 2000)(rng)));
    kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "the child stopped on its own (exit code " << (WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1) << ") after "
        << acks.size() << " acks";
    ASSERT_FALSE(closed) << "the pipe closed before the kill";
    // Everything the child wrote before dying was acknowledged too.
    ReadAcks(fds[0], SIZE_MAX, &buffer, &acks, &closed);
    close(fds[0]);
    ASSERT_TRUE(buffer.empty()) << "a torn ack in the pipe";
    ASSERT_GE(acks.size(), want);

    std::map<CaseId, int64_t> acked = durable;
    for (const Ack& a : acks) {
      ASSERT_EQ(acked.count(a.case_id), 1u) << "ack for unknown case " << a.case_id;
      ASSERT_EQ(a.version, acked[a.case_id] + 1) << "acks of a case arrive in version order";
      acked[a.case_id] = a.version;
    }

    Result<std::unique_ptr<Store>> reopened = OpenSqliteStore(path, DurableOptions());
    KASANE_ASSERT_OK(reopened);
    Store& store = **reopened;
    KASANE_ASSERT_OK(store.CheckIntegrity());
    int64_t unacknowledged = 0;
    for (CaseId id : ids) {
      SCOPED_TRACE("case " + std::to_string(id));
      Result<CaseRecord> c = store.GetCase(id);
      KASANE_ASSERT_OK(c);
      // Every acknowledged commit is there; at most the one in flight beyond it.
      ASSERT_GE(c->version, acked[id]);
      unacknowledged += c->version - acked[id];
      const Value* n = c->data.find("n");
      ASSERT_NE(n, nullptr);
      EXPECT_EQ(n->as_int(), c->version) << "the data belongs to the version";

      Result<std::vector<EventRecord>> history = store.History(id);
      KASANE_ASSERT_OK(history);
      ASSERT_EQ(history->size(), static_cast<size_t>(c->version)) << "one event per version";
      for (size_t i = 0; i < history->size(); ++i) {
        ASSERT_EQ((*history)[i].seq, static_cast<int64_t>(i + 1)) << "no gap, no duplicate";
        ASSERT_EQ((*history)[i].case_id, id);
      }
      if (c->version > 1) {
        EXPECT_EQ(history->back().idempotency_key, "step-" + std::to_string(c->version));
        Result<std::vector<TimerRecord>> timers = store.PendingTimers(id);
        KASANE_ASSERT_OK(timers);
        EXPECT_EQ(timers->size(), 1u) << "the replaced timer is pending once";
        Result<std::vector<TaskRecord>> open = store.Tasks(id, true);
        KASANE_ASSERT_OK(open);
        EXPECT_EQ(open->size(), 1u) << "exactly the latest follow-up is open";
        Result<std::vector<TaskRecord>> all = store.Tasks(id, false);
        KASANE_ASSERT_OK(all);
        EXPECT_EQ(all->size(), static_cast<size_t>(c->version - 1)) << "one task per committed step";
      }
      durable[id] = c->version;
    }
    EXPECT_LE(unacknowledged, 1) << "only the commit in flight may be durable without an ack";
  }
}

}  // namespace
}  // namespace kasane
