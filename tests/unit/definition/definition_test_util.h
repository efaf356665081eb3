// Helpers shared by the definition loader tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "definition/loader.h"

namespace kasane::deftest {

inline std::string FixturesDir() { return std::string(KASANE_SOURCE_DIR) + "/tests/fixtures"; }
inline std::string Fixture(const std::string& rel) { return FixturesDir() + "/" + rel; }

// Plugins from tests/fixtures/plugins; bases also from tests/fixtures/valid.
inline LoaderOptions TestOptions() {
  LoaderOptions options;
  options.plugins_dir = Fixture("plugins");
  options.workflow_dirs = {Fixture("valid")};
  return options;
}

inline std::vector<std::string> Lines(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags) out.push_back(d.ToString());
  return out;
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

struct LoadOutcome {
  Result<LoadedWorkflow> result = Status::Internal("not run");
  std::vector<Diagnostic> diags;
  std::vector<std::string> lines() const { return Lines(diags); }
};

inline LoadOutcome LoadFile(const std::string& path, const LoaderOptions& options = TestOptions()) {
  LoadOutcome out;
  out.result = LoadWorkflowFile(path, options, &out.diags);
  return out;
}

// Loads `text` as if it were the file `name` (bases are looked up next to it).
inline LoadOutcome LoadText(const std::string& name, const std::string& text,
                            const LoaderOptions& options = TestOptions()) {
  LoadOutcome out;
  Result<SourceSet> sources = CollectSourcesFromText(name, text, options, &out.diags);
  if (!sources.ok()) {
    out.result = sources.status();
    return out;
  }
  out.result = LoadFromSources(*sources, options, &out.diags);
  return out;
}

}  // namespace kasane::deftest
