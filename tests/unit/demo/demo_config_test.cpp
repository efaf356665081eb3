#include "demo/demo_config.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace kasane::demo {
namespace {

// Tests hash with the lowest accepted count: same code path, fast.
constexpr int kTestIterations = security::kMinPasswordIterations;
constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

DemoPaths TestPaths() { return {"/srv/demo dir", "/src/kasane/workflows", "/src/kasane/plugins"}; }

DemoConfig HashedConfig() {
  Result<DemoConfig> c = NewDemoConfig(TestPaths());
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(HashDemoPasswords(&*c, kTestIterations, 2).ok());
  return *c;
}

std::string Joined(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const Diagnostic& d : diags) out += d.ToString() + "\n";
  return out;
}

TEST(DemoConfigTest, FiveTownsEachWithTheSubFlowsTheySpawn) {
  Result<DemoConfig> c = NewDemoConfig(TestPaths());
  ASSERT_TRUE(c.ok());
  // Fussa and Toyonaka spawn their own sub-flows (their agencies); the others the shared ones.
  const std::map<std::string, std::vector<std::string>> workflows = {
      {"maibara", {"maibara", "outreach", "participation"}},
      {"sakata", {"sakata", "outreach", "participation"}},
      {"toyonaka", {"toyonaka", "toyonaka-outreach", "toyonaka-participation"}},
      {"fussa", {"fussa", "fussa-outreach", "fussa-participation"}},
      {"nagaokakyo", {"nagaokakyo", "outreach", "participation"}},
  };
  std::vector<std::string> ids;
  for (const TenantConfig& t : c->server.tenants) {
    ids.push_back(t.id);
    EXPECT_FALSE(t.name_ja.empty());
    EXPECT_FALSE(t.name_en.empty());
    ASSERT_EQ(workflows.count(t.id), 1u) << t.id;
    EXPECT_EQ(t.workflows, workflows.at(t.id));
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"maibara", "sakata", "toyonaka", "fussa", "nagaokakyo"}));
  EXPECT_EQ(c->server.bind, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->server.db_path, "/srv/demo dir/kasane.db");
  EXPECT_EQ(c->server.workflows_dir, "/src/kasane/workflows");
  EXPECT_EQ(c->server.plugins_dir, "/src/kasane/plugins");
}

TEST(DemoConfigTest, EveryTenantHasTheRolesPeopleLogInWith) {
  Result<DemoConfig> c = NewDemoConfig(TestPaths());
  ASSERT_TRUE(c.ok());
  std::map<std::string, std::multiset<std::string>> roles;
  std::set<std::string> usernames;
  for (const DemoAccount& a : c->accounts) {
    roles[a.user.tenant].insert(a.user.role);
    EXPECT_TRUE(usernames.insert(a.user.username).second) << "repeated " << a.user.username;
    EXPECT_EQ(a.user.username.rfind(a.user.tenant + "-", 0), 0u) << a.user.username;
    EXPECT_FALSE(a.user.name.empty());
    EXPECT_TRUE(a.user.password_hash.empty()) << "hashed only by HashDemoPasswords";
  }
  ASSERT_EQ(roles.size(), 5u);
  for (const auto& [tenant, r] : roles) {
    for (const char* role : {"intake_agency", "takikan", "support_agency", "jusou_kaigi"}) {
      EXPECT_EQ(r.count(role), 1u) << tenant << " " << role;
    }
    EXPECT_EQ(r.count(kTenantAdminRole), 1u) << tenant;
    EXPECT_EQ(r.count(kAuditorRole), 1u) << tenant;
  }
  // Sakata runs no 支援会議, outreach or participation support in FY2023.
  EXPECT_EQ(roles["sakata"].count("shien_kaigi"), 0u);
  EXPECT_EQ(roles["maibara"].count("shien_kaigi"), 1u);
  EXPECT_EQ(roles["fussa"].count("outreach_worker"), 1u);
  EXPECT_EQ(roles["toyonaka"].count("toukatsu"), 1u);
  EXPECT_EQ(roles["fussa"].count("suishinin"), 1u);
}

TEST(DemoConfigTest, RandomPasswordsUseTheWholeSafeAlphabetAndNeverRepeat) {
  std::set<std::string> seen;
  std::set<char> used;
  for (int i = 0; i < 200; ++i) {
    Result<std::string> p = RandomPassword();
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->size(), kDemoPasswordLength);
    for (char ch : *p) {
      ASSERT_NE(kAlphabet.find(ch), std::string_view::npos) << "unexpected '" << ch << "' in " << *p;
      used.insert(ch);
    }
    EXPECT_TRUE(seen.insert(*p).second);
  }
  // 4000 draws over 57 characters: every one appears unless the draw is biased.
  EXPECT_EQ(used.size(), kAlphabet.size());
  for (char lookalike : std::string("0O1lI")) EXPECT_EQ(used.count(lookalike), 0u);
  Result<std::string> longer = RandomPassword(32);
  ASSERT_TRUE(longer.ok());
  EXPECT_EQ(longer->size(), 32u);
}

TEST(DemoConfigTest, PasswordsVerifyAgainstTheirHashes) {
  DemoConfig c = HashedConfig();
  ASSERT_FALSE(c.accounts.empty());
  for (const DemoAccount& a : c.accounts) {
    EXPECT_EQ(a.user.password_hash.rfind("pbkdf2-sha256$" + std::to_string(kTestIterations) + "$", 0), 0u);
    EXPECT_TRUE(security::VerifyPassword(a.password, a.user.password_hash)) << a.user.username;
    EXPECT_FALSE(security::VerifyPassword(a.password + "x", a.user.password_hash)) << a.user.username;
  }
  // Each account has its own password.
  EXPECT_FALSE(security::VerifyPassword(c.accounts[0].password, c.accounts[1].user.password_hash));
}

TEST(DemoConfigTest, HashingReportsProgressOncePerAccount) {
  Result<DemoConfig> c = NewDemoConfig(TestPaths());
  ASSERT_TRUE(c.ok());
  std::vector<size_t> done;
  size_t reported_total = 0;
  ASSERT_TRUE(HashDemoPasswords(&*c, kTestIterations, 3, [&](size_t d, size_t total) {
                done.push_back(d);
                reported_total = total;
              }).ok());
  ASSERT_EQ(done.size(), c->accounts.size());
  for (size_t i = 0; i < done.size(); ++i) EXPECT_EQ(done[i], i + 1);
  EXPECT_EQ(reported_total, c->accounts.size());
}

TEST(DemoConfigTest, HashingFailsOnABadIterationCount) {
  Result<DemoConfig> c = NewDemoConfig(TestPaths());
  ASSERT_TRUE(c.ok());
  Status s = HashDemoPasswords(&*c, 10, 2);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  for (const DemoAccount& a : c->accounts) EXPECT_TRUE(a.user.password_hash.empty());
}

TEST(DemoConfigTest, TheYamlParsesBackWithoutDiagnostics) {
  DemoConfig c = HashedConfig();
  const std::string yaml = RenderConfigYaml(c);
  ServerConfig parsed;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ParseServerConfig(yaml, "kasane.yaml", &parsed, &diags)) << Joined(diags) << yaml;
  EXPECT_TRUE(diags.empty()) << Joined(diags);
  EXPECT_EQ(parsed.bind, "127.0.0.1");
  EXPECT_EQ(parsed.port, 8080);
  EXPECT_EQ(parsed.db_path, "/srv/demo dir/kasane.db");
  EXPECT_EQ(parsed.workflows_dir, "/src/kasane/workflows");
  EXPECT_EQ(parsed.plugins_dir, "/src/kasane/plugins");
  ASSERT_EQ(parsed.tenants.size(), c.server.tenants.size());
  for (size_t i = 0; i < parsed.tenants.size(); ++i) {
    EXPECT_EQ(parsed.tenants[i].id, c.server.tenants[i].id);
    EXPECT_EQ(parsed.tenants[i].name_ja, c.server.tenants[i].name_ja);
    EXPECT_EQ(parsed.tenants[i].name_en, c.server.tenants[i].name_en);
    EXPECT_EQ(parsed.tenants[i].workflows, c.server.tenants[i].workflows);
  }
  ASSERT_EQ(parsed.users.size(), c.accounts.size());
  for (size_t i = 0; i < parsed.users.size(); ++i) {
    const UserConfig& want = c.accounts[i].user;
    const UserConfig& got = parsed.users[i];
    EXPECT_EQ(got.tenant, want.tenant);
    EXPECT_EQ(got.username, want.username);
    EXPECT_EQ(got.password_hash, want.password_hash);
    EXPECT_EQ(got.role, want.role);
    EXPECT_EQ(got.agency, want.agency);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(yaml.find(c.accounts[i].password), std::string::npos) << "plaintext password in the config";
  }
}

TEST(DemoConfigTest, QuotingSurvivesAwkwardPaths) {
  Result<DemoConfig> c = NewDemoConfig({"/tmp/a \"quoted\" dir\\x", "/w: #not a comment", "/p\tq"});
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(HashDemoPasswords(&*c, kTestIterations, 2).ok());
  ServerConfig parsed;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ParseServerConfig(RenderConfigYaml(*c), "kasane.yaml", &parsed, &diags)) << Joined(diags);
  EXPECT_EQ(parsed.db_path, "/tmp/a \"quoted\" dir\\x/kasane.db");
  EXPECT_EQ(parsed.workflows_dir, "/w: #not a comment");
  EXPECT_EQ(parsed.plugins_dir, "/p\tq");
}

}  // namespace
}  // namespace kasane::demo
