#include "http/directory_handlers.h"

#include <set>

#include "http/definition_json.h"
#include "http/workflow_handlers.h"

namespace kasane::http {
namespace {

Reply ListUsers(const ApiCall& call) {
  Array users;
  for (const UserConfig& u : call.ctx.config->users) {
    if (u.tenant != call.session.tenant) continue;
    Value user;
    user["username"] = u.username;
    user["name"] = u.name;
    user["role"] = u.role;
    user["agency"] = u.agency;
    users.push_back(std::move(user));
  }
  Value out;
  out["users"] = Value(std::move(users));
  return JsonReply(200, out);
}

Reply ListRoles(const ApiCall& call) {
  Array roles;
  std::set<std::string> seen;
  for (const TenantWorkflow& w : TenantWorkflows(call)) {
    for (const Role& r : w.workflow->definition->roles) {
      if (!seen.insert(r.id).second) continue;
      Value role = RoleJson(r);
      role["kind"] = "workflow";
      roles.push_back(std::move(role));
    }
  }
  for (const auto& [id, ja, en] : {std::tuple{kTenantAdminRole, "業務管理者", "Tenant administrator"},
                                   std::tuple{kAuditorRole, "監査担当", "Auditor"}}) {
    Value role;
    role["id"] = id;
    role["label"] = LocalizedJson(LocalizedText{ja, en}, id);
    role["kind"] = "account";
    roles.push_back(std::move(role));
  }
  Value out;
  out["roles"] = Value(std::move(roles));
  return JsonReply(200, out);
}

Reply ListAgencies(const ApiCall& call) {
  Array agencies;
  std::set<std::string> seen;
  for (const TenantWorkflow& w : TenantWorkflows(call)) {
    for (const Agency& a : w.workflow->definition->agencies) {
      if (!seen.insert(a.id).second) continue;
      agencies.push_back(AgencyJson(a));
    }
  }
  Value out;
  out["agencies"] = Value(std::move(agencies));
  return JsonReply(200, out);
}

}  // namespace

const std::vector<ApiRoute>& DirectoryRoutes() {
  static const std::vector<ApiRoute> routes = {
      {"GET", "/api/v1/users", Permission::kDirectory, ListUsers, "The tenant's users (no password hashes)"},
      {"GET", "/api/v1/roles", Permission::kDirectory, ListRoles, "Workflow roles and account roles"},
      {"GET", "/api/v1/agencies", Permission::kDirectory, ListAgencies, "The tenant's agencies"},
  };
  return routes;
}

}  // namespace kasane::http
