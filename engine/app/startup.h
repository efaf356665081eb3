// Startup: the work `kasane serve` does before accepting requests, and the
// reload of definitions from disk it does again on SIGHUP or on request.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "definition/diagnostic.h"
#include "app/config.h"
#include "runtime/clock.h"
#include "runtime/workflow_registry.h"

namespace kasane {

// The loader options the config implies (workflows_dir, plugins_dir).
LoaderOptions LoaderOptionsFor(const ServerConfig& config);

// Whether `workflow`, to be deployed for `tenant`, extends (directly or
// through its bases) and spawns only workflows of that tenant or shared
// ones (config.shared_workflows). Appends a diagnostic per workflow out of
// scope, at the spawn or at the root file; false when there was any.
bool WithinTenantScope(const ServerConfig& config, const std::string& tenant, const LoadedWorkflow& workflow,
                       std::vector<Diagnostic>* diags);

// Loads the workflows (<workflows_dir>/<id>.yaml, with their bases and
// plugins) of every tenant, or of `tenant_filter` alone when it is not empty,
// as (tenant id, workflow) pairs in configuration order, each checked by
// WithinTenantScope. Appends every load problem to *diags and returns InvalidArgument when there was any: then
// nothing is returned.
Result<std::vector<std::pair<std::string, LoadedWorkflow>>> LoadTenantWorkflows(const ServerConfig& config,
                                                                                const std::string& tenant_filter,
                                                                                std::vector<Diagnostic>* diags);

// Reloads from disk, all or nothing: loads every workflow of the tenants
// selected as LoadTenantWorkflows does and, only if all load, deploys them in
// one WorkflowRegistry::DeployAll (Origin kDisk) as `by.actor`. A file that
// is as last imported keeps whatever version is live (a version deployed from
// the browser stays); a changed file becomes a new live version, and running
// cases stay on the versions they pinned. Each tenant's change is written
// with an audit entry made from `by` (action "workflow.reload" unless set).
// A refusal leaves the running definitions unchanged. Thread-safe.
Result<std::vector<WorkflowRegistry::Deployment>> ReloadWorkflows(const ServerConfig& config,
                                                                  WorkflowRegistry* registry, const Clock& clock,
                                                                  const std::string& tenant_filter,
                                                                  const AuditEntry& by,
                                                                  std::vector<Diagnostic>* diags);

// Every tenant's workflows, deployed by "startup" (ReloadWorkflows of all
// tenants, audited as "workflow.startup"). Nothing is deployed unless every
// workflow loads.
Status DeployTenantWorkflows(const ServerConfig& config, WorkflowRegistry* registry, const Clock& clock,
                             std::vector<Diagnostic>* diags);

}  // namespace kasane
