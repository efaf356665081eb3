// ValidatePaths (declared in loader.h): `kasane validate FILE_OR_DIR...`.
#include <algorithm>
#include <filesystem>
#include <map>

#include "definition/loader.h"
#include "definition/source_files.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;

bool HasYamlExtension(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

// The files a path stands for: itself, or a directory's YAML files, sorted.
std::vector<std::string> ExpandPath(const std::string& path, std::vector<Diagnostic>* diags) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec) && HasYamlExtension(it->path())) files.push_back(it->path().string());
  }
  if (ec) diags->push_back({SourcePos{path, 0, 0}, "cannot list the directory: " + ec.message()});
  std::sort(files.begin(), files.end());
  return files;
}

// A spawned workflow must exist beside the spawning file or in a workflows dir.
void CheckSpawnTargets(const Definition& def, const std::string& file, const LoaderOptions& options,
                       std::vector<Diagnostic>* diags) {
  std::vector<fs::path> dirs = {fs::path(file).parent_path()};
  for (const auto& d : options.workflow_dirs) dirs.emplace_back(d);
  for (const Transition& t : def.transitions) {
    for (const SpawnSpec& spawn : t.spawns) {
      bool found = std::any_of(dirs.begin(), dirs.end(), [&](const fs::path& dir) {
        std::error_code ec;
        return fs::exists(dir / (spawn.workflow + ".yaml"), ec) || fs::exists(dir / (spawn.workflow + ".yml"), ec);
      });
      if (!found)
        diags->push_back({spawn.pos, "spawned workflow '" + spawn.workflow + "' not found (looked for " +
                                         spawn.workflow + ".yaml beside " + file + " and in the workflow directories)"});
    }
  }
}

}  // namespace

std::vector<Diagnostic> ValidatePaths(const std::vector<std::string>& paths, const LoaderOptions& options,
                                      int* files_checked) {
  std::vector<Diagnostic> diags;
  std::map<std::string, std::string> first_file_of_id;
  int count = 0;
  for (const std::string& path : paths) {
    for (const std::string& file : ExpandPath(path, &diags)) {
      ++count;
      auto loaded = LoadWorkflowFile(file, options, &diags);
      if (loaded.ok()) CheckSpawnTargets(*loaded->definition, file, options, &diags);
      std::string text;
      std::vector<Diagnostic> ignored;
      DefinitionHeader header;
      if (!ReadSourceFile(file, options.max_file_bytes, &ignored, &text) ||
          !ReadDefinitionHeader(text, file, YamlLimitsFrom(options), &header) || header.id.empty())
        continue;
      auto [it, inserted] = first_file_of_id.emplace(header.id, file);
      if (!inserted)
        diags.push_back({header.id_pos, "workflow id '" + header.id + "' is also defined in " + it->second});
    }
  }
  SortDiagnostics(&diags);
  if (files_checked) *files_checked = count;
  return diags;
}

}  // namespace kasane
