#include "http/startup.h"

#include <string>
#include <utility>

namespace kasane::http {

LoaderOptions LoaderOptionsFor(const ServerConfig& config) {
  LoaderOptions options;
  options.plugins_dir = config.plugins_dir;
  options.workflow_dirs.push_back(config.workflows_dir);
  return options;
}

Status DeployTenantWorkflows(const ServerConfig& config, WorkflowRegistry* registry, const Clock& clock,
                             std::vector<Diagnostic>* diags) {
  const LoaderOptions options = LoaderOptionsFor(config);
  std::vector<std::pair<std::string, LoadedWorkflow>> loaded;
  size_t failures = 0;
  for (const TenantConfig& tenant : config.tenants) {
    for (const std::string& id : tenant.workflows) {
      const std::string path = config.workflows_dir + "/" + id + ".yaml";
      const size_t before = diags->size();
      Result<LoadedWorkflow> w = LoadWorkflowFile(path, options, diags);
      if (!w.ok()) {
        if (diags->size() == before) diags->push_back({SourcePos{path, 0, 0}, w.status().message()});
        ++failures;
        continue;
      }
      loaded.emplace_back(tenant.id, std::move(*w));
    }
  }
  if (failures > 0) {
    return Status::InvalidArgument(std::to_string(failures) + " workflow(s) failed to load");
  }
  for (auto& [tenant, workflow] : loaded) {
    Result<DefinitionVersionId> v = registry->Deploy(tenant, std::move(workflow), "startup", clock.Now());
    if (!v.ok()) return v.status().WithContext("deploying for tenant " + tenant);
  }
  return Status::OK();
}

}  // namespace kasane::http
