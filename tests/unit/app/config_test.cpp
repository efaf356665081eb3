#include "app/config.h"

#include <gtest/gtest.h>

namespace kasane {
namespace {

std::string Joined(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const Diagnostic& d : diags) out += d.ToString() + "\n";
  return out;
}

TEST(ServerConfigTest, ReadsEveryKey) {
  const std::string text =
      "server:\n"
      "  bind: 0.0.0.0\n"
      "  port: 9090\n"
      "  max_threads: 4\n"
      "  max_body_bytes: 2048\n"
      "  secure_cookies: true\n"
      "database: { path: /var/lib/kasane/k.db, synchronous: NORMAL }\n"
      "workflows_dir: wf\n"
      "plugins_dir: pl\n"
      "tenants:\n"
      "  - id: toyonaka\n"
      "    name: { ja: 豊中市, en: Toyonaka }\n"
      "    workflows: [national]\n"
      "users:\n"
      "  - { tenant: toyonaka, username: sato, password_hash: 'pbkdf2-sha256$1000$a$b', role: window }\n";
  ServerConfig c;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ParseServerConfig(text, "k.yaml", &c, &diags)) << Joined(diags);
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.max_threads, 4);
  EXPECT_EQ(c.max_queued, 64);
  EXPECT_EQ(c.max_body_bytes, 2048);
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_EQ(c.db_path, "/var/lib/kasane/k.db");
  EXPECT_EQ(c.synchronous, "NORMAL");
  EXPECT_EQ(c.workflows_dir, "wf");
  ASSERT_EQ(c.tenants.size(), 1u);
  EXPECT_EQ(c.tenants[0].name_ja, "豊中市");
  EXPECT_EQ(c.tenants[0].workflows, std::vector<std::string>{"national"});
  ASSERT_EQ(c.users.size(), 1u);
  EXPECT_EQ(c.users[0].role, "window");
}

TEST(ServerConfigTest, UnknownKeyIsReportedWithPositionAndSuggestion) {
  ServerConfig c;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(ParseServerConfig("server:\n  bind: 127.0.0.1\n  prot: 8080\n", "serve.yaml", &c, &diags));
  EXPECT_EQ(Joined(diags), "serve.yaml:3:3: error: unknown key 'prot' in 'server' (did you mean 'port'?)\n");
}

TEST(ServerConfigTest, EveryProblemIsListed) {
  ServerConfig c;
  std::vector<Diagnostic> diags;
  const std::string text =
      "server: { port: 70000 }\n"
      "databse: {}\n"
      "users:\n"
      "  - { tenant: nowhere, username: a, password_hash: secret, role: r }\n";
  EXPECT_FALSE(ParseServerConfig(text, "k.yaml", &c, &diags));
  EXPECT_EQ(Joined(diags),
            "k.yaml:1:17: error: 'port' must be between 0 and 65535\n"
            "k.yaml:2:1: error: unknown key 'databse' at the top level (did you mean 'database'?)\n"
            "k.yaml:4:15: error: 'tenant' names no tenant in 'tenants'\n"
            "k.yaml:4:52: error: 'password_hash' must be a pbkdf2-sha256 encoding (never a plaintext password)\n");
}

TEST(ServerConfigTest, ReadsTlsAndHeaderLimits) {
  ServerConfig defaults;
  EXPECT_EQ(defaults.max_header_fields, 64);
  EXPECT_EQ(defaults.max_header_bytes, 8192);
  EXPECT_TRUE(defaults.tls_certificate.empty());
  const std::string text =
      "server:\n"
      "  max_header_fields: 32\n"
      "  max_header_bytes: 4096\n"
      "  tls:\n"
      "    certificate: /etc/kasane/cert.pem\n"
      "    private_key: /etc/kasane/key.pem\n";
  ServerConfig c;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ParseServerConfig(text, "k.yaml", &c, &diags)) << Joined(diags);
  EXPECT_EQ(c.max_header_fields, 32);
  EXPECT_EQ(c.max_header_bytes, 4096);
  EXPECT_EQ(c.tls_certificate, "/etc/kasane/cert.pem");
  EXPECT_EQ(c.tls_private_key, "/etc/kasane/key.pem");
}

TEST(ServerConfigTest, TlsNeedsBothFiles) {
  ServerConfig c;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(ParseServerConfig("server:\n  tls: { certificate: cert.pem }\n", "k.yaml", &c, &diags));
  EXPECT_EQ(Joined(diags), "k.yaml:2:8: error: missing required key 'private_key' in 'tls'\n");
  EXPECT_TRUE(c.tls_certificate.empty());

  diags.clear();
  EXPECT_FALSE(ParseServerConfig("server:\n  tls: { certificate: '', private_key: key.pem, ca: x }\n", "k.yaml",
                                 &c, &diags));
  EXPECT_EQ(Joined(diags),
            "k.yaml:2:23: error: 'certificate' must not be empty\n"
            "k.yaml:2:49: error: unknown key 'ca' in 'tls'\n");
  EXPECT_TRUE(c.tls_private_key.empty());
}

TEST(ServerConfigTest, HeaderLimitsAreBounded) {
  ServerConfig c;
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(ParseServerConfig("server:\n  max_header_fields: 101\n  max_header_bytes: 100\n", "k.yaml", &c,
                                 &diags));
  EXPECT_EQ(Joined(diags),
            "k.yaml:2:22: error: 'max_header_fields' must be between 1 and 100\n"
            "k.yaml:3:21: error: 'max_header_bytes' must be between 256 and 1048576\n");
  EXPECT_EQ(c.max_header_fields, 64);
}

TEST(ServerConfigTest, EnvironmentOverridesTheFile) {
  ServerConfig c;
  c.port = 9000;
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(ApplyEnvironment({{"KASANE_PORT", "9100"}, {"KASANE_DB", "/tmp/x.db"}}, &c, &diags));
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.db_path, "/tmp/x.db");
  EXPECT_EQ(c.bind, "127.0.0.1");
  EXPECT_FALSE(ApplyEnvironment({{"KASANE_PORT", "80a"}}, &c, &diags));
  EXPECT_EQ(c.port, 9100);
  ASSERT_EQ(diags.size(), 1u);
}

TEST(ServerConfigTest, TheSchedulerIsOnEveryMinuteUnlessConfigured) {
  ServerConfig defaults;
  EXPECT_TRUE(defaults.scheduler_enabled);
  EXPECT_EQ(defaults.scheduler_interval_seconds, 60);
  ServerConfig c;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ParseServerConfig("scheduler: { enabled: false, interval_seconds: 5, batch: 50 }\n", "k.yaml", &c,
                                &diags))
      << Joined(diags);
  EXPECT_FALSE(c.scheduler_enabled);
  EXPECT_EQ(c.scheduler_interval_seconds, 5);
  EXPECT_EQ(c.scheduler_batch, 50);
  diags.clear();
  EXPECT_FALSE(ParseServerConfig("scheduler: { interval_seconds: 0 }\n", "k.yaml", &c, &diags));
  EXPECT_NE(Joined(diags).find("must be between 1 and 86400"), std::string::npos) << Joined(diags);
}

TEST(ServerConfigTest, NoAccountMayBeNamedOrRoledSystem) {
  ServerConfig c;
  std::vector<Diagnostic> diags;
  const std::string text =
      "tenants: [ { id: t1, workflows: [national] } ]\n"
      "users:\n"
      "  - { tenant: t1, username: system, password_hash: 'pbkdf2-sha256$1000$a$b', role: window }\n"
      "  - { tenant: t1, username: sato, password_hash: 'pbkdf2-sha256$1000$a$b', role: system }\n";
  EXPECT_FALSE(ParseServerConfig(text, "k.yaml", &c, &diags));
  const std::string all = Joined(diags);
  EXPECT_NE(all.find("k.yaml:3:"), std::string::npos) << all;
  EXPECT_NE(all.find("'system' is reserved for the timer; choose another name"), std::string::npos) << all;
  EXPECT_NE(all.find("k.yaml:4:"), std::string::npos) << all;
  EXPECT_NE(all.find("'system' is reserved for the timer; no account may act as it"), std::string::npos) << all;
}

}  // namespace
}  // namespace kasane
