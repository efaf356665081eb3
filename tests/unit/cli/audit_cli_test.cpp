// `kasane audit verify` on a database written through the store, before and
// after someone with the file tampers with it.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "store/sqlite/open_sqlite.h"
#include "store/store.h"

namespace kasane {
namespace {

struct AuditRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

AuditRun RunKasane(const std::string& args) {
  const std::string cmd = std::string(KASANE_BINARY) + " " + args + " 2>&1";
  AuditRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "kasane_audit_cli_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_ = dir_ + "/audit.db";
    auto store = OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int i = 0; i < 6; ++i) {
      AuditEntry e;
      e.tenant = i < 4 ? "toyonaka" : "suita";
      e.at = 1711933200 + i;
      e.actor = "sato";
      e.role = "takikan";
      e.action = i == 0 ? "login" : "case.read";
      if (i > 0) e.case_id = 40 + i;
      auto appended = (*store)->AppendAudit(e);
      ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    }
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    const std::string all = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + sql;
    char* err = nullptr;
    const int rc = sqlite3_exec(db, all.c_str(), nullptr, nullptr, &err);
    const std::string msg = err != nullptr ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
  }

  std::string dir_;
  std::string db_;
};

TEST_F(AuditCliTest, AnUntouchedLogVerifies) {
  AuditRun all = RunKasane("audit verify --db " + db_);
  EXPECT_EQ(all.exit_code, 0) << all.out;
  EXPECT_EQ(all.out, "audit chain ok: 6 entries (tenants: suita, toyonaka)\n");
  AuditRun one = RunKasane("audit verify --db " + db_ + " --tenant toyonaka");
  EXPECT_EQ(one.exit_code, 0) << one.out;
  EXPECT_EQ(one.out, "audit chain ok: 4 entries (tenants: toyonaka)\n");
}

TEST_F(AuditCliTest, AnEditedEntryBreaksTheChain) {
  Tamper("UPDATE audit SET actor = 'tanaka' WHERE tenant = 'toyonaka' AND seq = 3;");
  AuditRun r = RunKasane("audit verify --db " + db_);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out, "audit chain BROKEN: tenant 'toyonaka': entry 3 was edited (hash mismatch)\n");
  AuditRun other = RunKasane("audit verify --db " + db_ + " --tenant suita");
  EXPECT_EQ(other.exit_code, 0) << other.out;
}

TEST_F(AuditCliTest, ADeletedLastEntryBreaksTheChain) {
  Tamper("DELETE FROM audit WHERE tenant = 'suita' AND seq = 2;");
  AuditRun r = RunKasane("audit verify --db " + db_ + " --tenant suita");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("audit chain BROKEN: tenant 'suita': entry 2 is missing"), std::string::npos) << r.out;
}

TEST_F(AuditCliTest, UsageErrorsAndAMissingFileExitTwo) {
  const std::string missing = dir_ + "/no-such.db";
  AuditRun r = RunKasane("audit verify --db " + missing);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no database file"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(missing));  // not created as an empty database
  EXPECT_EQ(RunKasane("audit verify").exit_code, 2);
  EXPECT_EQ(RunKasane("audit --db " + db_).exit_code, 2);
  EXPECT_EQ(RunKasane("audit check --db " + db_).exit_code, 2);
  AuditRun unknown = RunKasane("audit verify --db " + db_ + " --tennant x");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("unknown option --tennant"), std::string::npos) << unknown.out;
}

}  // namespace
}  // namespace kasane
