#include "runtime/workflow_registry.h"

namespace kasane {

Result<DefinitionVersionId> WorkflowRegistry::SaveVersion(const std::string& tenant, const LoadedWorkflow& workflow,
                                                          const std::string& deployed_by, Timestamp at) {
  StoredDefinition stored;
  stored.tenant = tenant;
  stored.workflow = workflow.definition->id;
  stored.content_hash = workflow.definition->content_hash;
  stored.bundle = workflow.sources.ToBundleJson();
  stored.deployed_at = at;
  stored.deployed_by = deployed_by;
  return store_->SaveDefinitionVersion(stored);
}

Result<DefinitionVersionId> WorkflowRegistry::Deploy(const std::string& tenant, LoadedWorkflow workflow,
                                                     const std::string& deployed_by, Timestamp at) {
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back(tenant, std::move(workflow));
  auto deployed = DeployAll(std::move(batch), deployed_by, at);
  if (!deployed.ok()) return deployed.status();
  return deployed->front().version;
}

Result<std::map<std::string, LiveVersion>> WorkflowRegistry::StoredLive(const std::string& tenant) {
  auto rows = store_->ListLiveVersions(tenant);
  if (!rows.ok()) return rows.status();
  std::map<std::string, LiveVersion> out;
  for (LiveVersion& v : *rows) out[v.workflow] = std::move(v);
  return out;
}

Result<std::vector<WorkflowRegistry::Deployment>> WorkflowRegistry::DeployAll(
    std::vector<std::pair<std::string, LoadedWorkflow>> workflows, const std::string& deployed_by, Timestamp at,
    Origin origin, const std::optional<AuditEntry>& audit) {
  const size_t n = workflows.size();
  std::vector<Deployment> out(n);
  std::vector<WorkflowPtr> loaded(n);
  std::vector<std::optional<LiveVersion>> changes(n);
  std::vector<std::string> tenants;  // in order of first appearance
  std::map<std::string, std::map<std::string, LiveVersion>> live;
  for (size_t i = 0; i < n; ++i) {
    auto& [tenant, workflow] = workflows[i];
    const std::string id = workflow.definition->id;
    if (!live.count(tenant)) {
      auto rows = StoredLive(tenant);
      if (!rows.ok()) return rows.status().WithContext("reading the live versions of tenant " + tenant);
      live[tenant] = std::move(*rows);
      tenants.push_back(tenant);
    }
    auto current = live[tenant].find(id);
    const LiveVersion* was = current == live[tenant].end() ? nullptr : &current->second;
    out[i] = Deployment{tenant, id, 0, was != nullptr ? was->version : 0};
    const std::string& hash = workflow.definition->content_hash;
    if (origin == Origin::kDisk && was != nullptr && was->disk_hash == hash) {
      // The file is as last imported: whatever is live (perhaps an editor's version) stays live.
      auto kept = ByVersion(was->version);
      if (!kept.ok()) return kept.status().WithContext("the live version of " + id + " for tenant " + tenant);
      out[i].version = was->version;
      loaded[i] = *kept;
      continue;
    }
    auto saved = SaveVersion(tenant, workflow, deployed_by, at);
    if (!saved.ok()) return saved.status().WithContext("deploying " + id + " for tenant " + tenant);
    out[i].version = *saved;
    loaded[i] = std::make_shared<const LoadedWorkflow>(std::move(workflow));
    const std::string disk_hash = origin == Origin::kDisk ? hash : (was != nullptr ? was->disk_hash : "");
    changes[i] = LiveVersion{tenant, id, *saved, disk_hash, at, deployed_by};
  }
  for (const std::string& tenant : tenants) {
    std::vector<LiveVersion> rows;
    std::string detail;
    for (size_t i = 0; i < n; ++i) {
      if (out[i].tenant != tenant) continue;
      if (changes[i]) rows.push_back(*changes[i]);
      detail += (detail.empty() ? "" : " ") + out[i].workflow + " v" + std::to_string(out[i].version);
    }
    std::optional<AuditEntry> entry = audit;
    if (entry) {
      entry->tenant = tenant;
      entry->detail = detail;
    }
    if (!rows.empty()) KASANE_RETURN_IF_ERROR(store_->SetLiveVersions(rows, entry));
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < n; ++i)
      if (out[i].tenant == tenant) CacheLocked(out[i].version, loaded[i]);
  }
  return out;
}

Result<std::pair<DefinitionVersionId, WorkflowPtr>> WorkflowRegistry::Active(const std::string& tenant,
                                                                             const std::string& workflow_id) const {
  // The stored row decides: another server on the same database may have deployed since.
  auto rows = store_->ListLiveVersions(tenant);
  if (!rows.ok()) return rows.status();
  DefinitionVersionId live = 0;
  for (const LiveVersion& v : *rows) live = v.workflow == workflow_id ? v.version : live;
  if (live == 0) return Status::NotFound("no workflow '" + workflow_id + "' is deployed for tenant '" + tenant + "'");
  auto loaded = ByVersion(live);  // from the cache, or loaded again from the store
  if (!loaded.ok()) return loaded.status();
  return std::make_pair(live, *loaded);
}

Result<WorkflowPtr> WorkflowRegistry::ByVersion(DefinitionVersionId version) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (WorkflowPtr cached = CachedLocked(version)) return cached;
  }
  auto stored = store_->LoadDefinitionVersion(version);
  if (!stored.ok()) return stored.status();
  auto sources = SourceSet::FromBundleJson(stored->bundle);
  if (!sources.ok()) return sources.status().WithContext("definition version " + std::to_string(version));
  std::vector<Diagnostic> diags;
  auto loaded = LoadFromSources(*sources, options_, &diags);
  if (!loaded.ok()) {
    std::string msg = "stored definition version " + std::to_string(version) + " no longer loads";
    if (!diags.empty()) msg += ": " + diags.front().ToString();
    return Status::Corruption(msg);
  }
  std::lock_guard<std::mutex> lock(mu_);
  return CacheLocked(version, std::make_shared<const LoadedWorkflow>(std::move(*loaded)));
}

WorkflowPtr WorkflowRegistry::CachedLocked(DefinitionVersionId id) const {
  auto it = versions_.find(id);
  if (it == versions_.end()) return nullptr;
  recent_.splice(recent_.begin(), recent_, it->second.use);
  return it->second.workflow;
}

WorkflowPtr WorkflowRegistry::CacheLocked(DefinitionVersionId id, WorkflowPtr workflow) const {
  if (WorkflowPtr cached = CachedLocked(id)) return cached;  // loaded meanwhile by another thread
  recent_.push_front(id);
  versions_.emplace(id, CachedVersion{workflow, recent_.begin()});
  while (versions_.size() > kCachedVersions) {
    versions_.erase(recent_.back());
    recent_.pop_back();
  }
  return workflow;
}

size_t WorkflowRegistry::CachedVersionCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return versions_.size();
}

Result<StoredDefinition> WorkflowRegistry::StoredVersion(const std::string& tenant, const std::string& workflow,
                                                         DefinitionVersionId version) {
  Result<StoredDefinition> stored = store_->LoadDefinitionVersion(version);
  if (!stored.ok()) return stored.status();
  if (stored->tenant != tenant || stored->workflow != workflow)
    return Status::NotFound("no version " + std::to_string(version) + " of workflow '" + workflow + "'");
  return stored;
}

Result<std::vector<StoredDefinition>> WorkflowRegistry::StoredVersions(const std::string& tenant,
                                                                       const std::string& workflow) {
  return store_->ListDefinitionVersions(tenant, workflow);
}

}  // namespace kasane
