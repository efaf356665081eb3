// Semantics of the SQLite store: cases, commits, the journal, tasks, timers,
// memberships and definition versions.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::RawConnection;
using testing_util::ScratchDir;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("kasane.db");
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    Result<DefinitionVersionId> def = store_->SaveDefinitionVersion(MakeDefinition("hash-1"));
    ASSERT_TRUE(def.ok()) << def.status().ToString();
    def_ = *def;
  }

  CaseRecord Create(NewCase c) {
    Result<CaseRecord> r = store_->CreateCase(c);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CaseRecord{};
  }

  CaseRecord Get(CaseId id) {
    Result<CaseRecord> r = store_->GetCase(id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CaseRecord{};
  }

  std::vector<EventRecord> HistoryOf(CaseId id) {
    Result<std::vector<EventRecord>> r = store_->History(id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<EventRecord>{};
  }

  std::vector<TimerRecord> TimersOf(CaseId id) {
    Result<std::vector<TimerRecord>> r = store_->PendingTimers(id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<TimerRecord>{};
  }

  std::vector<TaskRecord> TasksOf(CaseId id, bool open_only) {
    Result<std::vector<TaskRecord>> r = store_->Tasks(id, open_only);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<TaskRecord>{};
  }

  static std::vector<std::string> TimerIds(const std::vector<TimerRecord>& timers) {
    std::vector<std::string> ids;
    for (const TimerRecord& t : timers) ids.push_back(t.timer_id);
    return ids;
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  DefinitionVersionId def_ = 0;
};

TEST_F(SqliteStoreTest, CreateThenGetReturnsTheCaseWithItsEventTasksTimersAndMembers) {
  NewCase n = MakeNewCase(def_);
  n.changes.memberships = {{"chiiki_kyosei", "referrer", false},
                           {"choju_anshin", "assigned", false},
                           {"fukushi", "lead", false},
                           {"fukushi", "lead", true}};
  n.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"アセスメント", "Assess"}, 1693616400}};
  n.changes.timers_scheduled = {{"remind", "remind", 1694390400, "referred"}};

  const CaseRecord created = Create(n);
  ASSERT_GT(created.id, 0);
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.state, "referred");
  ASSERT_EQ(created.members.size(), 2u);

  const CaseRecord got = Get(created.id);
  EXPECT_EQ(got.id, created.id);
  EXPECT_EQ(got.tenant, "toyonaka-city");
  EXPECT_EQ(got.workflow, "toyonaka");
  EXPECT_EQ(got.definition_version, def_);
  EXPECT_EQ(got.state, "referred");
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(got.data, n.data);
  EXPECT_EQ(got.created_at, n.now);
  EXPECT_EQ(got.updated_at, n.now);
  ASSERT_EQ(got.members.size(), 2u);
  EXPECT_EQ(got.members[0].agency, "chiiki_kyosei");
  EXPECT_EQ(got.members[0].relation, "referrer");
  EXPECT_EQ(got.members[1].agency, "choju_anshin");
  EXPECT_EQ(got.members[1].relation, "assigned");
  EXPECT_EQ(created.members[0].agency, got.members[0].agency);
  EXPECT_EQ(created.members[1].agency, got.members[1].agency);

  const std::vector<EventRecord> history = HistoryOf(created.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_GT(history[0].id, 0);
  EXPECT_EQ(history[0].case_id, created.id);
  EXPECT_EQ(history[0].seq, 1);
  EXPECT_EQ(history[0].event, "create");
  EXPECT_EQ(history[0].actor, "sato");
  EXPECT_EQ(history[0].to_state, "referred");
  EXPECT_EQ(history[0].payload, n.event.payload);
  EXPECT_EQ(history[0].decisions, n.event.decisions);
  EXPECT_EQ(history[0].definition_version, def_);

  const std::vector<TaskRecord> tasks = TasksOf(created.id, true);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].kind, "assess");
  EXPECT_EQ(tasks[0].title.ja, "アセスメント");
  EXPECT_EQ(tasks[0].title.en, "Assess");
  EXPECT_EQ(tasks[0].due_at, std::optional<Timestamp>(1693616400));
  EXPECT_TRUE(tasks[0].open);
  EXPECT_EQ(tasks[0].created_at, n.now);
  EXPECT_FALSE(tasks[0].closed_at.has_value());

  const std::vector<TimerRecord> timers = TimersOf(created.id);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].timer_id, "remind");
  EXPECT_EQ(timers[0].due_at, 1694390400);
  EXPECT_EQ(timers[0].state, "referred");
  EXPECT_EQ(timers[0].case_id, created.id);
}

TEST_F(SqliteStoreTest, GetUnknownCaseIsNotFound) {
  Result<CaseRecord> r = store_->GetCase(4242);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
}

TEST_F(SqliteStoreTest, CreateCaseWithUnknownDefinitionIsRefusedAndWritesNothing) {
  Result<CaseRecord> r = store_->CreateCase(MakeNewCase(def_ + 100));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
  Result<int64_t> count = store_->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 0);
}

TEST_F(SqliteStoreTest, CommitBumpsVersionAndAppendsTheEvent) {
  NewCase n = MakeNewCase(def_);
  n.changes.memberships = {{"chiiki_kyosei", "referrer", false}};
  const CaseRecord c = Create(n);

  CommitRequest req = MakeCommit(c, "assessment", "accept");
  req.data["screening"] = Value("target");
  req.event.payload["note"] = Value("受理");
  req.event.decisions = Value(Array{Value(Object{{"key", Value("target")}, {"value", Value(true)}})});
  Result<CommitResult> r = store_->Commit(req);
  KASANE_ASSERT_OK(r);

  EXPECT_EQ(r->case_after.id, c.id);
  EXPECT_EQ(r->case_after.version, 2);
  EXPECT_EQ(r->case_after.state, "assessment");
  EXPECT_EQ(r->case_after.tenant, "toyonaka-city");
  EXPECT_EQ(r->case_after.workflow, "toyonaka");
  EXPECT_EQ(r->case_after.definition_version, def_);
  EXPECT_EQ(r->case_after.created_at, c.created_at);
  EXPECT_EQ(r->case_after.updated_at, req.now);
  EXPECT_EQ(r->case_after.data, req.data);
  ASSERT_EQ(r->case_after.members.size(), 1u);
  EXPECT_EQ(r->event.case_id, c.id);
  EXPECT_EQ(r->event.seq, 2);
  EXPECT_GT(r->event.id, 0);

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, "assessment");
  EXPECT_EQ(got.data, req.data);
  EXPECT_EQ(got.updated_at, req.now);
  EXPECT_EQ(got.created_at, c.created_at);

  const std::vector<EventRecord> history = HistoryOf(c.id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].seq, 1);
  EXPECT_EQ(history[1].seq, 2);
  EXPECT_EQ(history[1].id, r->event.id);
  EXPECT_EQ(history[1].event, "accept");
  EXPECT_EQ(history[1].from_state, "referred");
  EXPECT_EQ(history[1].to_state, "assessment");
  EXPECT_EQ(history[1].payload, req.event.payload);
  EXPECT_EQ(history[1].decisions, req.event.decisions);
}

TEST_F(SqliteStoreTest, StaleCommitIsAConflictAndWritesNothing) {
  const CaseRecord c = Create(MakeNewCase(def_));

  CommitRequest first = MakeCommit(c, "assessment", "accept");
  first.data["by"] = Value("first");
  KASANE_ASSERT_OK(store_->Commit(first));

  // A second writer that loaded the case at version 1 as well.
  CommitRequest stale = MakeCommit(c, "returned", "return_to_referrer");
  stale.data["by"] = Value("stale");
  stale.event.idempotency_key = "stale-key";
  stale.changes.tasks_created = {{"notify", "chiiki_kyosei", "secretariat", {"連絡", "Notify"}, std::nullopt}};
  stale.changes.timers_scheduled = {{"t", "remind", 1700000000, "returned"}};
  stale.changes.memberships = {{"fukushi", "assigned", false}};
  Result<CommitResult> r = store_->Commit(stale);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kConflict);
  EXPECT_NE(r.status().message().find("case " + std::to_string(c.id) + " was changed by someone else"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("(version 2, expected 1)"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("reload and try again"), std::string::npos);

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, "assessment");
  EXPECT_EQ(got.data, first.data);
  EXPECT_TRUE(got.members.empty());
  const std::vector<EventRecord> history = HistoryOf(c.id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].event, "accept");
  EXPECT_TRUE(TasksOf(c.id, false).empty());
  EXPECT_TRUE(TimersOf(c.id).empty());
  Result<std::optional<EventRecord>> found = store_->FindEventByIdempotencyKey(c.id, "stale-key");
  KASANE_ASSERT_OK(found);
  EXPECT_FALSE(found->has_value());
}

TEST_F(SqliteStoreTest, CommitToUnknownCaseIsNotFound) {
  CaseRecord ghost;
  ghost.id = 999;
  ghost.version = 1;
  ghost.state = "referred";
  ghost.definition_version = def_;
  Result<CommitResult> r = store_->Commit(MakeCommit(ghost, "assessment", "accept"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound) << r.status().ToString();
  EXPECT_TRUE(HistoryOf(999).empty());
}

TEST_F(SqliteStoreTest, TimersAreScheduledReplacedCancelledAndConsumed) {
  NewCase n = MakeNewCase(def_, "assessment");
  n.changes.timers_scheduled = {{"remind", "remind", 100, "assessment"},
                                {"deadline", "expire", 200, ""},
                                {"escalate", "escalate", 300, "assessment"}};
  const CaseRecord c = Create(n);
  std::vector<TimerRecord> timers = TimersOf(c.id);
  ASSERT_EQ(TimerIds(timers), (std::vector<std::string>{"remind", "deadline", "escalate"}));
  const int64_t old_remind_row = timers[0].id;

  // Cancel one by id; schedule "remind" again, which replaces the pending one.
  CommitRequest r1 = MakeCommit(c, "assessment", "update");
  r1.changes.timers_cancelled = {"escalate"};
  r1.changes.timers_scheduled = {{"remind", "remind_again", 250, "assessment"}};
  Result<CommitResult> c1 = store_->Commit(r1);
  KASANE_ASSERT_OK(c1);
  timers = TimersOf(c.id);
  ASSERT_EQ(TimerIds(timers), (std::vector<std::string>{"deadline", "remind"}));
  EXPECT_EQ(timers[1].event, "remind_again");
  EXPECT_EQ(timers[1].due_at, 250);
  EXPECT_NE(timers[1].id, old_remind_row) << "a replaced timer must get a new row id";
  const int64_t deadline_row = timers[0].id;

  // The old row id of the replaced timer is no longer pending: the commit is refused.
  CommitRequest stale = MakeCommit(c1->case_after, "assessment", "remind");
  stale.consumed_timer = old_remind_row;
  EXPECT_EQ(store_->Commit(stale).status().code(), Status::Code::kConflict);
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"deadline", "remind"}));
  CommitRequest r2 = MakeCommit(c1->case_after, "assessment", "remind");
  Result<CommitResult> c2 = store_->Commit(r2);
  KASANE_ASSERT_OK(c2);

  // Consuming a timer deletes exactly that row.
  CommitRequest r3 = MakeCommit(c2->case_after, "assessment", "expire");
  r3.consumed_timer = deadline_row;
  Result<CommitResult> c3 = store_->Commit(r3);
  KASANE_ASSERT_OK(c3);
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"remind"}));

  // Leaving the state cancels its timers; a timer the same commit schedules for
  // the state (a self-transition re-arms it) survives, as does a stateless one.
  CommitRequest r4 = MakeCommit(c3->case_after, "assessment", "restart");
  r4.changes.cancel_state_timers = true;
  r4.changes.timers_scheduled = {{"rearmed", "remind", 400, "assessment"}, {"global", "expire", 500, ""}};
  Result<CommitResult> c4 = store_->Commit(r4);
  KASANE_ASSERT_OK(c4);
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"rearmed", "global"}));

  CommitRequest r5 = MakeCommit(c4->case_after, "planning", "plan");
  r5.changes.cancel_state_timers = true;
  KASANE_ASSERT_OK(store_->Commit(r5));
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"global"}));
}

TEST_F(SqliteStoreTest, ConsumedTimerOfAnotherCaseIsAConflictAndLeftAlone) {
  NewCase a = MakeNewCase(def_);
  a.changes.timers_scheduled = {{"remind", "remind", 100, "referred"}};
  const CaseRecord ca = Create(a);
  const CaseRecord cb = Create(MakeNewCase(def_));
  const std::vector<TimerRecord> timers = TimersOf(ca.id);
  ASSERT_EQ(timers.size(), 1u);

  CommitRequest r = MakeCommit(cb, "assessment", "accept");
  r.consumed_timer = timers[0].id;
  EXPECT_EQ(store_->Commit(r).status().code(), Status::Code::kConflict);
  EXPECT_EQ(TimersOf(ca.id).size(), 1u);
  EXPECT_EQ(Get(cb.id).version, 1);
}

TEST_F(SqliteStoreTest, ConsumingATimerThatIsGoneIsAConflictAndWritesNothing) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"remind", "remind", 100, "referred"}};
  const CaseRecord c = Create(n);
  const std::vector<TimerRecord> timers = TimersOf(c.id);
  ASSERT_EQ(timers.size(), 1u);
  // Another writer fired or cancelled it in the meantime.
  KASANE_ASSERT_OK(store_->DeleteTimer(timers[0].id));

  CommitRequest r = MakeCommit(c, "assessment", "remind");
  r.consumed_timer = timers[0].id;
  r.data["reminded"] = Value(true);
  r.changes.tasks_created = {{"call", "chiiki_kyosei", "secretariat", {"連絡", "Call"}, std::nullopt}};
  r.changes.timers_scheduled = {{"again", "remind", 900, "assessment"}};
  r.changes.memberships = {{"fukushi", "assigned", false}};
  r.audit = AuditEntry{};
  r.audit->tenant = "toyonaka-city";
  r.audit->action = "case.fire";
  Result<CommitResult> done = store_->Commit(r);
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), Status::Code::kConflict) << done.status().ToString();
  EXPECT_NE(done.status().message().find("timer " + std::to_string(timers[0].id) + " is no longer pending"),
            std::string::npos)
      << done.status().message();

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(got.state, "referred");
  EXPECT_EQ(got.data, c.data);
  EXPECT_TRUE(got.members.empty());
  EXPECT_EQ(HistoryOf(c.id).size(), 1u);
  EXPECT_TRUE(TasksOf(c.id, false).empty());
  EXPECT_TRUE(TimersOf(c.id).empty());
  AuditFilter f;
  f.tenant = "toyonaka-city";
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(f);
  KASANE_ASSERT_OK(audit);
  EXPECT_TRUE(audit->empty());
}

TEST_F(SqliteStoreTest, ATimerOfTheStateLeftCanBeConsumedByTheTransitionItCauses) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"deadline", "expire", 100, "referred"}, {"remind", "remind", 200, "referred"}};
  const CaseRecord c = Create(n);
  const std::vector<TimerRecord> timers = TimersOf(c.id);
  ASSERT_EQ(TimerIds(timers), (std::vector<std::string>{"deadline", "remind"}));

  CommitRequest r = MakeCommit(c, "expired", "expire");
  r.consumed_timer = timers[0].id;
  r.changes.cancel_state_timers = true;  // also covers the consumed timer's row
  r.changes.timers_cancelled = {"deadline"};
  KASANE_ASSERT_OK(store_->Commit(r));
  EXPECT_TRUE(TimersOf(c.id).empty());
  EXPECT_EQ(Get(c.id).state, "expired");
}

TEST_F(SqliteStoreTest, DueTimersAreOldestFirstAcrossCasesAndCanBeDeleted) {
  NewCase a = MakeNewCase(def_);
  a.changes.timers_scheduled = {{"a1", "remind", 300, "referred"}, {"a2", "remind", 100, "referred"}};
  NewCase b = MakeNewCase(def_);
  b.changes.timers_scheduled = {{"b1", "remind", 200, "referred"}, {"b2", "remind", 900, "referred"}};
  Create(a);
  Create(b);

  Result<std::vector<TimerRecord>> due = store_->DueTimers(300, 10);
  KASANE_ASSERT_OK(due);
  EXPECT_EQ(TimerIds(*due), (std::vector<std::string>{"a2", "b1", "a1"}));

  Result<std::vector<TimerRecord>> limited = store_->DueTimers(1000, 2);
  KASANE_ASSERT_OK(limited);
  EXPECT_EQ(TimerIds(*limited), (std::vector<std::string>{"a2", "b1"}));

  KASANE_ASSERT_OK(store_->DeleteTimer((*due)[0].id));
  KASANE_ASSERT_OK(store_->DeleteTimer((*due)[0].id));  // already gone: still fine
  Result<std::vector<TimerRecord>> after = store_->DueTimers(1000, 10);
  KASANE_ASSERT_OK(after);
  EXPECT_EQ(TimerIds(*after), (std::vector<std::string>{"b1", "a1", "b2"}));

  EXPECT_EQ(store_->DueTimers(1000, 0).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(SqliteStoreTest, TasksAreClosedByKind) {
  NewCase n = MakeNewCase(def_);
  n.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"評価1", ""}, std::nullopt},
                             {"assess", "fukushi", "secretariat", {"評価2", ""}, std::nullopt},
                             {"contact", "chiiki_kyosei", "secretariat", {"連絡", ""}, 1693616400}};
  const CaseRecord c = Create(n);
  ASSERT_EQ(TasksOf(c.id, true).size(), 3u);

  CommitRequest r = MakeCommit(c, "assessment", "accept");
  r.changes.task_kinds_closed = {"assess"};
  r.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"再評価", ""}, std::nullopt}};
  KASANE_ASSERT_OK(store_->Commit(r));

  const std::vector<TaskRecord> open = TasksOf(c.id, true);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].kind, "contact");
  EXPECT_EQ(open[1].kind, "assess");
  EXPECT_EQ(open[1].title.ja, "再評価");
  EXPECT_EQ(open[1].created_at, r.now);

  const std::vector<TaskRecord> all = TasksOf(c.id, false);
  ASSERT_EQ(all.size(), 4u);
  for (size_t i : {size_t{0}, size_t{1}}) {
    EXPECT_EQ(all[i].kind, "assess");
    EXPECT_FALSE(all[i].open);
    EXPECT_EQ(all[i].closed_at, std::optional<Timestamp>(r.now));
  }
  EXPECT_TRUE(all[2].open);
  EXPECT_FALSE(all[2].closed_at.has_value());
  EXPECT_EQ(all[2].due_at, std::optional<Timestamp>(1693616400));
}

TEST_F(SqliteStoreTest, MembershipsAreAddedAndRemoved) {
  NewCase n = MakeNewCase(def_);
  n.changes.memberships = {{"chiiki_kyosei", "referrer", false}};
  const CaseRecord c = Create(n);

  CommitRequest r1 = MakeCommit(c, "assessment", "assign");
  r1.changes.memberships = {{"choju_anshin", "assigned", false},
                            {"chiiki_kyosei", "referrer", false},  // already a member: no change
                            {"chiiki_kyosei", "lead", false}};
  Result<CommitResult> c1 = store_->Commit(r1);
  KASANE_ASSERT_OK(c1);
  ASSERT_EQ(c1->case_after.members.size(), 3u);

  CommitRequest r2 = MakeCommit(c1->case_after, "assessment", "unassign");
  r2.changes.memberships = {{"choju_anshin", "assigned", true}, {"nobody", "assigned", true}};
  Result<CommitResult> c2 = store_->Commit(r2);
  KASANE_ASSERT_OK(c2);

  const CaseRecord got = Get(c.id);
  ASSERT_EQ(got.members.size(), 2u);
  EXPECT_EQ(got.members[0].agency, "chiiki_kyosei");
  EXPECT_EQ(got.members[0].relation, "lead");
  EXPECT_EQ(got.members[1].agency, "chiiki_kyosei");
  EXPECT_EQ(got.members[1].relation, "referrer");
  ASSERT_EQ(c2->case_after.members.size(), 2u);
  EXPECT_EQ(c2->case_after.members[0].relation, "lead");
}

TEST_F(SqliteStoreTest, DefinitionVersionsAreIdempotentOnContentHash) {
  StoredDefinition d = MakeDefinition("hash-1");
  Result<DefinitionVersionId> again = store_->SaveDefinitionVersion(d);
  KASANE_ASSERT_OK(again);
  EXPECT_EQ(*again, def_);

  Result<DefinitionVersionId> second = store_->SaveDefinitionVersion(MakeDefinition("hash-2"));
  KASANE_ASSERT_OK(second);
  EXPECT_NE(*second, def_);
  Result<DefinitionVersionId> other = store_->SaveDefinitionVersion(MakeDefinition("hash-3", "maibara"));
  KASANE_ASSERT_OK(other);

  Result<std::vector<StoredDefinition>> list = store_->ListDefinitionVersions("toyonaka-city", "toyonaka");
  KASANE_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, def_);
  EXPECT_EQ((*list)[0].content_hash, "hash-1");
  EXPECT_EQ((*list)[1].id, *second);

  Result<StoredDefinition> loaded = store_->LoadDefinitionVersion(*other);
  KASANE_ASSERT_OK(loaded);
  EXPECT_EQ(loaded->tenant, "toyonaka-city");
  EXPECT_EQ(loaded->workflow, "maibara");
  EXPECT_EQ(loaded->content_hash, "hash-3");
  EXPECT_EQ(loaded->bundle, MakeDefinition("hash-3", "maibara").bundle);
  EXPECT_EQ(loaded->deployed_at, 1693526400);
  EXPECT_EQ(loaded->deployed_by, "admin");

  EXPECT_EQ(store_->LoadDefinitionVersion(9999).status().code(), Status::Code::kNotFound);

  // The same content in another tenant is another deployment.
  StoredDefinition elsewhere = MakeDefinition("hash-1");
  elsewhere.tenant = "maibara-city";
  Result<DefinitionVersionId> other_tenant = store_->SaveDefinitionVersion(elsewhere);
  KASANE_ASSERT_OK(other_tenant);
  EXPECT_NE(*other_tenant, def_);
}

TEST_F(SqliteStoreTest, DuplicateIdempotencyKeyIsAlreadyExistsAndRollsBack) {
  const CaseRecord c = Create(MakeNewCase(def_));
  CommitRequest r1 = MakeCommit(c, "assessment", "accept");
  r1.event.idempotency_key = "req-1";
  Result<CommitResult> c1 = store_->Commit(r1);
  KASANE_ASSERT_OK(c1);

  Result<std::optional<EventRecord>> found = store_->FindEventByIdempotencyKey(c.id, "req-1");
  KASANE_ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->seq, 2);
  EXPECT_EQ((*found)->id, c1->event.id);
  EXPECT_EQ((*found)->idempotency_key, "req-1");

  // The engine looks the key up first; this is the race that slips past that check.
  CommitRequest dup = MakeCommit(c1->case_after, "returned", "return_to_referrer");
  dup.event.idempotency_key = "req-1";
  dup.data["changed"] = Value(true);
  dup.changes.tasks_created = {{"notify", "chiiki_kyosei", "secretariat", {"連絡", ""}, std::nullopt}};
  dup.changes.timers_scheduled = {{"t", "remind", 1700000000, "returned"}};
  Result<CommitResult> r = store_->Commit(dup);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kAlreadyExists) << r.status().ToString();
  EXPECT_NE(r.status().message().find("req-1"), std::string::npos);

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, "assessment");
  EXPECT_EQ(got.data, c1->case_after.data);
  EXPECT_EQ(HistoryOf(c.id).size(), 2u);
  EXPECT_TRUE(TasksOf(c.id, false).empty());
  EXPECT_TRUE(TimersOf(c.id).empty());

  // Keys are per case, and an empty key is no key at all.
  const CaseRecord other = Create(MakeNewCase(def_));
  CommitRequest same_key = MakeCommit(other, "assessment", "accept");
  same_key.event.idempotency_key = "req-1";
  KASANE_ASSERT_OK(store_->Commit(same_key));
  Result<std::optional<EventRecord>> none = store_->FindEventByIdempotencyKey(c.id, "");
  KASANE_ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  Result<std::optional<EventRecord>> unknown = store_->FindEventByIdempotencyKey(c.id, "req-2");
  KASANE_ASSERT_OK(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(SqliteStoreTest, EventsTableRefusesUpdateDeleteAndReplace) {
  const CaseRecord c = Create(MakeNewCase(def_));
  KASANE_ASSERT_OK(store_->Commit(MakeCommit(c, "assessment", "accept")));

  RawConnection raw(path_);
  EXPECT_NE(raw.Exec("UPDATE events SET actor = 'mallory'").find("events are append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM events WHERE seq = 2").find("events are append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM events").find("events are append-only"), std::string::npos);
  // REPLACE would delete the old row without firing DELETE triggers.
  const std::string replace =
      "INSERT OR REPLACE INTO events (case_id, seq, at, actor, role, agency, event, from_state, to_state, "
      "payload, decisions, definition_version) VALUES (" +
      std::to_string(c.id) + ", 2, 0, 'mallory', '', '', 'forged', '', '', '{}', '[]', 1)";
  EXPECT_NE(raw.Exec(replace).find("events are append-only"), std::string::npos);
  // Other tables are ordinary.
  EXPECT_EQ(raw.Exec("UPDATE cases SET updated_at = updated_at"), "");

  const std::vector<EventRecord> history = HistoryOf(c.id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].actor, "sato");
  EXPECT_EQ(history[1].actor, "sato");
  EXPECT_EQ(history[1].event, "accept");
}

TEST_F(SqliteStoreTest, ListCasesPagesByIdAndFilters) {
  std::vector<CaseId> all, workflow_a, a_in_s2, in_s2;
  for (int i = 0; i < 7; ++i) {
    NewCase n = MakeNewCase(def_, i % 2 == 0 ? "s1" : "s2");
    n.workflow = i < 5 ? "a" : "b";
    n.changes.memberships = {{"agency" + std::to_string(i), "referrer", false}};
    const CaseRecord c = Create(n);
    all.push_back(c.id);
    if (n.workflow == "a") workflow_a.push_back(c.id);
    if (n.state == "s2") in_s2.push_back(c.id);
    if (n.workflow == "a" && n.state == "s2") a_in_s2.push_back(c.id);
  }
  NewCase foreign = MakeNewCase(def_);
  foreign.tenant = "maibara-city";
  Create(foreign);

  auto ids = [&](CaseFilter f) {
    std::vector<CaseId> out;
    for (int page = 0; page < 20; ++page) {
      Result<std::vector<CaseRecord>> r = store_->ListCases(f);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok() || r->empty()) break;
      EXPECT_LE(r->size(), static_cast<size_t>(f.limit));
      for (const CaseRecord& c : *r) out.push_back(c.id);
      f.after_id = r->back().id;
    }
    return out;
  };
  CaseFilter f;
  f.tenant = "toyonaka-city";
  f.limit = 3;
  EXPECT_EQ(ids(f), all);
  f.workflow = "a";
  EXPECT_EQ(ids(f), workflow_a);
  f.state = "s2";
  EXPECT_EQ(ids(f), a_in_s2);
  f.workflow.clear();
  EXPECT_EQ(ids(f), in_s2);

  CaseFilter one;
  one.tenant = "toyonaka-city";
  one.after_id = all[2];
  one.limit = 1;
  Result<std::vector<CaseRecord>> page = store_->ListCases(one);
  KASANE_ASSERT_OK(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, all[3]);
  ASSERT_EQ((*page)[0].members.size(), 1u);
  EXPECT_EQ((*page)[0].members[0].agency, "agency3");
  EXPECT_EQ((*page)[0].data, MakeNewCase(def_).data);

  CaseFilter no_tenant;
  EXPECT_EQ(store_->ListCases(no_tenant).status().code(), Status::Code::kInvalidArgument);
  one.limit = 0;
  EXPECT_EQ(store_->ListCases(one).status().code(), Status::Code::kInvalidArgument);

  Result<int64_t> count = store_->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 8);
}

TEST_F(SqliteStoreTest, ListCasesForMemberAgencyKeepsOnlyItsCases) {
  std::vector<CaseId> of_x, of_x_in_s2;
  for (int i = 0; i < 6; ++i) {
    NewCase n = MakeNewCase(def_, i % 3 == 0 ? "s2" : "s1");
    // Case 0 and 3 have x twice (two relations): listed once. Case 5 belongs to y only.
    if (i % 3 == 0) n.changes.memberships = {{"x", "referrer", false}, {"x", "meeting", false}};
    else if (i != 5) n.changes.memberships = {{"x", "assigned", false}, {"y", "lead", false}};
    else n.changes.memberships = {{"y", "lead", false}};
    const CaseRecord c = Create(n);
    if (i != 5) of_x.push_back(c.id);
    if (i != 5 && n.state == "s2") of_x_in_s2.push_back(c.id);
  }
  NewCase foreign = MakeNewCase(def_);
  foreign.tenant = "maibara-city";
  foreign.changes.memberships = {{"x", "referrer", false}};
  Create(foreign);

  CaseFilter f;
  f.tenant = "toyonaka-city";
  f.member_agency = "x";
  f.limit = 2;
  std::vector<CaseId> got;
  for (int page = 0; page < 10; ++page) {
    Result<std::vector<CaseRecord>> r = store_->ListCases(f);
    KASANE_ASSERT_OK(r);
    if (r->empty()) break;
    for (const CaseRecord& c : *r) got.push_back(c.id);
    f.after_id = r->back().id;
  }
  EXPECT_EQ(got, of_x);
  f.after_id = 0;
  f.limit = 50;
  f.state = "s2";
  Result<std::vector<CaseRecord>> in_s2 = store_->ListCases(f);
  KASANE_ASSERT_OK(in_s2);
  std::vector<CaseId> s2_ids;
  for (const CaseRecord& c : *in_s2) s2_ids.push_back(c.id);
  EXPECT_EQ(s2_ids, of_x_in_s2);
  f.member_agency = "nobody";
  f.state.clear();
  Result<std::vector<CaseRecord>> none = store_->ListCases(f);
  KASANE_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteStoreTest, ListTasksIsAnAgencysOpenInboxWithinItsTenant) {
  NewCase a = MakeNewCase(def_);
  a.changes.tasks_created = {{"screening", "takikan", "coordinator", {"スクリーニング", "Screening"}, 100},
                             {"visit", "madoguchi", "window", {"訪問", "Visit"}, std::nullopt}};
  const CaseRecord ca = Create(a);
  NewCase b = MakeNewCase(def_);
  b.changes.tasks_created = {{"assessment", "takikan", "coordinator", {"アセスメント", "Assessment"}, 200}};
  const CaseRecord cb = Create(b);
  NewCase foreign = MakeNewCase(def_);
  foreign.tenant = "maibara-city";
  foreign.changes.tasks_created = {{"screening", "takikan", "coordinator", {"他市", "Other"}, 1}};
  Create(foreign);
  CommitRequest close = MakeCommit(ca, "s1", "work");
  close.changes.task_kinds_closed = {"screening"};
  KASANE_ASSERT_OK(store_->Commit(close));

  TaskFilter f;
  f.tenant = "toyonaka-city";
  f.agency = "takikan";
  Result<std::vector<TaskRecord>> inbox = store_->ListTasks(f);
  KASANE_ASSERT_OK(inbox);
  ASSERT_EQ(inbox->size(), 1u);  // screening was closed; the other tenant's is not listed
  EXPECT_EQ((*inbox)[0].case_id, cb.id);
  EXPECT_EQ((*inbox)[0].kind, "assessment");
  f.role = "window";
  inbox = store_->ListTasks(f);
  KASANE_ASSERT_OK(inbox);
  EXPECT_TRUE(inbox->empty());
  f.agency = "madoguchi";
  inbox = store_->ListTasks(f);
  KASANE_ASSERT_OK(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ((*inbox)[0].kind, "visit");
  f.agency.clear();
  EXPECT_EQ(store_->ListTasks(f).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(SqliteStoreTest, AWriteAndItsAuditEntryCommitTogetherOrNotAtAll) {
  AuditEntry who;
  who.tenant = "toyonaka-city";
  who.at = 1693530000;
  who.actor = "sato";
  who.role = "secretariat";
  NewCase n = MakeNewCase(def_);
  n.audit = who;
  n.audit->action = "case.create";
  const CaseRecord c = Create(n);

  CommitRequest ok = MakeCommit(c, "assessment", "accept");
  ok.audit = who;
  ok.audit->action = "case.fire";
  ok.audit->detail = "accept";
  KASANE_ASSERT_OK(store_->Commit(ok));
  // A stale commit is refused, and so is its audit entry.
  CommitRequest stale = MakeCommit(c, "closed", "close");
  stale.audit = who;
  stale.audit->action = "case.fire";
  stale.audit->detail = "close";
  EXPECT_EQ(store_->Commit(stale).status().code(), Status::Code::kConflict);

  AuditFilter f;
  f.tenant = "toyonaka-city";
  Result<std::vector<AuditEntry>> entries = store_->ListAudit(f);
  KASANE_ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "case.create");
  EXPECT_EQ((*entries)[0].case_id, c.id);
  EXPECT_EQ((*entries)[1].action, "case.fire");
  EXPECT_EQ((*entries)[1].detail, "accept");
  EXPECT_EQ((*entries)[1].case_id, c.id);
  Result<AuditVerification> v = store_->VerifyAudit("toyonaka-city");
  KASANE_ASSERT_OK(v);
  EXPECT_TRUE(v->ok) << v->problem;

  // An entry the log refuses (detail too long) takes the change down with it.
  CommitRequest bad = MakeCommit(Get(c.id), "closed", "close");
  bad.audit = who;
  bad.audit->action = "case.fire";
  bad.audit->detail = std::string(300, 'x');
  EXPECT_FALSE(store_->Commit(bad).ok());
  EXPECT_EQ(Get(c.id).state, "assessment");
}

}  // namespace
}  // namespace kasane
