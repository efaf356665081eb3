// Runs scenario files against the real engine: an in-memory SQLite store, the
// workflow loaded and deployed exactly as in production, and a manual clock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "definition/loader.h"
#include "scenario/scenario.h"

namespace kasane {

struct ScenarioRunOptions {
  LoaderOptions loader;  // plugins dir, sandbox limits; workflow_dirs resolve `workflow: <id>`
  // Workflows already loaded, by id: `workflow: <id>` and the workflows a
  // workflow spawns are taken from here before workflow_dirs (e.g. an edited
  // definition that is not on disk). Each run deploys copies of them; their
  // plugins are called by the run, so pass workflows no one else is calling.
  std::map<std::string, LoadedWorkflow> workflows;
  // Scenarios not started within this many milliseconds of the run's start
  // are reported as failed without being run. 0: no limit.
  int64_t time_budget_ms = 0;
};

struct ScenarioOutcome {
  std::string file;
  std::string id;
  bool passed = false;
  std::string failure;  // "FILE:LINE:COL: step 3 (fire convene as csw): expected state ..."
};

struct ScenarioReport {
  std::vector<ScenarioOutcome> outcomes;
  std::vector<std::string> errors;  // files that could not be parsed (each counts as a failure)
  int passed = 0;
  int failed = 0;
};

// Expands directories recursively to their *.yaml / *.yml files (sorted) and
// runs every scenario in them.
ScenarioReport RunScenarioPaths(const std::vector<std::string>& paths, const ScenarioRunOptions& options);

}  // namespace kasane
