// Startup: the work `kasane serve` does before accepting requests.
#pragma once

#include <vector>

#include "definition/diagnostic.h"
#include "http/config.h"
#include "runtime/clock.h"
#include "runtime/workflow_registry.h"

namespace kasane::http {

// The loader options the config implies (workflows_dir, plugins_dir).
LoaderOptions LoaderOptionsFor(const ServerConfig& config);

// Loads every tenant's workflows (<workflows_dir>/<id>.yaml) and deploys each
// as the tenant's active version, deployed_by "startup". Appends every load
// problem to *diags and returns InvalidArgument when there was any, or the
// first deploy error. Nothing is deployed unless every workflow loads.
Status DeployTenantWorkflows(const ServerConfig& config, WorkflowRegistry* registry, const Clock& clock,
                             std::vector<Diagnostic>* diags);

}  // namespace kasane::http
