// Benchmark support: bulk seeding and the raw SQLite ceiling leave a database
// the store reads back as consistent.
#include "store/sqlite/raw_ceiling.h"

#include <gtest/gtest.h>

#include "sqlite_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::RawConnection;
using testing_util::ScratchDir;

class RawCeilingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("bench.db");
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    Result<DefinitionVersionId> def = store_->SaveDefinitionVersion(MakeDefinition("h"));
    ASSERT_TRUE(def.ok());
    spec_.tenant = "toyonaka-city";
    spec_.workflow = "toyonaka";
    spec_.definition_version = *def;
    spec_.state = "referred";
    spec_.data["main_complaint"] = Value("生活困窮");
    spec_.now = 1693530000;
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  BulkCaseTemplate spec_;
};

TEST_F(RawCeilingTest, BulkInsertAddsCasesWithTheirCreationEvents) {
  Result<BulkInsertResult> r = BulkInsertCases(path_, StoreOptions{}, spec_, 2000);
  KASANE_ASSERT_OK(r);
  EXPECT_EQ(r->last_id - r->first_id + 1, 2000);
  EXPECT_GT(r->seconds, 0);

  // The store, open all along, sees them.
  Result<int64_t> count = store_->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 2000);
  for (CaseId id : {r->first_id, r->first_id + 999, r->last_id}) {
    Result<CaseRecord> c = store_->GetCase(id);
    KASANE_ASSERT_OK(c);
    EXPECT_EQ(c->version, 1);
    EXPECT_EQ(c->state, "referred");
    EXPECT_EQ(c->data, spec_.data);
    EXPECT_EQ(c->definition_version, spec_.definition_version);
    Result<std::vector<EventRecord>> history = store_->History(id);
    KASANE_ASSERT_OK(history);
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ((*history)[0].seq, 1);
    EXPECT_EQ((*history)[0].event, "create");
    EXPECT_EQ((*history)[0].to_state, "referred");
  }
  // A second batch continues the ids.
  Result<BulkInsertResult> more = BulkInsertCases(path_, StoreOptions{}, spec_, 10);
  KASANE_ASSERT_OK(more);
  EXPECT_EQ(more->first_id, r->last_id + 1);
  KASANE_ASSERT_OK(store_->CheckIntegrity());

  BulkCaseTemplate unknown_def = spec_;
  unknown_def.definition_version += 50;
  EXPECT_FALSE(BulkInsertCases(path_, StoreOptions{}, unknown_def, 5).ok());
  Result<int64_t> after = store_->CountCases();
  KASANE_ASSERT_OK(after);
  EXPECT_EQ(*after, 2010) << "a refused batch writes nothing";
  EXPECT_EQ(BulkInsertCases(path_, StoreOptions{}, spec_, 0).status().code(), Status::Code::kInvalidArgument);
}

// A commit that touches every kind of row a transition can write.
CommitRequest RichCommit(const CaseRecord& c, const std::string& key) {
  CommitRequest r = MakeCommit(c, "assessment", "accept");
  r.data["consent"] = Value(true);
  r.event.payload = r.data;
  r.event.idempotency_key = key;
  r.event.decisions = Value(Array{Value(Object{{"key", Value("screening")}, {"value", Value("対象")}})});
  r.changes.memberships.push_back({"shakyo", "assigned", false});
  r.changes.tasks_created.push_back({"screening", "shakyo", "takikan", {"期限", "deadline"}, r.now + 3600});
  r.changes.task_kinds_closed.push_back("intake");
  r.changes.cancel_state_timers = true;
  r.changes.timers_scheduled.push_back({"remind", "remind", r.now + 86400, "assessment"});
  return r;
}

TEST_F(RawCeilingTest, ReplayWritesTheSameRowsAsTheRecordedCommits) {
  Result<BulkInsertResult> seeded = BulkInsertCases(path_, StoreOptions{}, spec_, 2);
  KASANE_ASSERT_OK(seeded);
  std::vector<CommitRequest> recorded;
  std::vector<RecordedWrite> writes;
  for (CaseId id : {seeded->first_id, seeded->last_id}) {
    Result<CaseRecord> c = store_->GetCase(id);
    KASANE_ASSERT_OK(c);
    recorded.push_back(RichCommit(*c, "k-" + std::to_string(id)));
    writes.emplace_back(recorded.back());
    KASANE_ASSERT_OK(store_->Commit(recorded.back()));
  }
  RawConnection raw(path_);
  const std::string kCounts =
      "SELECT count(*) FROM events UNION ALL SELECT count(*) FROM tasks UNION ALL "
      "SELECT count(*) FROM timers UNION ALL SELECT count(*) FROM case_members";
  EXPECT_EQ(raw.Column(kCounts), (std::vector<std::string>{"4", "2", "2", "2"}));

  Result<double> rate = MeasureReplayPerSecond(path_, StoreOptions{}, writes);
  KASANE_ASSERT_OK(rate);
  EXPECT_GT(*rate, 0.0);

  // One more event and task per commit; timers and members are replaced or
  // already present, exactly as a second identical commit through the store.
  EXPECT_EQ(raw.Column(kCounts), (std::vector<std::string>{"6", "4", "2", "2"}));
  for (const CommitRequest& r : recorded) {
    Result<CaseRecord> c = store_->GetCase(r.case_id);
    KASANE_ASSERT_OK(c);
    EXPECT_EQ(c->version, 3);
    EXPECT_EQ(c->data, r.data);
    Result<std::vector<EventRecord>> history = store_->History(r.case_id);
    KASANE_ASSERT_OK(history);
    ASSERT_EQ(history->size(), 3u);
    EXPECT_EQ(history->back().seq, 3);
    EXPECT_EQ(history->back().payload, r.event.payload);
    EXPECT_EQ(history->back().decisions, r.event.decisions);
    EXPECT_EQ(history->back().idempotency_key, r.event.idempotency_key + "~replay");
  }
  KASANE_ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(RawCeilingTest, ReplayedCreationInsertsANewCaseWithItsRows) {
  NewCase nc;
  nc.tenant = spec_.tenant;
  nc.workflow = spec_.workflow;
  nc.definition_version = spec_.definition_version;
  nc.state = "intake";
  nc.data = spec_.data;
  nc.now = spec_.now;
  nc.event.event = "create";
  nc.event.to_state = "intake";
  nc.event.payload = spec_.data;
  nc.event.decisions = Value(Array{});
  nc.event.definition_version = spec_.definition_version;
  nc.changes.memberships.push_back({"madoguchi", "intake", false});
  nc.changes.timers_scheduled.push_back({"remind", "remind", spec_.now + 60, "intake"});
  Result<CaseRecord> original = store_->CreateCase(nc);
  KASANE_ASSERT_OK(original);
  KASANE_ASSERT_OK(MeasureReplayPerSecond(path_, StoreOptions{}, {RecordedWrite(nc)}));
  Result<CaseRecord> replayed = store_->GetCase(original->id + 1);
  KASANE_ASSERT_OK(replayed);
  EXPECT_EQ(replayed->state, "intake");
  EXPECT_EQ(replayed->data, spec_.data);
  ASSERT_EQ(replayed->members.size(), 1u);
  Result<std::vector<TimerRecord>> timers = store_->PendingTimers(replayed->id);
  KASANE_ASSERT_OK(timers);
  EXPECT_EQ(timers->size(), 1u);
  Result<std::vector<EventRecord>> history = store_->History(replayed->id);
  KASANE_ASSERT_OK(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().payload, spec_.data);
}

TEST_F(RawCeilingTest, ReplayRefusesBadInput) {
  EXPECT_EQ(MeasureReplayPerSecond(path_, StoreOptions{}, {}).status().code(), Status::Code::kInvalidArgument);
  CommitRequest unknown;
  unknown.case_id = 12345;
  const std::vector<RecordedWrite> writes = {unknown};
  EXPECT_EQ(MeasureReplayPerSecond(path_, StoreOptions{}, writes).status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(MeasureReplayPerSecond(dir_.File("missing.db"), StoreOptions{}, writes).ok());
}

}  // namespace
}  // namespace kasane
