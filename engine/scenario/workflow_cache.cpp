#include "scenario/workflow_cache.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace kasane {

Result<LoadedWorkflow> WorkflowCache::Get(const Scenario& sc, const std::string& scenario_file) {
  if (auto given = options_.workflows.find(sc.workflow); given != options_.workflows.end()) return given->second;
  auto path = Resolve(sc.workflow, scenario_file);
  if (!path.ok()) return path.status();
  return Load(*path);
}

Result<std::vector<LoadedWorkflow>> WorkflowCache::SpawnTargets(const LoadedWorkflow& root) {
  std::vector<LoadedWorkflow> out;
  std::vector<std::string> seen = {root.definition->id};
  std::string dir = fs::path(root.sources.DisplayName(root.sources.root)).parent_path().string();
  // Breadth first: the root, then each workflow found, until no new id appears.
  for (size_t next = 0; next <= out.size(); ++next) {
    const LoadedWorkflow& wf = next == 0 ? root : out[next - 1];
    for (const Transition& t : wf.definition->transitions) {
      for (const SpawnSpec& spawn : t.spawns) {
        if (std::find(seen.begin(), seen.end(), spawn.workflow) != seen.end()) continue;
        seen.push_back(spawn.workflow);
        if (auto given = options_.workflows.find(spawn.workflow); given != options_.workflows.end()) {
          out.push_back(given->second);
          continue;
        }
        auto path = ResolveId(spawn.workflow, dir);
        if (!path.ok()) return path.status();
        auto loaded = Load(*path);
        if (!loaded.ok()) return loaded.status();
        out.push_back(*loaded);
      }
    }
  }
  return out;
}

Result<LoadedWorkflow> WorkflowCache::Load(const std::string& path) {
  auto it = cache_.find(path);
  if (it != cache_.end()) return it->second;
  std::vector<Diagnostic> diags;
  auto loaded = LoadWorkflowFile(path, options_.loader, &diags);
  if (!loaded.ok()) {
    std::string msg = "workflow " + path + " does not load";
    for (const auto& d : diags) msg += "\n  " + d.ToString();
    return Status::InvalidArgument(msg);
  }
  cache_.emplace(path, *loaded);
  return *loaded;
}

Result<std::string> WorkflowCache::Resolve(const std::string& workflow, const std::string& scenario_file) const {
  fs::path p(workflow);
  if (p.extension() == ".yaml" || p.extension() == ".yml") {
    fs::path rel = fs::path(scenario_file).parent_path() / p;
    if (fs::exists(rel)) return rel.lexically_normal().string();
    if (fs::exists(p)) return p.string();
    return Status::NotFound("workflow file '" + workflow + "' not found (relative to " + scenario_file + ")");
  }
  return ResolveId(workflow, "");
}

Result<std::string> WorkflowCache::ResolveId(const std::string& workflow, const std::string& first_dir) const {
  std::vector<std::string> dirs;
  if (!first_dir.empty()) dirs.push_back(first_dir);
  dirs.insert(dirs.end(), options_.loader.workflow_dirs.begin(), options_.loader.workflow_dirs.end());
  for (const auto& dir : dirs) {
    for (const char* ext : {".yaml", ".yml"}) {
      fs::path candidate = fs::path(dir) / (workflow + ext);
      if (fs::exists(candidate)) return candidate.string();
    }
  }
  return Status::NotFound("workflow '" + workflow + "' not found in the workflow directories");
}

}  // namespace kasane
