// Linked sub-flows: child cases created in the same transaction as the commit
// that spawns them.
#include <gtest/gtest.h>

#include "store/sqlite/schema.h"
#include "store_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::RawConnection;
using testing_util::ScratchDir;

class SpawnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("spawn.db");
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto def = store_->SaveDefinitionVersion(MakeDefinition("h1"));
    ASSERT_TRUE(def.ok());
    def_ = *def;
  }

  NewCase Child() {
    NewCase child = MakeNewCase(def_, "needs_assessment");
    child.workflow = "participation";
    child.event.event = "spawn";
    child.changes.memberships.push_back({"shakyo", "participation", false});
    return child;
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  DefinitionVersionId def_ = 0;
};

TEST_F(SpawnTest, CommitCreatesLinkedChildrenAtomically) {
  auto parent = store_->CreateCase(MakeNewCase(def_));
  ASSERT_TRUE(parent.ok());
  CommitRequest req = MakeCommit(*parent, "support", "start_participation");
  req.spawned.push_back(Child());
  auto committed = store_->Commit(req);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  ASSERT_EQ(committed->spawned.size(), 1u);
  EXPECT_EQ(committed->spawned[0].parent_id, parent->id);

  auto children = store_->Children(parent->id);
  ASSERT_TRUE(children.ok());
  ASSERT_EQ(children->size(), 1u);
  EXPECT_EQ((*children)[0].workflow, "participation");
  EXPECT_EQ((*children)[0].state, "needs_assessment");
  EXPECT_EQ((*children)[0].parent_id, parent->id);
  ASSERT_EQ((*children)[0].members.size(), 1u);
  auto again = store_->GetCase((*children)[0].id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->parent_id, parent->id);
  auto parent_now = store_->GetCase(parent->id);
  ASSERT_TRUE(parent_now.ok());
  EXPECT_EQ(parent_now->parent_id, 0);
}

TEST_F(SpawnTest, AFailedCommitCreatesNoChild) {
  auto parent = store_->CreateCase(MakeNewCase(def_));
  ASSERT_TRUE(parent.ok());
  CommitRequest req = MakeCommit(*parent, "support", "start_participation");
  req.expected_version = 9;  // stale
  req.spawned.push_back(Child());
  EXPECT_EQ(store_->Commit(req).status().code(), Status::Code::kConflict);
  auto children = store_->Children(parent->id);
  ASSERT_TRUE(children.ok());
  EXPECT_TRUE(children->empty());
  RawConnection raw(path_);
  EXPECT_EQ(raw.Column("SELECT count(*) FROM cases"), std::vector<std::string>{"1"});
}

TEST_F(SpawnTest, ADatabaseAtSchemaVersionOneIsMigrated) {
  // Version 2 added parent_id; the migration keeps existing cases (parent 0).
  std::string old_path = dir_.File("v1.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(old_path.c_str(), &db), SQLITE_OK);
  std::string v1 = std::string(sqlite::MigrationScript(0)) +
                   "PRAGMA user_version=1;"
                   "INSERT INTO definitions VALUES (1, 't', 'w', 'h', '{}', 0, 'a');"
                   "INSERT INTO cases VALUES (1, 't', 'w', 1, 'intake', 1, '{}', 0, 0);";
  ASSERT_EQ(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);

  auto store = OpenSqliteStore(old_path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto c = (*store)->GetCase(1);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->state, "intake");
  EXPECT_EQ(c->parent_id, 0);
  RawConnection raw(old_path);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{std::to_string(sqlite::kSchemaVersion)});
}

}  // namespace
}  // namespace kasane
