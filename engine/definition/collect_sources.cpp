// CollectSources and CollectSourcesFromText (declared in loader.h).
#include <set>

#include "definition/loader.h"
#include "definition/source_files.h"

namespace kasane {
namespace {

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// Where the base `id` of a file in `dir` is: that directory, then the
// configured workflow directories. Empty when none has it.
std::string FindBase(const std::string& dir, const std::string& id, const LoaderOptions& options) {
  std::string name = id + ".yaml";
  std::string here = JoinPath(dir, name);
  if (IsRegularFile(here)) return here;
  for (const std::string& d : options.workflow_dirs) {
    std::string there = JoinPath(d, name);
    if (IsRegularFile(there)) return there;
  }
  return std::string();
}

void CollectPlugin(const std::string& name, const LoaderOptions& options, SourceSet* set,
                   std::vector<Diagnostic>* diags) {
  if (set->plugin_sources.count(name) || set->unreadable_plugins.count(name)) return;
  std::string path = JoinPath(JoinPath(options.plugins_dir, name), "plugin.lua");
  if (!IsRegularFile(path)) return;  // LoadFromSources reports it as not found
  std::string source;
  if (!ReadSourceFile(path, options.max_file_bytes, diags, &source)) {
    set->unreadable_plugins.insert(name);
    return;
  }
  set->plugin_sources[name] = std::move(source);
  set->plugin_paths[name] = path;
}

SourceSet CollectFrom(const std::string& path, std::string text, const LoaderOptions& options,
                      std::vector<Diagnostic>* diags) {
  SourceSet set;
  set.root = FileNameOf(path);
  set.workflow_files[set.root] = std::move(text);
  set.file_paths[set.root] = path;
  const YamlLimits limits = YamlLimitsFrom(options);
  std::string current = set.root;
  // Each step adds a new file name, so the chain ends.
  while (true) {
    DefinitionHeader header;
    if (!ReadDefinitionHeader(set.workflow_files[current], set.file_paths[current], limits, &header)) break;
    for (const std::string& plugin : header.plugins) CollectPlugin(plugin, options, &set, diags);
    if (header.extends.empty()) break;
    std::string base = header.extends + ".yaml";
    if (set.workflow_files.count(base)) break;  // a cycle: LoadFromSources reports it
    std::string base_path = FindBase(DirOf(set.file_paths[current]), header.extends, options);
    if (base_path.empty()) break;  // LoadFromSources reports the missing base
    std::string base_text;
    if (!ReadSourceFile(base_path, options.max_file_bytes, diags, &base_text)) {
      set.unreadable_files.insert(base);
      break;
    }
    set.workflow_files[base] = std::move(base_text);
    set.file_paths[base] = base_path;
    current = base;
  }
  return set;
}

}  // namespace

Result<SourceSet> CollectSources(const std::string& path, const LoaderOptions& options,
                                 std::vector<Diagnostic>* diags) {
  std::string text;
  if (!ReadSourceFile(path, options.max_file_bytes, diags, &text))
    return Status::InvalidArgument(path + ": cannot be loaded");
  return CollectFrom(path, std::move(text), options, diags);
}

Result<SourceSet> CollectSourcesFromText(const std::string& name, const std::string& text,
                                         const LoaderOptions& options, std::vector<Diagnostic>* diags) {
  if (FileNameOf(name).empty()) return Status::InvalidArgument("a source name must end with a file name");
  return CollectFrom(name, text, options, diags);
}

}  // namespace kasane
