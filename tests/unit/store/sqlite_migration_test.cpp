// Schema migrations of the SQLite store: a database written at each older
// schema version opens, keeps its rows and gains what the later versions add.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sqlite_test_util.h"
#include "store/sqlite/schema.h"

namespace kasane {
namespace {

using testing_util::RawConnection;
using testing_util::ScratchDir;

AuditEntry MakeEntry(const std::string& tenant, const std::string& actor, const std::string& action,
                     std::optional<CaseId> case_id = std::nullopt, const std::string& detail = "") {
  AuditEntry e;
  e.tenant = tenant;
  e.at = 1711933200;
  e.actor = actor;
  e.role = "takikan";
  e.action = action;
  e.case_id = case_id;
  e.detail = detail;
  return e;
}

class SqliteMigrationTest : public ::testing::Test {
 protected:
  ScratchDir dir_;
};

TEST_F(SqliteMigrationTest, AVersionOneDatabaseGainsLinkedSubFlows) {
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

TEST_F(SqliteMigrationTest, AVersionTwoDatabaseGainsTheAuditLog) {
  const std::string old_path = dir_.File("v2.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(old_path.c_str(), &db), SQLITE_OK);
    const std::string v2 =
        std::string(sqlite::MigrationScript(0)) + sqlite::MigrationScript(1) + "PRAGMA user_version=2;";
    ASSERT_EQ(sqlite3_exec(db, v2.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto store = OpenSqliteStore(old_path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto e = (*store)->AppendAudit(MakeEntry("toyonaka", "sato", "workflow.deploy", std::nullopt, "toyonaka"));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->seq, 1);
  RawConnection raw(old_path);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{std::to_string(sqlite::kSchemaVersion)});
}

TEST_F(SqliteMigrationTest, AVersionThreeDatabaseGainsPostponementAndLiveVersions) {
  const std::string old_path = dir_.File("v3.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(old_path.c_str(), &db), SQLITE_OK);
    const std::string v3 = std::string(sqlite::MigrationScript(0)) + sqlite::MigrationScript(1) +
                           sqlite::MigrationScript(2) +
                           "PRAGMA user_version=3;"
                           "INSERT INTO definitions VALUES (1, 't', 'w', 'h', '{}', 0, 'a');"
                           "INSERT INTO cases VALUES (1, 't', 'w', 1, 'intake', 1, '{}', 0, 0, NULL);"
                           "INSERT INTO timers VALUES (7, 1, 'remind', 'remind', 100, 'intake');";
    ASSERT_EQ(sqlite3_exec(db, v3.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto store = OpenSqliteStore(old_path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto due = (*store)->DueTimers(100, 10);
  KASANE_ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, 7);
  EXPECT_EQ((*due)[0].attempts, 0);
  EXPECT_EQ((*due)[0].not_before, 0);
  KASANE_ASSERT_OK((*store)->PostponeTimer(7, 200));
  LiveVersion v;
  v.tenant = "t";
  v.workflow = "w";
  v.version = 1;
  KASANE_ASSERT_OK((*store)->SetLiveVersions({v}, std::nullopt));
  RawConnection raw(old_path);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{std::to_string(sqlite::kSchemaVersion)});
  EXPECT_EQ(raw.Column("SELECT attempts || ',' || not_before FROM timers"), std::vector<std::string>{"1,200"});
}

}  // namespace
}  // namespace kasane
