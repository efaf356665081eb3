// Runs scenario files against the real engine: an in-memory SQLite store, the
// workflow loaded and deployed exactly as in production, and a manual clock.
#pragma once

#include <string>
#include <vector>

#include "definition/loader.h"
#include "scenario/scenario.h"

namespace kasane {

struct ScenarioRunOptions {
  LoaderOptions loader;  // plugins dir, sandbox limits; workflow_dirs resolve `workflow: <id>`
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
