// WorkflowRegistry: the deployed definition versions of every tenant.
//
// Deploy() stores a loaded workflow's sources as a new version (or finds the
// identical one already stored) and makes it the active version for new
// cases. ByVersion() returns the exact version a case pinned, reloading it from
// its stored sources when it is not in memory, so a new version never changes
// a running case. Thread-safe.
//
// Versions are only ever added: deploying again (from disk at startup or on
// reload, or through the API) stores a new version unless identical sources
// are already stored, and the previous versions stay loadable for the cases
// pinned to them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "definition/loader.h"
#include "store/store.h"

namespace kasane {

using WorkflowPtr = std::shared_ptr<const LoadedWorkflow>;

class WorkflowRegistry {
 public:
  // `store` must outlive the registry.
  WorkflowRegistry(Store* store, LoaderOptions options) : store_(store), options_(std::move(options)) {}

  // Stores the workflow's sources as a version of (tenant, workflow id) and
  // activates it. Returns the version id (the existing one for identical sources).
  Result<DefinitionVersionId> Deploy(const std::string& tenant, LoadedWorkflow workflow,
                                     const std::string& deployed_by, Timestamp at);

  // One workflow of a DeployAll batch, and the version it replaced.
  struct Deployment {
    std::string tenant;
    std::string workflow;
    DefinitionVersionId version = 0;
    DefinitionVersionId previous = 0;  // the version active before; 0 when none
  };

  // Deploys (tenant, workflow) pairs as one change: every version is stored
  // first, then all are activated together under the lock, so no reader sees
  // some of them active and others not. On a store error nothing is activated
  // (versions already stored stay stored, unused). Results are in input order.
  Result<std::vector<Deployment>> DeployAll(std::vector<std::pair<std::string, LoadedWorkflow>> workflows,
                                            const std::string& deployed_by, Timestamp at);

  // The active version for new cases of (tenant, workflow id).
  Result<std::pair<DefinitionVersionId, WorkflowPtr>> Active(const std::string& tenant,
                                                             const std::string& workflow_id) const;

  // The version a case pinned; loaded from the store on first use.
  Result<WorkflowPtr> ByVersion(DefinitionVersionId version);

 private:
  Result<DefinitionVersionId> SaveVersion(const std::string& tenant, const LoadedWorkflow& workflow,
                                          const std::string& deployed_by, Timestamp at);

  Store* store_;
  LoaderOptions options_;
  mutable std::mutex mu_;
  std::map<DefinitionVersionId, WorkflowPtr> versions_;
  std::map<std::pair<std::string, std::string>, DefinitionVersionId> active_;
};

}  // namespace kasane
