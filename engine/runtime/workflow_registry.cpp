#include "runtime/workflow_registry.h"

namespace kasane {

Result<DefinitionVersionId> WorkflowRegistry::Deploy(const std::string& tenant, LoadedWorkflow workflow,
                                                     const std::string& deployed_by, Timestamp at) {
  StoredDefinition stored;
  stored.tenant = tenant;
  stored.workflow = workflow.definition->id;
  stored.content_hash = workflow.definition->content_hash;
  stored.bundle = workflow.sources.ToBundleJson();
  stored.deployed_at = at;
  stored.deployed_by = deployed_by;
  auto id = store_->SaveDefinitionVersion(stored);
  if (!id.ok()) return id.status();
  std::lock_guard<std::mutex> lock(mu_);
  versions_.try_emplace(*id, std::make_shared<const LoadedWorkflow>(std::move(workflow)));
  active_[{tenant, stored.workflow}] = *id;
  return *id;
}

Result<std::pair<DefinitionVersionId, WorkflowPtr>> WorkflowRegistry::Active(const std::string& tenant,
                                                                             const std::string& workflow_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find({tenant, workflow_id});
  if (it == active_.end())
    return Status::NotFound("no workflow '" + workflow_id + "' is deployed for tenant '" + tenant + "'");
  return std::make_pair(it->second, versions_.at(it->second));
}

Result<WorkflowPtr> WorkflowRegistry::ByVersion(DefinitionVersionId version) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = versions_.find(version);
    if (it != versions_.end()) return it->second;
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
  auto [it, inserted] = versions_.try_emplace(version, std::make_shared<const LoadedWorkflow>(std::move(*loaded)));
  return it->second;
}

}  // namespace kasane
