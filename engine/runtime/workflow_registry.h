// WorkflowRegistry: the deployed definition versions of every tenant.
//
// Deploy() stores a loaded workflow's sources as a new version (or finds the
// identical one already stored) and makes it the live version for new cases.
// ByVersion() returns the exact version a case pinned, reloading it from its
// stored sources when it is not in memory, so a new version never changes a
// running case. Thread-safe.
//
// Which version is live is a row in the store (LiveVersion), changed only by a
// deploy, in one transaction with the deploy's audit entry. A deploy from disk
// (start, SIGHUP, reload) changes the live version only when the file differs
// from the one last imported from disk: so a version deployed from the
// browser's editor stays live across restarts and reloads until the file on
// disk itself changes.
//
// Versions are only ever added: the previous versions stay loadable for the
// cases pinned to them.
#pragma once

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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

  // Where a deployed workflow comes from.
  enum class Origin {
    kDisk,    // a workflow file: live only when the file changed since its last import
    kEditor,  // an edited source (the browser's editor): always live
  };

  // Stores the workflow's sources as a version of (tenant, workflow id) and
  // makes it live (Origin kDisk). Returns the live version id.
  Result<DefinitionVersionId> Deploy(const std::string& tenant, LoadedWorkflow workflow,
                                     const std::string& deployed_by, Timestamp at);

  // One workflow of a DeployAll batch, and the version it replaced.
  struct Deployment {
    std::string tenant;
    std::string workflow;
    DefinitionVersionId version = 0;   // live after the deploy
    DefinitionVersionId previous = 0;  // live before; 0 when none
  };

  // Deploys (tenant, workflow) pairs: every version is stored first; then,
  // tenant by tenant, the live versions that change are written in one store
  // transaction with `audit` (when given: its tenant is set, and its detail
  // lists the tenant's workflows as "id vN ..."; a tenant whose live versions
  // stay as they were writes no entry), and only then in memory, under the lock, so no
  // reader sees some of a tenant's workflows live and others not. On a store
  // error the tenants not yet committed keep their live versions (versions
  // already stored stay stored, unused). Results are in input order.
  Result<std::vector<Deployment>> DeployAll(std::vector<std::pair<std::string, LoadedWorkflow>> workflows,
                                            const std::string& deployed_by, Timestamp at,
                                            Origin origin = Origin::kDisk,
                                            const std::optional<AuditEntry>& audit = std::nullopt);

  // The live version for new cases of (tenant, workflow id), as stored: a
  // deploy by another server on the same database counts at once.
  Result<std::pair<DefinitionVersionId, WorkflowPtr>> Active(const std::string& tenant,
                                                             const std::string& workflow_id) const;

  // Loaded versions kept in memory at most; older ones load again when a case needs them.
  static constexpr size_t kCachedVersions = 64;

  // The version a case pinned; loaded from the store on first use (and kept while used).
  Result<WorkflowPtr> ByVersion(DefinitionVersionId version) const;

  // A stored version of `tenant`'s `workflow` as stored (sources, who and
  // when); NotFound for a version of another tenant or workflow.
  Result<StoredDefinition> StoredVersion(const std::string& tenant, const std::string& workflow,
                                         DefinitionVersionId version);
  // Every stored version of `tenant`'s `workflow`, oldest first.
  Result<std::vector<StoredDefinition>> StoredVersions(const std::string& tenant, const std::string& workflow);

  // How many loaded versions are in memory (for tests and metrics).
  size_t CachedVersionCount() const;

 private:
  Result<DefinitionVersionId> SaveVersion(const std::string& tenant, const LoadedWorkflow& workflow,
                                          const std::string& deployed_by, Timestamp at);
  // The stored live versions of `tenant`, by workflow id.
  Result<std::map<std::string, LiveVersion>> StoredLive(const std::string& tenant);

  Store* store_;
  LoaderOptions options_;
  // Keeps `workflow` as loaded version `id` (the most recently used) and
  // drops the least recently used beyond kCachedVersions; a dropped version
  // loads again from the store on its next use. Call with mu_ held.
  WorkflowPtr CacheLocked(DefinitionVersionId id, WorkflowPtr workflow) const;
  WorkflowPtr CachedLocked(DefinitionVersionId id) const;

  mutable std::mutex mu_;
  struct CachedVersion {
    WorkflowPtr workflow;
    std::list<DefinitionVersionId>::iterator use;
  };
  mutable std::map<DefinitionVersionId, CachedVersion> versions_;  // loaded versions, bounded
  mutable std::list<DefinitionVersionId> recent_;                  // most recently used first
};

}  // namespace kasane
