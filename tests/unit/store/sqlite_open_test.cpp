// Opening the SQLite store: options, pragmas, schema versions, reopening,
// integrity and query plans.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "sqlite_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::RawConnection;
using testing_util::ScratchDir;

std::unique_ptr<SqliteStore> OpenOrDie(const std::string& path, const StoreOptions& options = {}) {
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(path, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

TEST(SqliteOpenTest, SynchronousMustBeFullNormalOrOff) {
  ScratchDir dir;
  for (const char* bad : {"EXTRA", "", "FULL; DROP TABLE cases", "2"}) {
    StoreOptions o;
    o.synchronous = bad;
    Result<std::unique_ptr<Store>> s = OpenSqliteStore(dir.File("a.db"), o);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(s.status().message().find("synchronous"), std::string::npos);
  }
  StoreOptions negative;
  negative.busy_timeout_ms = -1;
  EXPECT_EQ(OpenSqliteStore(dir.File("a.db"), negative).status().code(), Status::Code::kInvalidArgument);
}

TEST(SqliteOpenTest, OptionsAreAppliedToTheConnection) {
  ScratchDir dir;
  const struct {
    const char* option;
    const char* pragma;  // PRAGMA synchronous answers 0 = OFF, 1 = NORMAL, 2 = FULL
  } cases[] = {{"FULL", "2"}, {"NORMAL", "1"}, {"OFF", "0"}, {"normal", "1"}};
  for (const auto& c : cases) {
    StoreOptions o;
    o.synchronous = c.option;
    o.busy_timeout_ms = 1234;
    std::unique_ptr<SqliteStore> store = OpenOrDie(dir.File(std::string("sync_") + c.option + ".db"), o);
    ASSERT_NE(store, nullptr);
    Result<std::string> sync = store->PragmaValue("synchronous");
    KASANE_ASSERT_OK(sync);
    EXPECT_EQ(*sync, c.pragma) << c.option;
    Result<std::string> fk = store->PragmaValue("foreign_keys");
    KASANE_ASSERT_OK(fk);
    EXPECT_EQ(*fk, "1");
    Result<std::string> busy = store->PragmaValue("busy_timeout");
    KASANE_ASSERT_OK(busy);
    EXPECT_EQ(*busy, "1234");
    Result<std::string> journal = store->PragmaValue("journal_mode");
    KASANE_ASSERT_OK(journal);
    EXPECT_EQ(*journal, "wal");
  }
  // WAL is a property of the file: another connection sees it too.
  RawConnection raw(dir.File("sync_FULL.db"));
  EXPECT_EQ(raw.Column("PRAGMA journal_mode"), std::vector<std::string>{"wal"});

  StoreOptions rollback_journal;
  rollback_journal.wal = false;
  std::unique_ptr<SqliteStore> store = OpenOrDie(dir.File("nowal.db"), rollback_journal);
  ASSERT_NE(store, nullptr);
  Result<std::string> journal = store->PragmaValue("journal_mode");
  KASANE_ASSERT_OK(journal);
  EXPECT_EQ(*journal, "delete");

  std::unique_ptr<SqliteStore> any = OpenOrDie(dir.File("x.db"));
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(any->PragmaValue("synchronous; DROP TABLE cases").status().code(), Status::Code::kInvalidArgument);
}

TEST(SqliteOpenTest, InMemoryDatabaseWorksWithWalRequested) {
  StoreOptions o;
  o.wal = true;
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(":memory:", o);
  KASANE_ASSERT_OK(s);
  SqliteStore& store = **s;
  Result<std::string> journal = store.PragmaValue("journal_mode");
  KASANE_ASSERT_OK(journal);
  EXPECT_EQ(*journal, "memory");

  Result<DefinitionVersionId> def = store.SaveDefinitionVersion(MakeDefinition("h"));
  KASANE_ASSERT_OK(def);
  Result<CaseRecord> c = store.CreateCase(MakeNewCase(*def));
  KASANE_ASSERT_OK(c);
  KASANE_ASSERT_OK(store.Commit(MakeCommit(*c, "assessment", "accept")));
  Result<CaseRecord> got = store.GetCase(c->id);
  KASANE_ASSERT_OK(got);
  EXPECT_EQ(got->version, 2);
  KASANE_ASSERT_OK(store.CheckIntegrity());
}

TEST(SqliteOpenTest, ReopenedFileKeepsEverything) {
  ScratchDir dir;
  const std::string path = dir.File("kasane.db");
  CaseId id = 0;
  Value data;
  {
    std::unique_ptr<Store> store = std::move(OpenSqliteStore(path)).value();
    DefinitionVersionId def = *store->SaveDefinitionVersion(MakeDefinition("h"));
    NewCase n = MakeNewCase(def);
    n.changes.memberships = {{"chiiki_kyosei", "referrer", false}};
    Result<CaseRecord> c = store->CreateCase(n);
    KASANE_ASSERT_OK(c);
    id = c->id;
    CommitRequest r = MakeCommit(*c, "assessment", "accept");
    r.data["screening"] = Value("対象");
    r.changes.timers_scheduled = {{"remind", "remind", 1700000000, "assessment"}};
    r.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"評価", "Assess"}, std::nullopt}};
    KASANE_ASSERT_OK(store->Commit(r));
    data = r.data;
  }
  std::unique_ptr<Store> store = std::move(OpenSqliteStore(path)).value();
  Result<CaseRecord> got = store->GetCase(id);
  KASANE_ASSERT_OK(got);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->state, "assessment");
  EXPECT_EQ(got->data, data);
  ASSERT_EQ(got->members.size(), 1u);
  Result<std::vector<EventRecord>> history = store->History(id);
  KASANE_ASSERT_OK(history);
  EXPECT_EQ(history->size(), 2u);
  Result<std::vector<TimerRecord>> timers = store->PendingTimers(id);
  KASANE_ASSERT_OK(timers);
  ASSERT_EQ(timers->size(), 1u);
  EXPECT_EQ((*timers)[0].due_at, 1700000000);
  Result<std::vector<TaskRecord>> tasks = store->Tasks(id, true);
  KASANE_ASSERT_OK(tasks);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].title.en, "Assess");
  Result<std::vector<StoredDefinition>> defs = store->ListDefinitionVersions("toyonaka-city", "toyonaka");
  KASANE_ASSERT_OK(defs);
  EXPECT_EQ(defs->size(), 1u);

  RawConnection raw(path);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{std::to_string(sqlite::kSchemaVersion)});
}

TEST(SqliteOpenTest, DatabaseFromANewerVersionIsRefused) {
  ScratchDir dir;
  const std::string path = dir.File("future.db");
  {
    std::unique_ptr<SqliteStore> store = OpenOrDie(path);
    ASSERT_NE(store, nullptr);
  }
  {
    RawConnection raw(path);
    ASSERT_EQ(raw.Exec("PRAGMA user_version = 99"), "");
  }
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.status().message().find("newer"), std::string::npos) << s.status().message();
}

TEST(SqliteOpenTest, IntegrityCheckPassesOnASoundDatabaseAndFailsOnADamagedOne) {
  ScratchDir dir;
  const std::string path = dir.File("kasane.db");
  {
    std::unique_ptr<Store> store = std::move(OpenSqliteStore(path)).value();
    DefinitionVersionId def = *store->SaveDefinitionVersion(MakeDefinition("h"));
    for (int i = 0; i < 300; ++i) {
      NewCase n = MakeNewCase(def);
      n.data["padding"] = Value(std::string(200, 'x'));
      KASANE_ASSERT_OK(store->CreateCase(n));
    }
    KASANE_ASSERT_OK(store->CheckIntegrity());
  }  // the last connection checkpoints the WAL into the file

  // Overwrite a page in the middle of the file (pages are 4096 bytes).
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.good());
    f.seekg(0, std::ios::end);
    const std::streamoff size = f.tellg();
    ASSERT_GT(size, 16 * 4096);
    f.seekp((size / 4096 / 2) * 4096);
    const std::string garbage(4096, '\x5a');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) {
    // Opening may already trip over the damage; it must say so.
    EXPECT_EQ(store.status().code(), Status::Code::kCorruption) << store.status().ToString();
    return;
  }
  Status s = (*store)->CheckIntegrity();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
}

TEST(SqliteOpenTest, EveryCachedQuerySearchesAnIndex) {
  std::unique_ptr<SqliteStore> store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  Result<std::vector<SqliteStore::QueryPlan>> plans = store->ExplainStatements();
  KASANE_ASSERT_OK(plans);
  ASSERT_GE(plans->size(), 15u);
  std::map<std::string, std::string> joined;
  for (const SqliteStore::QueryPlan& p : *plans) {
    ASSERT_FALSE(p.steps.empty()) << p.statement;
    std::string all;
    for (const std::string& step : p.steps) {
      all += step + "; ";
      // "SCAN t" walks a whole table or index: cost grows with the database.
      EXPECT_NE(step.rfind("SCAN", 0), 0u) << p.statement << ": " << step << "\n  " << p.sql;
      if (p.crosses_cases) {
        EXPECT_EQ(step.find("TEMP B-TREE"), std::string::npos) << p.statement << ": " << step;
      }
    }
    joined[p.statement] = all;
  }
  EXPECT_NE(joined["update case"].find("INTEGER PRIMARY KEY"), std::string::npos) << joined["update case"];
  EXPECT_NE(joined["list cases by workflow and state"].find("cases_by_state"), std::string::npos);
  EXPECT_NE(joined["list cases by workflow"].find("cases_by_workflow"), std::string::npos);
  EXPECT_NE(joined["list cases by tenant"].find("cases_by_tenant"), std::string::npos);
  EXPECT_NE(joined["find event by idempotency key"].find("events_idempotency"), std::string::npos);
  EXPECT_NE(joined["load due timers"].find("timers_by_due"), std::string::npos);
  EXPECT_NE(joined["close tasks"].find("tasks_by_case"), std::string::npos);
  EXPECT_NE(joined["cancel state timers"].find("SEARCH timers"), std::string::npos);
}

}  // namespace
}  // namespace kasane
