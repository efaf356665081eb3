// Loading workflow definitions: YAML files (+ `extends` chain) and the Lua
// plugins they use -> a validated, immutable Definition.
//
// Every problem is reported as a Diagnostic ("FILE:LINE:COL: error: MESSAGE"),
// all of them in one run, sorted by file, line and column. Hostile input
// (oversized files, alias bombs, deep nesting, random bytes) is refused with a
// diagnostic, never a crash or a hang. No exceptions escape these functions.
// They keep no state and may be called from several threads at once.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "definition/diagnostic.h"
#include "definition/source_set.h"
#include "lua/plugin.h"
#include "model/definition.h"
#include "util/status.h"

namespace kasane {

struct LoaderOptions {
  std::vector<std::string> workflow_dirs;  // where `extends: id` is looked up after the file's own dir
  std::string plugins_dir = "plugins";     // plugins/<name>/plugin.lua
  SandboxLimits sandbox;
  size_t max_file_bytes = 1 << 20;  // YAML files and plugin sources
  int max_depth = 32;
  int max_aliases = 100;
  size_t max_alias_expansion = 100000;
  size_t max_nodes = 200000;
};

struct LoadedWorkflow {
  DefinitionPtr definition;  // content_hash = Sha256Hex(sources.ToBundleJson())
  std::map<std::string, std::shared_ptr<Plugin>> plugins;  // by name: loaded, config checked and bound
  SourceSet sources;
};

// Reads the root file at `path`, follows `extends` (the file's own directory,
// then options.workflow_dirs) and reads the plugins the chain uses. Reports
// only files that exist but cannot be read; what is missing or malformed is
// reported by LoadFromSources. Fails only when the root cannot be read.
Result<SourceSet> CollectSources(const std::string& path, const LoaderOptions& options,
                                 std::vector<Diagnostic>* diags);

// The same for a root given as text (e.g. edited in a browser). `name` is the
// path the text stands for ("workflows/toyonaka.yaml"): its file name keys the
// text, its directory is searched first for bases.
Result<SourceSet> CollectSourcesFromText(const std::string& name, const std::string& text,
                                         const LoaderOptions& options, std::vector<Diagnostic>* diags);

// Parses, merges and validates the sources, loads the plugins from their
// sources and binds their checked configs. Appends every problem to *diags and
// then returns InvalidArgument with the count.
Result<LoadedWorkflow> LoadFromSources(const SourceSet& sources, const LoaderOptions& options,
                                       std::vector<Diagnostic>* diags);

// CollectSources + LoadFromSources.
Result<LoadedWorkflow> LoadWorkflowFile(const std::string& path, const LoaderOptions& options,
                                        std::vector<Diagnostic>* diags);

// For `kasane validate FILE_OR_DIR...`: directories expand to their *.yaml and
// *.yml files (not recursively). Also reports a workflow id defined by more
// than one of the files. *files_checked (may be null) gets the file count.
std::vector<Diagnostic> ValidatePaths(const std::vector<std::string>& paths, const LoaderOptions& options,
                                      int* files_checked);

}  // namespace kasane
