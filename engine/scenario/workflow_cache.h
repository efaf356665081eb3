// WorkflowCache: loads each workflow file a scenario run needs once, and finds
// the workflows a workflow may spawn, so every scenario can deploy them into
// its own fresh store. Not thread-safe (one per run).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "definition/loader.h"
#include "scenario/scenario.h"
#include "scenario/scenario_runner.h"

namespace kasane {

class WorkflowCache {
 public:
  // `options` must outlive the cache.
  explicit WorkflowCache(const ScenarioRunOptions& options) : options_(options) {}

  // The scenario's workflow: one given in options.workflows by id, a path
  // relative to the scenario file, or an id looked up in the workflow directories.
  Result<LoadedWorkflow> Get(const Scenario& sc, const std::string& scenario_file);

  // The workflows `root` may spawn, transitively: given in options.workflows,
  // else looked up beside it first.
  Result<std::vector<LoadedWorkflow>> SpawnTargets(const LoadedWorkflow& root);

 private:
  Result<LoadedWorkflow> Load(const std::string& path);
  Result<std::string> Resolve(const std::string& workflow, const std::string& scenario_file) const;
  Result<std::string> ResolveId(const std::string& workflow, const std::string& first_dir) const;

  const ScenarioRunOptions& options_;
  std::map<std::string, LoadedWorkflow> cache_;
};

}  // namespace kasane
