#include "demo/demo_accounts.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace kasane::demo {
namespace {

bool IsAccountRole(const std::string& role) { return role == kTenantAdminRole || role == kAuditorRole; }

std::string RoleLabel(const std::string& role, const Definition* def) {
  if (role == kTenantAdminRole) return "自治体管理者（ワークフロー編集・テナント管理）";
  if (role == kAuditorRole) return "監査担当（監査ログの閲覧）";
  const Role* r = def != nullptr ? def->FindRole(role) : nullptr;
  return r != nullptr ? r->label.Preferred(role) : role;
}

std::string AgencyLabel(const std::string& agency, const Definition* def) {
  if (agency.empty()) return "—";
  const Agency* a = def != nullptr ? def->FindAgency(agency) : nullptr;
  return a != nullptr ? a->label.Preferred(agency) : agency;
}

// Terminal columns of UTF-8 text: East Asian wide and fullwidth characters take two.
size_t DisplayWidth(const std::string& s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? lead : len == 2 ? (lead & 0x1Fu) : len == 3 ? (lead & 0x0Fu) : (lead & 0x07u);
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

const Definition* Find(const MainDefinitions& defs, const std::string& tenant) {
  auto it = defs.find(tenant);
  return it != defs.end() ? it->second.main.get() : nullptr;
}

bool Holds(const Agency& agency, const std::string& role) {
  return std::find(agency.roles.begin(), agency.roles.end(), role) != agency.roles.end();
}

// OK when `u` can act in `def`: its role is not declared there, or its agency
// is there and holds the role.
Status CheckInSpawnedFlow(const UserConfig& u, const Definition& def) {
  if (IsAccountRole(u.role) || def.FindRole(u.role) == nullptr) return Status::OK();
  const Agency* agency = def.FindAgency(u.agency);
  if (agency == nullptr) {
    return Status::InvalidArgument(u.username + ": agency '" + u.agency + "' is not in workflow '" + def.id +
                                   "', which has role '" + u.role + "'");
  }
  if (!Holds(*agency, u.role)) {
    return Status::InvalidArgument(u.username + ": agency '" + u.agency + "' does not hold role '" + u.role +
                                   "' in workflow '" + def.id + "'");
  }
  return Status::OK();
}

}  // namespace

Result<MainDefinitions> ActiveMainDefinitions(const DemoConfig& config, const WorkflowRegistry& registry) {
  MainDefinitions out;
  for (const TenantConfig& t : config.server.tenants) {
    if (t.workflows.empty()) return Status::InvalidArgument("tenant '" + t.id + "' has no workflows");
    TenantDefinitions& defs = out[t.id];
    for (const std::string& workflow : t.workflows) {
      auto active = registry.Active(t.id, workflow);
      if (!active.ok()) return active.status();
      if (defs.main == nullptr) {
        defs.main = active->second->definition;
      } else {
        defs.spawned.push_back(active->second->definition);
      }
    }
  }
  return out;
}

Status CheckDemoAccounts(const DemoConfig& config, const MainDefinitions& definitions) {
  for (const DemoAccount& a : config.accounts) {
    const UserConfig& u = a.user;
    const Definition* def = Find(definitions, u.tenant);
    if (def == nullptr) return Status::InvalidArgument(u.username + ": no workflow for tenant '" + u.tenant + "'");
    if (!IsAccountRole(u.role) && def->FindRole(u.role) == nullptr) {
      return Status::InvalidArgument(u.username + ": role '" + u.role + "' is not in workflow '" + def->id + "'");
    }
    if (u.agency.empty()) {
      if (IsAccountRole(u.role)) continue;
      return Status::InvalidArgument(u.username + ": a workflow role needs an agency");
    }
    const Agency* agency = def->FindAgency(u.agency);
    if (agency == nullptr) {
      return Status::InvalidArgument(u.username + ": agency '" + u.agency + "' is not in workflow '" + def->id + "'");
    }
    if (!IsAccountRole(u.role) && !Holds(*agency, u.role)) {
      return Status::InvalidArgument(u.username + ": agency '" + u.agency + "' does not hold role '" + u.role + "'");
    }
    for (const DefinitionPtr& spawned : definitions.at(u.tenant).spawned) {
      KASANE_RETURN_IF_ERROR(CheckInSpawnedFlow(u, *spawned));
    }
  }
  return Status::OK();
}

std::string RenderLoginsTable(const DemoConfig& config, const MainDefinitions& definitions) {
  using Row = std::array<std::string, 5>;
  std::vector<Row> rows = {Row{"tenant", "username", "password", "role（役割）", "agency（所属）"}};
  for (const DemoAccount& a : config.accounts) {
    const Definition* def = Find(definitions, a.user.tenant);
    std::string tenant = a.user.tenant;
    for (const TenantConfig& t : config.server.tenants) {
      if (t.id == tenant) tenant += " " + t.name_ja;
    }
    rows.push_back(Row{tenant, a.user.username, a.password, RoleLabel(a.user.role, def),
                       AgencyLabel(a.user.agency, def)});
  }
  std::array<size_t, 5> widths{};
  for (const Row& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(r[c]));
  }
  std::string out;
  out += "# kasane demo — ログイン情報 / logins\n";
  out += "# Keep this file private: the passwords are nowhere else (kasane.yaml holds only their hashes).\n";
  out += "# Log in with tenant, username and password, e.g. POST /api/v1/login.\n\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (size_t c = 0; c < rows[i].size(); ++c) {
      line += rows[i][c];
      if (c + 1 < rows[i].size()) line += std::string(widths[c] - DisplayWidth(rows[i][c]) + 2, ' ');
    }
    out += line + "\n";
    // A blank line between tenants keeps the table readable.
    if (i > 0 && i + 1 < rows.size() && config.accounts[i - 1].user.tenant != config.accounts[i].user.tenant) {
      out += "\n";
    }
  }
  return out;
}

}  // namespace kasane::demo
