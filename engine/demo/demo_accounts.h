// What the demo accounts mean in their towns' flows: the checks that each one
// can act, and the logins table a newcomer reads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "demo/demo_config.h"
#include "model/definition.h"
#include "runtime/workflow_registry.h"

namespace kasane::demo {

// The active definitions of one tenant's workflows.
struct TenantDefinitions {
  DefinitionPtr main;                  // the tenant's main workflow (its first)
  std::vector<DefinitionPtr> spawned;  // the others (the sub-flows it spawns), in the tenant's order
};

// tenant id -> the tenant's definitions.
using MainDefinitions = std::map<std::string, TenantDefinitions>;

// The active definitions of every tenant of `config`, as deployed in `registry`.
Result<MainDefinitions> ActiveMainDefinitions(const DemoConfig& config, const WorkflowRegistry& registry);

// InvalidArgument naming the first account that cannot act where it should:
// its role is neither an account role (tenant_admin, auditor) nor a role of its
// tenant's main workflow; or its agency is not in that workflow or (for a
// workflow role) does not hold the role; or, in another workflow of the tenant
// that declares the account's role, its agency is missing or does not hold it
// (the engine checks an actor against the case's own definition, so such an
// account could not act on that workflow's cases).
Status CheckDemoAccounts(const DemoConfig& config, const MainDefinitions& definitions);

// The logins table: tenant, username, password, role and agency (Japanese
// labels), columns aligned for a terminal, with a short preface.
std::string RenderLoginsTable(const DemoConfig& config, const MainDefinitions& definitions);

}  // namespace kasane::demo
