#include "demo/demo_accounts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>

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
    const UserConfig& u = a.user;
    SCOPED_TRACE(u.username);
    ASSERT_EQ(defs_.count(u.tenant), 1u);
    const Definition& def = *defs_.at(u.tenant).main;
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
  for (const TenantConfig& t : config_.server.tenants) {
    const Definition& def = *defs_.at(t.id).main;
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

// The engine checks an actor against the case's own definition, so an account
// must also fit every sub-flow its tenant deploys that declares its role.
TEST_F(DemoAccountsTest, EveryAccountCanActInEveryWorkflowOfItsTenantWhereItsRoleExists) {
  std::set<std::string> cannot_act;
  std::map<std::string, size_t> checked;  // sub-flow id -> accounts whose role it declares
  for (const DemoAccount& a : config_.accounts) {
    const UserConfig& u = a.user;
    if (u.role == "tenant_admin" || u.role == "auditor") continue;
    for (const DefinitionPtr& def : defs_.at(u.tenant).spawned) {
      if (def->FindRole(u.role) == nullptr) continue;
      ++checked[def->id];
      const Agency* agency = def->FindAgency(u.agency);
      if (agency == nullptr || !Holds(*agency, u.role)) cannot_act.insert(u.username + " in " + def->id);
    }
  }
  EXPECT_EQ(cannot_act, std::set<std::string>{});
  // Each town sub-flow was checked against the accounts whose role it declares.
  EXPECT_EQ(checked["fussa-outreach"], 3u);          // takikan, shienkaigi, outreach
  EXPECT_EQ(checked["fussa-participation"], 3u);     // takikan, support, participation
  EXPECT_EQ(checked["toyonaka-outreach"], 3u);       // takikan, shienkaigi, outreach
  EXPECT_EQ(checked["toyonaka-participation"], 3u);  // takikan, support, participation
}

// A town's sub-flows hold the town's agencies: every agency of the town's flow
// that holds a role the sub-flow declares is there with that role, and the
// sub-flow has no agency the town does not have.
TEST_F(DemoAccountsTest, TownSubFlowsHaveTheTownsAgenciesForTheirRoles) {
  for (const char* tenant : {"fussa", "toyonaka"}) {
    const TenantDefinitions& defs = defs_.at(tenant);
    ASSERT_EQ(defs.spawned.size(), 2u) << tenant;
    for (const DefinitionPtr& sub : defs.spawned) {
      SCOPED_TRACE(sub->id);
      EXPECT_EQ(sub->id.rfind(std::string(tenant) + "-", 0), 0u);
      for (const Agency& town_agency : defs.main->agencies) {
        for (const std::string& role : town_agency.roles) {
          if (sub->FindRole(role) == nullptr) continue;
          const Agency* there = sub->FindAgency(town_agency.id);
          ASSERT_NE(there, nullptr) << town_agency.id << " holds " << role;
          EXPECT_TRUE(Holds(*there, role)) << town_agency.id << " does not hold " << role;
        }
      }
      for (const Agency& agency : sub->agencies) {
        const Agency* in_town = defs.main->FindAgency(agency.id);
        ASSERT_NE(in_town, nullptr) << agency.id << " is not one of the town's agencies";
        for (const std::string& role : agency.roles) {
          EXPECT_TRUE(Holds(*in_town, role)) << agency.id << " holds " << role << " only in the sub-flow";
        }
      }
    }
  }
}

TEST_F(DemoAccountsTest, CheckNamesTheAccountThatCannotActInASubFlow) {
  // Fussa with the shared sub-flows, as before it had its own.
  MainDefinitions shared = defs_;
  shared["fussa"].spawned = defs_.at("maibara").spawned;
  Status s = CheckDemoAccounts(config_, shared);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("fussa-support: agency 'kaigo_fukushi' is not in workflow 'participation'"),
            std::string::npos)
      << s.ToString();

  DemoConfig without_support = config_;
  auto& accounts = without_support.accounts;
  accounts.erase(std::remove_if(accounts.begin(), accounts.end(),
                                [](const DemoAccount& a) { return a.user.username == "fussa-support"; }),
                 accounts.end());
  s = CheckDemoAccounts(without_support, shared);
  EXPECT_NE(s.message().find("fussa-outreach: agency 'takikan_jimukyoku' does not hold role 'outreach_worker' in "
                             "workflow 'outreach'"),
            std::string::npos)
      << s.ToString();
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
