// WorkflowRegistry: the deployed definition versions of every tenant.
//
// Deploy() stores a loaded workflow's sources as a new version (or finds the
// identical one already stored) and makes it the active version for new
// cases. ByVersion() returns the exact version a case pinned, reloading it from
// its stored sources when it is not in memory, so a new version never changes
// a running case. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

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

  // The active version for new cases of (tenant, workflow id).
  Result<std::pair<DefinitionVersionId, WorkflowPtr>> Active(const std::string& tenant,
                                                             const std::string& workflow_id) const;

  // The version a case pinned; loaded from the store on first use.
  Result<WorkflowPtr> ByVersion(DefinitionVersionId version);

 private:
  Store* store_;
  LoaderOptions options_;
  mutable std::mutex mu_;
  std::map<DefinitionVersionId, WorkflowPtr> versions_;
  std::map<std::pair<std::string, std::string>, DefinitionVersionId> active_;
};

}  // namespace kasane
