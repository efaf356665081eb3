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
  auto id = SaveVersion(tenant, workflow, deployed_by, at);
  if (!id.ok()) return id.status();
  const std::string workflow_id = workflow.definition->id;
  std::lock_guard<std::mutex> lock(mu_);
  versions_.try_emplace(*id, std::make_shared<const LoadedWorkflow>(std::move(workflow)));
  active_[{tenant, workflow_id}] = *id;
  return *id;
}

Result<std::vector<WorkflowRegistry::Deployment>> WorkflowRegistry::DeployAll(
    std::vector<std::pair<std::string, LoadedWorkflow>> workflows, const std::string& deployed_by, Timestamp at) {
  std::vector<Deployment> out;
  out.reserve(workflows.size());
  for (const auto& [tenant, workflow] : workflows) {
    auto id = SaveVersion(tenant, workflow, deployed_by, at);
    if (!id.ok()) return id.status().WithContext("deploying " + workflow.definition->id + " for tenant " + tenant);
    out.push_back(Deployment{tenant, workflow.definition->id, *id, 0});
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < out.size(); ++i) {
    Deployment& d = out[i];
    versions_.try_emplace(d.version, std::make_shared<const LoadedWorkflow>(std::move(workflows[i].second)));
    DefinitionVersionId& active = active_[{d.tenant, d.workflow}];
    d.previous = active;
    active = d.version;
  }
  return out;
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
