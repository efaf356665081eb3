// Postponed timers and live versions in the SQLite store, and the schema
// migration that added them.
#include <gtest/gtest.h>

#include "store/sqlite/schema.h"
#include "store_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::RawConnection;
using testing_util::ScratchDir;

class TimersLiveVersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("kasane.db");
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto def = store_->SaveDefinitionVersion(MakeDefinition("hash-1"));
    ASSERT_TRUE(def.ok()) << def.status().ToString();
    def_ = *def;
  }

  std::vector<std::string> DueIds(Timestamp now) {
    auto due = store_->DueTimers(now, 100);
    EXPECT_TRUE(due.ok()) << due.status().ToString();
    std::vector<std::string> ids;
    if (due.ok())
      for (const TimerRecord& t : *due) ids.push_back(t.timer_id);
    return ids;
  }

  LiveVersion Live(DefinitionVersionId version, const std::string& workflow = "toyonaka") {
    LiveVersion v;
    v.tenant = "toyonaka-city";
    v.workflow = workflow;
    v.version = version;
    v.disk_hash = "disk-" + std::to_string(version);
    v.changed_at = 1693530000;
    v.changed_by = "admin";
    return v;
  }

  AuditEntry Deploy(const std::string& detail) {
    AuditEntry e;
    e.tenant = "toyonaka-city";
    e.at = 1693530000;
    e.actor = "admin";
    e.role = "admin";
    e.action = "workflow.deploy";
    e.detail = detail;
    return e;
  }

  std::vector<AuditEntry> Audit() {
    AuditFilter f;
    f.tenant = "toyonaka-city";
    auto r = store_->ListAudit(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<AuditEntry>{};
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  DefinitionVersionId def_ = 0;
};

TEST_F(TimersLiveVersionsTest, APostponedTimerCountsTheAttemptAndWaitsUntilNotBefore) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"a", "remind", 100, "referred"}, {"b", "remind", 200, "referred"}};
  ASSERT_TRUE(store_->CreateCase(n).ok());
  auto due = store_->DueTimers(300, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].attempts, 0);
  EXPECT_EQ((*due)[0].not_before, 0);
  const int64_t a = (*due)[0].id;

  KASANE_ASSERT_OK(store_->PostponeTimer(a, 500));
  EXPECT_EQ(DueIds(300), std::vector<std::string>{"b"});
  EXPECT_EQ(DueIds(499), std::vector<std::string>{"b"});
  EXPECT_EQ(DueIds(500), (std::vector<std::string>{"a", "b"}));  // still ordered by due_at

  KASANE_ASSERT_OK(store_->PostponeTimer(a, 700));
  auto timers = store_->PendingTimers((*due)[0].case_id);
  ASSERT_TRUE(timers.ok());
  ASSERT_EQ(timers->size(), 2u);
  EXPECT_EQ((*timers)[0].timer_id, "a");
  EXPECT_EQ((*timers)[0].attempts, 2);
  EXPECT_EQ((*timers)[0].not_before, 700);
  EXPECT_EQ((*timers)[1].attempts, 0);

  KASANE_ASSERT_OK(store_->DeleteTimer(a));
  Status gone = store_->PostponeTimer(a, 900);
  EXPECT_EQ(gone.code(), Status::Code::kNotFound) << gone.ToString();
}

TEST_F(TimersLiveVersionsTest, SchedulingATimerAgainStartsItsAttemptsAfresh) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"a", "remind", 100, "referred"}};
  auto c = store_->CreateCase(n);
  ASSERT_TRUE(c.ok());
  auto timers = store_->PendingTimers(c->id);
  ASSERT_TRUE(timers.ok() && timers->size() == 1u);
  KASANE_ASSERT_OK(store_->PostponeTimer((*timers)[0].id, 5000));

  CommitRequest r = testing_util::MakeCommit(*c, "referred", "again");
  r.changes.timers_scheduled = {{"a", "remind", 150, "referred"}};
  ASSERT_TRUE(store_->Commit(r).ok());
  timers = store_->PendingTimers(c->id);
  ASSERT_TRUE(timers.ok() && timers->size() == 1u);
  EXPECT_EQ((*timers)[0].attempts, 0);
  EXPECT_EQ((*timers)[0].not_before, 0);
  EXPECT_EQ(DueIds(150), std::vector<std::string>{"a"});
}

TEST_F(TimersLiveVersionsTest, LiveVersionsAreSetReplacedAndListedWithTheirAuditEntry) {
  auto v2 = store_->SaveDefinitionVersion(MakeDefinition("hash-2"));
  auto other = store_->SaveDefinitionVersion(MakeDefinition("hash-3", "maibara"));
  StoredDefinition foreign_def = MakeDefinition("hash-4");
  foreign_def.tenant = "suita-city";
  auto foreign = store_->SaveDefinitionVersion(foreign_def);
  ASSERT_TRUE(v2.ok() && other.ok() && foreign.ok());

  auto empty = store_->ListLiveVersions("");
  KASANE_ASSERT_OK(empty);
  EXPECT_TRUE(empty->empty());

  KASANE_ASSERT_OK(store_->SetLiveVersions({Live(def_), Live(*other, "maibara")}, Deploy("toyonaka maibara")));
  LiveVersion suita = Live(*foreign);
  suita.tenant = "suita-city";
  KASANE_ASSERT_OK(store_->SetLiveVersions({suita}, std::nullopt));
  KASANE_ASSERT_OK(store_->SetLiveVersions({Live(*v2)}, Deploy("toyonaka")));

  auto mine = store_->ListLiveVersions("toyonaka-city");
  KASANE_ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].workflow, "maibara");
  EXPECT_EQ((*mine)[0].version, *other);
  EXPECT_EQ((*mine)[1].workflow, "toyonaka");
  EXPECT_EQ((*mine)[1].version, *v2);
  EXPECT_EQ((*mine)[1].disk_hash, "disk-" + std::to_string(*v2));
  EXPECT_EQ((*mine)[1].changed_at, 1693530000);
  EXPECT_EQ((*mine)[1].changed_by, "admin");

  auto all = store_->ListLiveVersions("");
  KASANE_ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].tenant, "suita-city");
  EXPECT_EQ((*all)[1].tenant, "toyonaka-city");
  EXPECT_EQ((*all)[2].workflow, "toyonaka");

  const std::vector<AuditEntry> audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].detail, "toyonaka maibara");
  EXPECT_EQ(audit[1].detail, "toyonaka");
  auto v = store_->VerifyAudit("");
  KASANE_ASSERT_OK(v);
  EXPECT_TRUE(v->ok) << v->problem;
}

TEST_F(TimersLiveVersionsTest, ALiveVersionMustBeAStoredVersionOfItsWorkflowElseNothingIsWritten) {
  auto other = store_->SaveDefinitionVersion(MakeDefinition("hash-3", "maibara"));
  ASSERT_TRUE(other.ok());
  KASANE_ASSERT_OK(store_->SetLiveVersions({Live(def_)}, Deploy("first")));

  LiveVersion foreign_tenant = Live(def_);
  foreign_tenant.tenant = "suita-city";
  LiveVersion no_tenant = Live(def_);
  no_tenant.tenant.clear();
  const std::vector<std::vector<LiveVersion>> bad = {
      {Live(*other)},                               // maibara's version for toyonaka
      {Live(*other, "maibara"), Live(def_ + 100)},  // the first is fine, the second unknown
      {foreign_tenant},                             // another tenant's definition
      {no_tenant},
      {Live(0)},
      {Live(def_), Live(def_)},  // named twice
  };
  for (const std::vector<LiveVersion>& live : bad) {
    Status s = store_->SetLiveVersions(live, Deploy("refused"));
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  }
  auto listed = store_->ListLiveVersions("");
  KASANE_ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].version, def_);
  EXPECT_EQ(Audit().size(), 1u);

  // An audit entry the log refuses takes the change down with it.
  AuditEntry too_long = Deploy(std::string(300, 'x'));
  EXPECT_EQ(store_->SetLiveVersions({Live(*other, "maibara")}, too_long).code(), Status::Code::kInvalidArgument);
  listed = store_->ListLiveVersions("toyonaka-city");
  KASANE_ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 1u);
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(TimersLiveVersionsTest, AVersionThreeDatabaseGainsPostponementAndLiveVersions) {
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
