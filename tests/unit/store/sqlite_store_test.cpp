// What the SQLite schema enforces beneath the store, against writes that do
// not go through it. The store's own semantics are tested by the conformance
// suite (store_conformance_*_test.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sqlite_test_util.h"

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

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  DefinitionVersionId def_ = 0;
};

TEST_F(SqliteStoreTest, EventsTableRefusesUpdateDeleteAndReplace) {
  Result<CaseRecord> created = store_->CreateCase(MakeNewCase(def_));
  KASANE_ASSERT_OK(created);
  const CaseRecord c = *created;
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

  Result<std::vector<EventRecord>> read = store_->History(c.id);
  KASANE_ASSERT_OK(read);
  const std::vector<EventRecord>& history = *read;
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].actor, "sato");
  EXPECT_EQ(history[1].actor, "sato");
  EXPECT_EQ(history[1].event, "accept");
}

}  // namespace
}  // namespace kasane
