// Account roles and what they may do: the API's deny-by-default table.
//
// A user's `role` is either a workflow role (an intake window, the takikan
// coordinator, a meeting member...) — a caseworker — or one of two reserved
// account roles:
//   tenant_admin  edits and deploys workflows, reads the directory and the
//                 audit log; never sees case data (separation of duties)
//   auditor       reads the audit log and the directory only
// Every route names one Permission; a role not granted it gets 403. Case data
// is further limited by membership (runtime/case_access.h).
#pragma once

#include <string>

namespace kasane::http {

enum class AccountKind { kCaseworker, kTenantAdmin, kAuditor };

enum class Permission {
  kSession,         // any logged-in user: /me, /logout
  kCases,           // case data, tasks, meetings (membership decides which cases)
  kWorkflowsRead,   // workflows, versions, sources, diagrams, plugins
  kWorkflowsAdmin,  // validate, run scenarios, deploy, reload
  kDirectory,       // users, roles, agencies of the tenant
  kAudit,           // the audit log and its verification
};

inline constexpr const char* kTenantAdminRole = "tenant_admin";
inline constexpr const char* kAuditorRole = "auditor";

AccountKind KindOfRole(const std::string& role);

// Whether an account of `kind` holds `permission`.
bool Grants(AccountKind kind, Permission permission);

// "cases", "workflows.read"...: for problem details and the OpenAPI document.
const char* PermissionName(Permission permission);

}  // namespace kasane::http
