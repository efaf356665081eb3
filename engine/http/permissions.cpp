#include "http/permissions.h"

namespace kasane::http {

AccountKind KindOfRole(const std::string& role) {
  if (role == kTenantAdminRole) return AccountKind::kTenantAdmin;
  if (role == kAuditorRole) return AccountKind::kAuditor;
  return AccountKind::kCaseworker;
}

bool Grants(AccountKind kind, Permission permission) {
  switch (permission) {
    case Permission::kSession:
    case Permission::kDirectory:
      return true;
    case Permission::kCases:
      return kind == AccountKind::kCaseworker;
    case Permission::kWorkflowsRead:
      return kind == AccountKind::kCaseworker || kind == AccountKind::kTenantAdmin;
    case Permission::kWorkflowsAdmin:
      return kind == AccountKind::kTenantAdmin;
    case Permission::kAudit:
      return kind == AccountKind::kTenantAdmin || kind == AccountKind::kAuditor;
  }
  return false;
}

const char* PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kSession: return "session";
    case Permission::kCases: return "cases";
    case Permission::kWorkflowsRead: return "workflows.read";
    case Permission::kWorkflowsAdmin: return "workflows.admin";
    case Permission::kDirectory: return "directory";
    case Permission::kAudit: return "audit";
  }
  return "unknown";
}

}  // namespace kasane::http
