// Benchmark support: bulk seeding and the raw SQLite ceiling leave a database
// the store reads back as consistent.
#include "store/sqlite/raw_ceiling.h"

#include <gtest/gtest.h>

#include "store_test_util.h"

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

TEST_F(RawCeilingTest, RawTransitionsWriteWhatTheStoreWouldAndLeaveCasesConsistent) {
  Result<BulkInsertResult> seeded = BulkInsertCases(path_, StoreOptions{}, spec_, 3);
  KASANE_ASSERT_OK(seeded);
  const std::vector<CaseId> ids = {seeded->first_id, seeded->first_id + 1, seeded->last_id};

  Result<double> rate = MeasureRawTransitionsPerSecond(path_, StoreOptions{}, ids, 31);
  KASANE_ASSERT_OK(rate);
  EXPECT_GT(*rate, 0.0);

  const int64_t expected_versions[] = {1 + 11, 1 + 10, 1 + 10};  // 31 round-robin over 3
  for (size_t i = 0; i < ids.size(); ++i) {
    Result<CaseRecord> c = store_->GetCase(ids[i]);
    KASANE_ASSERT_OK(c);
    EXPECT_EQ(c->version, expected_versions[i]);
    EXPECT_EQ(c->state, "referred");
    EXPECT_EQ(c->data, spec_.data);
    Result<std::vector<EventRecord>> history = store_->History(ids[i]);
    KASANE_ASSERT_OK(history);
    ASSERT_EQ(history->size(), static_cast<size_t>(c->version));
    for (size_t s = 0; s < history->size(); ++s) EXPECT_EQ((*history)[s].seq, static_cast<int64_t>(s + 1));
    EXPECT_EQ(history->back().event, "raw_ceiling");
    Result<std::vector<TimerRecord>> timers = store_->PendingTimers(ids[i]);
    KASANE_ASSERT_OK(timers);
    EXPECT_TRUE(timers->empty()) << "its timers are cleaned up";

    // The store carries on from where the measurement left the case.
    KASANE_ASSERT_OK(store_->Commit(MakeCommit(*c, "assessment", "accept")));
  }
  RawConnection raw(path_);
  EXPECT_EQ(raw.Column("SELECT count(*) FROM events WHERE event = 'raw_ceiling'"), std::vector<std::string>{"31"});
  KASANE_ASSERT_OK(store_->CheckIntegrity());
}

TEST_F(RawCeilingTest, RawCeilingRefusesBadInput) {
  EXPECT_EQ(MeasureRawTransitionsPerSecond(path_, StoreOptions{}, {}, 10).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(MeasureRawTransitionsPerSecond(path_, StoreOptions{}, {1}, 0).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(MeasureRawTransitionsPerSecond(path_, StoreOptions{}, {12345}, 5).status().code(), Status::Code::kNotFound);
  // A database without the kasane schema.
  EXPECT_FALSE(MeasureRawTransitionsPerSecond(dir_.File("empty.db"), StoreOptions{}, {1}, 5).ok());
}

}  // namespace
}  // namespace kasane
