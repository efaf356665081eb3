// The workflow endpoints of /api/v1: the tenant's workflows, their active
// definitions, sources, stored versions and diagrams (workflows.read); and
// validating an edited definition, running the town's scenarios against it,
// deploying it and reloading every definition from disk (workflows.admin).
//
// Versions: a deployment through the API and a reload from disk both store a
// new definition version (identical sources keep their version) and make it
// the active one for new cases; running cases stay on the version they
// pinned. A deployment through the API never writes the YAML files on disk:
// the store keeps every version, so a later reload (SIGHUP, POST .../reload,
// or a restart) makes the files on disk active again.
//
// Only the caller's tenant's workflows (config tenants[].workflows) are
// visible; any other id answers 404. An invalid definition answers 422 with
// code "invalid_workflow" and the loader's diagnostics in a `diagnostics`
// member of the problem. File names in answers are relative to workflows_dir
// and plugins_dir, never the server's paths. Deployments and reloads are
// audited. Thread-safe.
#pragma once

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


}  // namespace kasane::http
