// RenderConfigYaml: the demo's kasane.yaml. Every string is double-quoted so
// paths and names round-trip whatever characters they hold.
#include <cstdio>
#include <string>
#include <vector>

#include "demo/demo_config.h"

namespace kasane::demo {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += ch;  // UTF-8 passes through unchanged
    }
  }
  return out + "\"";
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + Quote(items[i]);
  return out + "]";
}

}  // namespace

std::string RenderConfigYaml(const DemoConfig& config) {
  const ServerConfig server = ServerConfigWithUsers(config);
  std::string y;
  y += "# kasane demo configuration, written by `kasane demo init`.\n";
  y += "# Start with: kasane serve --config THIS_FILE\n";
  y += "# The passwords are in logins.txt next to this file; here are only their hashes.\n";
  y += "server:\n";
  y += "  bind: " + Quote(server.bind) + "\n";
  y += "  port: " + std::to_string(server.port) + "\n";
  y += "database:\n";
  y += "  path: " + Quote(server.db_path) + "\n";
  y += "  synchronous: " + Quote(server.synchronous) + "\n";
  y += "workflows_dir: " + Quote(server.workflows_dir) + "\n";
  y += "plugins_dir: " + Quote(server.plugins_dir) + "\n";
  y += "tenants:\n";
  for (const TenantConfig& t : server.tenants) {
    y += "  - id: " + Quote(t.id) + "\n";
    y += "    name: { ja: " + Quote(t.name_ja) + ", en: " + Quote(t.name_en) + " }\n";
    y += "    workflows: " + QuotedList(t.workflows) + "\n";
  }
  y += "users:\n";
  for (const UserConfig& u : server.users) {
    y += "  - tenant: " + Quote(u.tenant) + "\n";
    y += "    username: " + Quote(u.username) + "\n";
    y += "    password_hash: " + Quote(u.password_hash) + "\n";
    y += "    role: " + Quote(u.role) + "\n";
    if (!u.agency.empty()) y += "    agency: " + Quote(u.agency) + "\n";
    y += "    name: " + Quote(u.name) + "\n";
  }
  return y;
}

}  // namespace kasane::demo
