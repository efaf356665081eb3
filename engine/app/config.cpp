#include "app/config.h"

#include <optional>
#include <set>
#include <utility>

#include "definition/yaml_document.h"
#include "definition/yaml_reader.h"
#include "util/text.h"

namespace kasane {
namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;

// Reads an integer key into *out when present, reporting values outside [lo, hi].
template <typename T>
void ReadBounded(MapReader* map, std::string_view key, int64_t lo, int64_t hi, T* out) {
  std::optional<int64_t> v;
  if (!map->ReadInt(key, &v)) return;
  if (*v < lo || *v > hi) {
    map->ValueError(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return;
  }
  *out = static_cast<T>(*v);
}

// server.tls: both files are required; whether they can be read is checked
// when the server starts.
void ReadTls(YamlReader* reader, const YAML::Node& node, ServerConfig* c) {
  MapReader m(reader, node, "'tls'", {{"certificate", true}, {"private_key", true}}, "in 'tls'");
  if (!m.ok()) return;
  auto read_path = [&m](std::string_view key, std::string* out) {
    if (m.ReadString(key, out) && out->empty()) m.ValueError(key, "must not be empty");
  };
  std::string certificate;
  std::string private_key;
  read_path("certificate", &certificate);
  read_path("private_key", &private_key);
  if (certificate.empty() || private_key.empty()) return;
  c->tls_certificate = certificate;
  c->tls_private_key = private_key;
}

void ReadServer(YamlReader* reader, const YAML::Node& node, ServerConfig* c) {
  MapReader m(reader, node, "'server'",
              {{"bind"}, {"port"}, {"max_threads"}, {"max_queued"}, {"max_body_bytes"},
               {"request_timeout_seconds"}, {"keep_alive_timeout_seconds"}, {"max_keep_alive_requests"},
               {"header_timeout_seconds"}, {"max_connections_per_address"}, {"max_header_fields"}, {"max_header_bytes"}, {"tls"},
               {"secure_cookies"}, {"session_idle_seconds"}, {"session_absolute_seconds"},
               {"login_max_failures"}, {"login_window_seconds"}, {"login_lockout_seconds"},
               {"login_max_failures_per_address"}, {"editor_slots_per_tenant"}, {"editor_slots_total"}, {"login_hash_slots"}},
              "in 'server'");
  if (!m.ok()) return;
  m.ReadString("bind", &c->bind);
  ReadBounded(&m, "port", 0, 65535, &c->port);
  ReadBounded(&m, "max_threads", 1, 1024, &c->max_threads);
  ReadBounded(&m, "max_queued", 1, 100000, &c->max_queued);
  ReadBounded(&m, "max_body_bytes", 1, int64_t{1} << 30, &c->max_body_bytes);
  ReadBounded(&m, "request_timeout_seconds", 1, 3600, &c->request_timeout_seconds);
  ReadBounded(&m, "keep_alive_timeout_seconds", 1, 3600, &c->keep_alive_timeout_seconds);
  ReadBounded(&m, "max_keep_alive_requests", 0, 1000000, &c->max_keep_alive_requests);
  ReadBounded(&m, "header_timeout_seconds", 1, 3600, &c->header_timeout_seconds);
  ReadBounded(&m, "max_connections_per_address", 0, 100000, &c->max_connections_per_address);
  ReadBounded(&m, "max_header_fields", 1, 100, &c->max_header_fields);  // the parser stops at 100
  ReadBounded(&m, "max_header_bytes", 256, 1 << 20, &c->max_header_bytes);
  if (m.HasValue("tls")) ReadTls(reader, m.Get("tls"), c);
  m.ReadBool("secure_cookies", &c->secure_cookies);
  ReadBounded(&m, "session_idle_seconds", 1, 7 * 24 * 3600, &c->session_idle_seconds);
  ReadBounded(&m, "session_absolute_seconds", 1, 30 * 24 * 3600, &c->session_absolute_seconds);
  ReadBounded(&m, "login_max_failures", 1, 1000, &c->login_max_failures);
  ReadBounded(&m, "login_window_seconds", 1, 24 * 3600, &c->login_window_seconds);
  ReadBounded(&m, "login_lockout_seconds", 1, 24 * 3600, &c->login_lockout_seconds);
  ReadBounded(&m, "login_max_failures_per_address", 1, 1000000, &c->login_max_failures_per_address);
  ReadBounded(&m, "editor_slots_per_tenant", 1, 64, &c->editor_slots_per_tenant);
  ReadBounded(&m, "editor_slots_total", 0, 1024, &c->editor_slots_total);
  ReadBounded(&m, "login_hash_slots", 1, 64, &c->login_hash_slots);
}

void ReadScheduler(YamlReader* reader, const YAML::Node& node, ServerConfig* c) {
  MapReader m(reader, node, "'scheduler'", {{"enabled"}, {"interval_seconds"}, {"batch"}}, "in 'scheduler'");
  if (!m.ok()) return;
  m.ReadBool("enabled", &c->scheduler_enabled);
  ReadBounded(&m, "interval_seconds", 1, 24 * 3600, &c->scheduler_interval_seconds);
  ReadBounded(&m, "batch", 1, 100000, &c->scheduler_batch);
}

void ReadDatabase(YamlReader* reader, const YAML::Node& node, ServerConfig* c) {
  MapReader m(reader, node, "'database'", {{"path"}, {"synchronous"}}, "in 'database'");
  if (!m.ok()) return;
  m.ReadString("path", &c->db_path);
  if (m.ReadString("synchronous", &c->synchronous) && c->synchronous != "FULL" &&
      c->synchronous != "NORMAL" && c->synchronous != "OFF") {
    m.ValueError("synchronous", "must be FULL, NORMAL or OFF");
  }
}

void ReadTenant(YamlReader* reader, const YAML::Node& node, ServerConfig* c) {
  MapReader m(reader, node, "a tenant", {{"id", true}, {"name"}, {"workflows"}}, "in a tenant");
  if (!m.ok()) return;
  TenantConfig t;
  m.ReadString("id", &t.id);
  if (m.HasValue("name")) {
    MapReader name(reader, m.Get("name"), "tenant name", {{"ja"}, {"en"}}, "in a tenant name");
    if (name.ok()) {
      name.ReadString("ja", &t.name_ja);
      name.ReadString("en", &t.name_en);
    }
  }
  m.ReadStringList("workflows", &t.workflows, nullptr);
  for (const TenantConfig& other : c->tenants) {
    if (other.id == t.id) m.ValueError("id", "repeats tenant '" + t.id + "'");
  }
  c->tenants.push_back(std::move(t));
}

void ReadUser(YamlReader* reader, const YAML::Node& node, ServerConfig* c) {
  MapReader m(reader, node, "a user",
              {{"tenant", true}, {"username", true}, {"password_hash", true}, {"role", true}, {"agency"}, {"name"}},
              "in a user");
  if (!m.ok()) return;
  UserConfig u;
  m.ReadString("tenant", &u.tenant);
  m.ReadString("username", &u.username);
  m.ReadString("password_hash", &u.password_hash);
  m.ReadString("role", &u.role);
  m.ReadString("agency", &u.agency);
  m.ReadString("name", &u.name);
  if (u.username == "system") m.ValueError("username", "'system' is reserved for the timer; choose another name");
  if (u.role == "system") m.ValueError("role", "'system' is reserved for the timer; no account may act as it");
  if (m.HasValue("password_hash") && !StartsWith(u.password_hash, "pbkdf2-sha256$")) {
    m.ValueError("password_hash", "must be a pbkdf2-sha256 encoding (never a plaintext password)");
  }
  bool tenant_known = false;
  std::vector<std::string> tenant_ids;
  for (const TenantConfig& t : c->tenants) {
    tenant_known = tenant_known || t.id == u.tenant;
    tenant_ids.push_back(t.id);
  }
  if (m.HasValue("tenant") && !tenant_known) {
    m.ValueError("tenant", "names no tenant in 'tenants'" + DidYouMeanSuffix(u.tenant, tenant_ids));
  }
  for (const UserConfig& other : c->users) {
    if (other.tenant == u.tenant && other.username == u.username) {
      m.ValueError("username", "repeats user '" + u.username + "' of tenant '" + u.tenant + "'");
    }
  }
  c->users.push_back(std::move(u));
}

// Calls read(node) for each item of the list at `key`.
template <typename F>
void ForEachItem(MapReader* top, std::string_view key, F read) {
  if (!top->HasValue(key)) return;
  YAML::Node list = top->Get(key);
  if (!list.IsSequence()) {
    top->ValueError(key, "must be a list, got " + YamlReader::Describe(list));
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) read(list[i]);
}

}  // namespace

bool ParseServerConfig(std::string_view text, const std::string& file, ServerConfig* config,
                       std::vector<Diagnostic>* diags) {
  const size_t before = diags->size();
  YAML::Node root;
  if (!LoadYamlDocument(text, file, YamlLimits{}, diags, &root)) return false;
  YamlReader reader(file, diags, text);
  MapReader top(&reader, root, "the server configuration",
                {{"server"}, {"database"}, {"scheduler"}, {"shared_workflows"}, {"workflows_dir"}, {"plugins_dir"}, {"scenarios_dir"}, {"web_root"}, {"tenants"},
                 {"users"}},
                "at the top level");
  if (top.ok()) {
    if (top.HasValue("server")) ReadServer(&reader, top.Get("server"), config);
    if (top.HasValue("database")) ReadDatabase(&reader, top.Get("database"), config);
    if (top.HasValue("scheduler")) ReadScheduler(&reader, top.Get("scheduler"), config);
    top.ReadString("workflows_dir", &config->workflows_dir);
    top.ReadString("plugins_dir", &config->plugins_dir);
    top.ReadString("scenarios_dir", &config->scenarios_dir);
    top.ReadString("web_root", &config->web_root);
    if (top.HasValue("shared_workflows")) {
      config->shared_workflows.clear();
      top.ReadStringList("shared_workflows", &config->shared_workflows, nullptr);
    }
    // Tenants first: users are checked against them.
    ForEachItem(&top, "tenants", [&](const YAML::Node& n) { ReadTenant(&reader, n, config); });
    ForEachItem(&top, "users", [&](const YAML::Node& n) { ReadUser(&reader, n, config); });
  }
  SortDiagnostics(diags);
  return diags->size() == before;
}

bool LoadServerConfigFile(const std::string& path, ServerConfig* config, std::vector<Diagnostic>* diags) {
  std::string text;
  std::string error;
  if (!ReadFileLimited(path, kMaxConfigBytes, &text, &error)) {
    diags->push_back({SourcePos{path, 0, 0}, "cannot read the configuration: " + error});
    return false;
  }
  return ParseServerConfig(text, path, config, diags);
}

bool ParsePort(const std::string& text, int* port) {
  if (text.empty() || text.size() > 5) return false;
  int value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
    value = value * 10 + (ch - '0');
  }
  if (value > 65535) return false;
  *port = value;
  return true;
}

bool ApplyEnvironment(const std::map<std::string, std::string>& env, ServerConfig* config,
                      std::vector<Diagnostic>* diags) {
  bool ok = true;
  if (auto it = env.find("KASANE_PORT"); it != env.end()) {
    if (!ParsePort(it->second, &config->port)) {
      diags->push_back({SourcePos{"KASANE_PORT", 0, 0}, "must be a port number (0-65535)"});
      ok = false;
    }
  }
  if (auto it = env.find("KASANE_BIND"); it != env.end() && !it->second.empty()) config->bind = it->second;
  if (auto it = env.find("KASANE_DB"); it != env.end() && !it->second.empty()) config->db_path = it->second;
  return ok;
}

}  // namespace kasane
