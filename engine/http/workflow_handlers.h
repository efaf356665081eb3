// The workflow endpoints of /api/v1: the tenant's workflows, their active
// definitions, sources, stored versions and diagrams (workflows.read); and
// validating an edited definition, running the town's scenarios against it,
// deploying it and reloading every definition from disk (workflows.admin).
//
// Versions: a deployment through the API stores a new definition version
// (identical sources keep their version) and makes it live for new cases; a
// reload from disk does so only for a file that changed since its last
// import, so a version deployed from the browser stays live across restarts
// and reloads (runtime/workflow_registry.h). Running cases stay on the
// version they pinned. The API never writes the YAML files on disk (`kasane
// workflows export` does). Scenario runs: one at a time per tenant.
//
// Only the caller's tenant's workflows (config tenants[].workflows) are
// visible; any other id answers 404. An invalid definition answers 422 with
// code "invalid_workflow" and the loader's diagnostics in a `diagnostics`
// member of the problem. File names in answers are relative to workflows_dir
// and plugins_dir, never the server's paths. Deployments and reloads are
// audited. Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "http/api_call.h"

namespace kasane::http {

const std::vector<ApiRoute>& WorkflowRoutes();

// One workflow of the caller's tenant with its active version.
struct TenantWorkflow {
  std::string id;
  DefinitionVersionId version = 0;
  WorkflowPtr workflow;
};

// The caller's tenant's deployed workflows, in configuration order.
std::vector<TenantWorkflow> TenantWorkflows(const ApiCall& call);

// Held while one of `tenant`'s scenario runs is in progress; a second run of
// the same tenant answers 409, other tenants' runs are not held up.
std::mutex& ScenarioRunLock(const std::string& tenant);


}  // namespace kasane::http
