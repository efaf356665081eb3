#include "demo/demo_accounts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "demo_fixture.h"

namespace kasane::demo {
namespace {

Timestamp TestNow() {
  Timestamp t = 0;
  EXPECT_TRUE(ParseTimestamp("2026-03-02T12:00", &t));
  return t;
}

bool Holds(const Agency& agency, const std::string& role) {
  return std::find(agency.roles.begin(), agency.roles.end(), role) != agency.roles.end();
}

class DemoAccountsTest : public DemoFixture {
 protected:
  void SetUp() override { Deploy(TestNow()); }
};

TEST_F(DemoAccountsTest, EveryAccountCanActInItsTownsFlow) {
  ASSERT_EQ(defs_.size(), 5u);
  for (const DemoAccount& a : config_.accounts) {
    const http::UserConfig& u = a.user;
    SCOPED_TRACE(u.username);
    ASSERT_EQ(defs_.count(u.tenant), 1u);
    const Definition& def = *defs_.at(u.tenant);
    EXPECT_EQ(def.id, u.tenant);  // the main workflow is the town's own
    const bool account_role = u.role == "tenant_admin" || u.role == "auditor";
    if (account_role) {
      EXPECT_TRUE(u.agency.empty() || def.FindAgency(u.agency) != nullptr);
      continue;
    }
    EXPECT_NE(def.FindRole(u.role), nullptr) << "role " << u.role;
    const Agency* agency = def.FindAgency(u.agency);
    ASSERT_NE(agency, nullptr) << "agency " << u.agency;
    EXPECT_TRUE(Holds(*agency, u.role)) << u.agency << " does not hold " << u.role;
  }
  EXPECT_TRUE(CheckDemoAccounts(config_, defs_).ok());
}

TEST_F(DemoAccountsTest, EveryTenantDeploysTheSubFlowsItsFlowSpawns) {
  for (const http::TenantConfig& t : config_.server.tenants) {
    const Definition& def = *defs_.at(t.id);
    size_t spawns = 0;
    for (const Transition& tr : def.transitions) {
      for (const SpawnSpec& spec : tr.spawns) {
        ++spawns;
        EXPECT_NE(std::find(t.workflows.begin(), t.workflows.end(), spec.workflow), t.workflows.end())
            << t.id << " spawns " << spec.workflow << " but does not deploy it";
      }
    }
    EXPECT_GT(spawns, 0u) << t.id;
  }
}

TEST_F(DemoAccountsTest, CheckNamesTheAccountThatCannotAct) {
  DemoConfig bad = config_;
  bad.accounts[0].user.agency = "konkyu_soudan_x";
  Status s = CheckDemoAccounts(bad, defs_);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("maibara-intake"), std::string::npos) << s.ToString();

  bad = config_;
  bad.accounts[0].user.role = "jusou_kaigi";  // 福祉政策課 does not hold it
  s = CheckDemoAccounts(bad, defs_);
  EXPECT_NE(s.message().find("does not hold role 'jusou_kaigi'"), std::string::npos) << s.ToString();

  bad = config_;
  bad.accounts[0].user.role = "mayor";
  s = CheckDemoAccounts(bad, defs_);
  EXPECT_NE(s.message().find("role 'mayor'"), std::string::npos) << s.ToString();
}

TEST_F(DemoAccountsTest, LoginsTableListsEveryAccountWithJapaneseLabels) {
  for (DemoAccount& a : config_.accounts) a.password = *RandomPassword();
  const std::string table = RenderLoginsTable(config_, defs_);
  std::istringstream lines(table);
  std::string line;
  size_t account_lines = 0;
  while (std::getline(lines, line)) {
    for (const DemoAccount& a : config_.accounts) {
      if (line.find(" " + a.user.username + " ") == std::string::npos) continue;
      ++account_lines;
      EXPECT_NE(line.find(a.password), std::string::npos) << line;
      EXPECT_EQ(line.rfind(a.user.tenant + " ", 0), 0u) << line;
    }
  }
  EXPECT_EQ(account_lines, config_.accounts.size());
  EXPECT_NE(table.find("maibara-intake"), std::string::npos);
  EXPECT_NE(table.find("福祉政策課"), std::string::npos);
  EXPECT_NE(table.find("相談窓口（包括的相談支援）"), std::string::npos);
  EXPECT_NE(table.find("統括者（福祉部次長）"), std::string::npos);
  EXPECT_NE(table.find("監査担当"), std::string::npos);
  EXPECT_EQ(table.find("tenant_admin"), std::string::npos) << "account roles are shown by their labels";
}

}  // namespace
}  // namespace kasane::demo
