// Demo configuration for `kasane demo init`: five towns as tenants and one
// account per role a person works in, each with a fresh random password.
//
// Building the accounts is quick; hashing their passwords at the production
// iteration count is not, so it is a separate step (HashDemoPasswords).
// Plaintext passwords live only in DemoAccount, for the logins file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "app/config.h"
#include "security/password.h"
#include "util/status.h"

namespace kasane::demo {

// Account roles the server understands besides the workflow roles.
inline constexpr const char* kTenantAdminRole = "tenant_admin";  // edits workflows; sees no case data
inline constexpr const char* kAuditorRole = "auditor";           // reads the audit log only

// Length of generated passwords.
inline constexpr size_t kDemoPasswordLength = 20;

struct DemoPaths {
  std::string dir;            // holds kasane.yaml, kasane.db and logins.txt
  std::string workflows_dir;  // <workflows_dir>/<id>.yaml
  std::string plugins_dir;    // <plugins_dir>/<name>/plugin.lua
};

// One account: the user as configured (password_hash empty until hashed) and
// its plaintext password.
struct DemoAccount {
  UserConfig user;
  std::string password;
};

struct DemoConfig {
  ServerConfig server;          // server, database, dirs and tenants; users are in `accounts`
  std::vector<DemoAccount> accounts;  // tenant by tenant, in the order of server.tenants
};

// The demo tenants (each with its town's workflow and every sub-flow it
// spawns) and accounts with fresh passwords. Paths are used as given; pass
// absolute ones so the config works from any directory. Internal when the
// random generator fails.
Result<DemoConfig> NewDemoConfig(const DemoPaths& paths);

// A password of `length` characters from an alphabet without look-alikes
// (no 0/O, 1/l/I), drawn with RAND_bytes. Internal when that fails.
Result<std::string> RandomPassword(size_t length = kDemoPasswordLength);

// Called after each hash with (done, total); serialised, from the hashing threads.
using HashProgress = std::function<void(size_t done, size_t total)>;

// Fills every account's password_hash with security::HashPassword(password,
// iterations), spread over `threads` threads (at least one). Returns the first
// hashing error; hashes already made are kept.
Status HashDemoPasswords(DemoConfig* config, int iterations = security::kDefaultPasswordIterations,
                         int threads = 2, const HashProgress& progress = nullptr);

// The config with its accounts as users (the accounts' hashes, never their
// passwords), for the server.
ServerConfig ServerConfigWithUsers(const DemoConfig& config);

// YAML text that ParseServerConfig reads back as ServerConfigWithUsers(config).
std::string RenderConfigYaml(const DemoConfig& config);

}  // namespace kasane::demo
