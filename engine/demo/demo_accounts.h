// What the demo accounts mean in their towns' flows: the checks that each one
// can act, and the logins table a newcomer reads.
#pragma once

#include <map>
#include <string>

#include "demo/demo_config.h"
#include "model/definition.h"
#include "runtime/workflow_registry.h"

namespace kasane::demo {

// tenant id -> the definition of the tenant's main workflow (its first).
using MainDefinitions = std::map<std::string, DefinitionPtr>;

// The active main definition of every tenant of `config`, as deployed in `registry`.
Result<MainDefinitions> ActiveMainDefinitions(const DemoConfig& config, const WorkflowRegistry& registry);

// InvalidArgument naming the first account whose role is neither an account
// role (tenant_admin, auditor) nor a role of its tenant's main workflow, or
// whose agency is not in that workflow or (for a workflow role) does not hold
// the role.
Status CheckDemoAccounts(const DemoConfig& config, const MainDefinitions& definitions);

// The logins table: tenant, username, password, role and agency (Japanese
// labels), columns aligned for a terminal, with a short preface.
std::string RenderLoginsTable(const DemoConfig& config, const MainDefinitions& definitions);

}  // namespace kasane::demo
