// ServerConfig: everything `kasane serve` is started with, read from one YAML
// file and then overridden by the environment and by command-line flags
// (flags win over the environment, which wins over the file).
//
// Loading never throws. Every problem (unknown key with a did-you-mean, wrong
// type, value out of range) is reported as a Diagnostic with FILE:LINE:COL.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "definition/diagnostic.h"

namespace kasane {

struct TenantConfig {
  std::string id;
  std::string name_ja;
  std::string name_en;
  std::vector<std::string> workflows;  // workflow ids, looked up as <workflows_dir>/<id>.yaml
};

// One account. password_hash is a security::HashPassword encoding; the
// plaintext password never appears in a config. Neither username nor role
// may be "system": the timer acts under that name, and no account can.
struct UserConfig {
  std::string tenant;
  std::string username;
  std::string password_hash;
  std::string role;
  std::string agency;
  std::string name;
};

struct ServerConfig {
  // server
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port (tests)
  // Poco serves each connection on a thread, and a browser keeps up to six
  // open (kept alive between requests): threads are cheap, so many.
  int max_threads = 32;
  int max_queued = 64;
  int64_t max_body_bytes = 1 << 20;
  int request_timeout_seconds = 30;
  int keep_alive_timeout_seconds = 10;
  int max_keep_alive_requests = 100;
  // The request line and headers must arrive within this from the
  // connection's first byte (or the end of the previous response plus the
  // keep-alive wait); the body then has request_timeout_seconds.
  int header_timeout_seconds = 10;
  // Connections one client address may have open (served or queued) when the
  // server is busy: beyond it, and while three quarters of max_threads are
  // taken, its connections are answered 503 at once, so a quarter of the
  // threads stays for clients within their share. 0: max_threads / 4 (at
  // least 1), room for a browser (it keeps up to six open). Behind a reverse proxy every request comes from
  // the proxy's address: raise it to max_threads and let the proxy limit
  // clients (docs/server.md).
  int max_connections_per_address = 0;
  // Request headers beyond either limit are answered 431. The HTTP parser
  // itself refuses (400) more than 100 fields, a field name over 256 bytes, a
  // value over 8192 bytes and a request line URI over 16384 bytes.
  int max_header_fields = 64;     // 1..100
  int max_header_bytes = 8192;    // names + values of all fields, each counted with ": " and CRLF
  bool secure_cookies = false;  // adds "; Secure" to the session cookie (behind TLS)
  // server.tls: PEM certificate (chain) and unencrypted PEM private key; both
  // or neither. With them the server speaks only HTTPS (TLS 1.2+), forces
  // secure_cookies on and sends Strict-Transport-Security. The files are read
  // by HttpServer::Start.
  std::string tls_certificate;
  std::string tls_private_key;
  int64_t session_idle_seconds = 30 * 60;
  int64_t session_absolute_seconds = 12 * 60 * 60;
  // Login throttling: after this many failures for one account within the
  // window, its logins are refused for the lockout period.
  int login_max_failures = 5;
  int64_t login_window_seconds = 15 * 60;
  int64_t login_lockout_seconds = 15 * 60;
  // Failed logins from one client address (any account) within the window
  // before further attempts from it are refused without checking a password:
  // guessing many names costs no password hashing. Generous, since an office
  // behind one NAT or a reverse proxy shares an address.
  int login_max_failures_per_address = 100;
  // Editor operations (validate, diagram, scenarios, deploy, reload) one
  // tenant may run at once; more are answered 429. Keep it below max_threads.
  int editor_slots_per_tenant = 2;
  // Editor operations of all tenants together; 0: half of max_threads (at
  // least 1), so editors never take the threads that serve case work.
  int editor_slots_total = 0;
  // Password checks (PBKDF2, deliberately slow) running at once, server-wide;
  // a login beyond them is answered 503 with Retry-After.
  int login_hash_slots = 4;
  // scheduler: how often the server fires due timers (it also does at start,
  // catching up on the downtime). Disabled, time passes only for the timers a
  // caller fires itself (tests, tools).
  bool scheduler_enabled = true;
  int scheduler_interval_seconds = 60;
  int scheduler_batch = 500;  // timers per run; a full batch is followed by the next at once
  // database
  std::string db_path = "kasane.db";
  std::string synchronous = "FULL";
  // definitions
  std::string workflows_dir = "workflows";
  std::string plugins_dir = "plugins";
  // Scenario files of each workflow, <scenarios_dir>/<workflow id>/*.yaml,
  // run by POST /api/v1/workflows/{id}/scenarios.
  std::string scenarios_dir = "tests/scenarios";
  // The built browser console (web_admin/dist); empty serves no console.
  std::string web_root = "web_admin/dist";
  // Workflows any tenant's workflow may `extends` (the national bases). A
  // tenant's workflow may otherwise extend or spawn only its own tenant's
  // workflows (tenants[].workflows), so that no tenant builds on, or reads
  // through its own sources, another tenant's flow.
  std::vector<std::string> shared_workflows = {"national", "outreach", "participation"};
  std::vector<TenantConfig> tenants;
  std::vector<UserConfig> users;
};

// Parses `text` (reported as `file`) over the defaults. Appends a diagnostic
// per problem; returns false when there was any.
bool ParseServerConfig(std::string_view text, const std::string& file, ServerConfig* config,
                       std::vector<Diagnostic>* diags);

// Reads and parses the file at `path`.
bool LoadServerConfigFile(const std::string& path, ServerConfig* config, std::vector<Diagnostic>* diags);

// Overrides from KASANE_PORT, KASANE_BIND and KASANE_DB, as given in `env`
// (name -> value; the caller reads the process environment). A malformed
// value is reported and leaves the setting unchanged.
bool ApplyEnvironment(const std::map<std::string, std::string>& env, ServerConfig* config,
                      std::vector<Diagnostic>* diags);

// Parses a TCP port (0..65535); false for anything else.
bool ParsePort(const std::string& text, int* port);

}  // namespace kasane
