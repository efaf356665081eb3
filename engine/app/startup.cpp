#include "app/startup.h"

#include <filesystem>
#include <set>
#include <string>
#include <utility>

namespace kasane {

LoaderOptions LoaderOptionsFor(const ServerConfig& config) {
  LoaderOptions options;
  options.plugins_dir = config.plugins_dir;
  options.workflow_dirs.push_back(config.workflows_dir);
  return options;
}

bool WithinTenantScope(const ServerConfig& config, const std::string& tenant, const LoadedWorkflow& workflow,
                       std::vector<Diagnostic>* diags) {
  std::set<std::string> own;
  for (const TenantConfig& t : config.tenants)
    if (t.id == tenant) own.insert(t.workflows.begin(), t.workflows.end());
  const std::set<std::string> shared(config.shared_workflows.begin(), config.shared_workflows.end());
  const size_t before = diags->size();
  const SourceSet& sources = workflow.sources;
  const std::string root = sources.DisplayName(sources.root);
  for (const auto& [file, text] : sources.workflow_files) {
    if (file == sources.root) continue;
    const std::string base = std::filesystem::path(file).stem().string();
    if (own.count(base) == 0 && shared.count(base) == 0)
      diags->push_back({SourcePos{root, 0, 0}, "workflow '" + workflow.definition->id + "' extends '" + base +
                                                   "', which is neither a workflow of tenant '" + tenant +
                                                   "' nor a shared base (shared_workflows)"});
  }
  for (const Transition& t : workflow.definition->transitions) {
    for (const SpawnSpec& spawn : t.spawns) {
      if (own.count(spawn.workflow) == 0)
        diags->push_back({spawn.pos, "spawn of workflow '" + spawn.workflow + "', which is not a workflow of tenant '" +
                                         tenant + "' (tenants[].workflows)"});
    }
  }
  return diags->size() == before;
}

Result<std::vector<std::pair<std::string, LoadedWorkflow>>> LoadTenantWorkflows(const ServerConfig& config,
                                                                                const std::string& tenant_filter,
                                                                                std::vector<Diagnostic>* diags) {
  const LoaderOptions options = LoaderOptionsFor(config);
  std::vector<std::pair<std::string, LoadedWorkflow>> loaded;
  size_t failures = 0;
  for (const TenantConfig& tenant : config.tenants) {
    if (!tenant_filter.empty() && tenant.id != tenant_filter) continue;
    for (const std::string& id : tenant.workflows) {
      const std::string path = config.workflows_dir + "/" + id + ".yaml";
      const size_t before = diags->size();
      Result<LoadedWorkflow> w = LoadWorkflowFile(path, options, diags);
      if (!w.ok()) {
        if (diags->size() == before) diags->push_back({SourcePos{path, 0, 0}, w.status().message()});
        ++failures;
        continue;
      }
      if (!WithinTenantScope(config, tenant.id, *w, diags)) {
        ++failures;
        continue;
      }
      loaded.emplace_back(tenant.id, std::move(*w));
    }
  }
  if (failures > 0) return Status::InvalidArgument(std::to_string(failures) + " workflow(s) failed to load");
  return loaded;
}

Result<std::vector<WorkflowRegistry::Deployment>> ReloadWorkflows(const ServerConfig& config,
                                                                  WorkflowRegistry* registry, const Clock& clock,
                                                                  const std::string& tenant_filter,
                                                                  const AuditEntry& by,
                                                                  std::vector<Diagnostic>* diags) {
  auto loaded = LoadTenantWorkflows(config, tenant_filter, diags);
  if (!loaded.ok()) return loaded.status();
  AuditEntry audit = by;
  audit.at = clock.Now();
  if (audit.action.empty()) audit.action = "workflow.reload";
  return registry->DeployAll(std::move(*loaded), by.actor, audit.at, WorkflowRegistry::Origin::kDisk, audit);
}

Status DeployTenantWorkflows(const ServerConfig& config, WorkflowRegistry* registry, const Clock& clock,
                             std::vector<Diagnostic>* diags) {
  AuditEntry by;
  by.actor = "startup";
  by.role = "operator";
  by.action = "workflow.startup";
  return ReloadWorkflows(config, registry, clock, "", by, diags).status();
}

}  // namespace kasane
