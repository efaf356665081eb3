// LoadFromSources and LoadWorkflowFile (declared in loader.h).
#include "definition/loader.h"

#include <algorithm>
#include <optional>

#include "definition/build_definition.h"
#include "definition/merge_extends.h"
#include "definition/parse_definition.h"
#include "definition/plugin_binding.h"
#include "definition/source_files.h"
#include "definition/validate_definition.h"
#include "definition/yaml_document.h"

namespace kasane {
namespace {

std::optional<DefinitionDraft> ParseFile(const SourceSet& sources, const std::string& file_name,
                                         const YamlLimits& limits, std::vector<Diagnostic>* diags) {
  const std::string display = sources.DisplayName(file_name);
  const std::string& text = sources.workflow_files.at(file_name);
  YAML::Node root;
  if (!LoadYamlDocument(text, display, limits, diags, &root)) return std::nullopt;
  YamlReader reader(display, diags, text);
  DefinitionDraft draft = ParseDefinition(&reader, root);
  if (!draft.id.empty() && draft.id != StemOf(file_name))
    diags->push_back({draft.id_pos, "workflow id '" + draft.id + "' does not match the file name '" + file_name +
                                        "' (the id is the file name without .yaml)"});
  return draft;
}

std::string NotFoundMessage(const SourceSet& sources, const std::string& child, const std::string& base_id,
                            const LoaderOptions& options) {
  std::string name = base_id + ".yaml";
  std::vector<std::string> looked;
  auto path = sources.file_paths.find(child);
  if (path != sources.file_paths.end()) {
    std::string dir = DirOf(path->second);
    looked.push_back(dir.empty() ? name : dir + "/" + name);
  }
  for (const std::string& d : options.workflow_dirs) looked.push_back(d + "/" + name);
  std::string message = "base definition '" + base_id + "' not found";
  if (looked.empty()) return message + " (no " + name + " among the sources)";
  message += " (looked for ";
  for (size_t i = 0; i < looked.size(); ++i) message += (i ? ", " : "") + looked[i];
  return message + ")";
}

// Parses the root and its bases, root first. Returns false when the chain is
// broken (a file that cannot be parsed, a missing base, a cycle): merging what
// is there would only produce noise.
bool ParseChain(const SourceSet& sources, const LoaderOptions& options, std::vector<DefinitionDraft>* chain,
                std::vector<Diagnostic>* diags) {
  const YamlLimits limits = YamlLimitsFrom(options);
  std::string file = sources.root;
  std::vector<std::string> visited;  // by file name: ids may be missing or wrong
  while (true) {
    std::optional<DefinitionDraft> draft = ParseFile(sources, file, limits, diags);
    if (!draft) return false;
    visited.push_back(file);
    chain->push_back(std::move(*draft));
    const DefinitionDraft& d = chain->back();
    if (d.extends.empty()) return true;
    std::string base = d.extends + ".yaml";
    if (std::find(visited.begin(), visited.end(), base) != visited.end()) {
      std::string cycle;
      for (const std::string& f : visited) cycle += StemOf(f) + " -> ";
      diags->push_back({d.extends_pos, "extends cycle: " + cycle + d.extends});
      return false;
    }
    if (!sources.workflow_files.count(base)) {
      if (!sources.unreadable_files.count(base))
        diags->push_back({d.extends_pos, NotFoundMessage(sources, file, d.extends, options)});
      return false;
    }
    file = base;
  }
}

bool MissingSources(const SourceSet& sources) {
  return !sources.unreadable_files.empty() || !sources.unreadable_plugins.empty();
}

}  // namespace

Result<LoadedWorkflow> LoadFromSources(const SourceSet& sources, const LoaderOptions& options,
                                       std::vector<Diagnostic>* diags) {
  if (!sources.workflow_files.count(sources.root))
    return Status::InvalidArgument("sources: root '" + sources.root + "' is not among the workflow files");
  std::vector<Diagnostic> found;
  LoadedWorkflow loaded;
  std::optional<DefinitionDraft> merged;
  std::vector<DefinitionDraft> chain;
  if (ParseChain(sources, options, &chain, &found)) {
    merged = std::move(chain.back());
    DropInheritanceOps(&*merged, &found);
    for (size_t i = chain.size() - 1; i-- > 0;) merged = MergeExtends(std::move(*merged), std::move(chain[i]), &found);
    ExpandWildcards(&*merged);
    ValidateReferences(&*merged, &found);
    ValidateGraph(*merged, &found);
    BindPlugins(&*merged, sources, options, &loaded.plugins, &found);
  }
  SortDiagnostics(&found);
  diags->insert(diags->end(), found.begin(), found.end());
  const std::string root_name = sources.DisplayName(sources.root);
  if (!found.empty() || !merged || MissingSources(sources)) {
    size_t n = found.empty() ? 1 : found.size();
    return Status::InvalidArgument(root_name + ": " + std::to_string(n) + (n == 1 ? " error" : " errors"));
  }
  auto definition = std::make_shared<Definition>(BuildDefinition(std::move(*merged)));
  definition->source_file = root_name;
  definition->content_hash = Sha256Hex(sources.ToBundleJson());
  loaded.definition = std::move(definition);
  loaded.sources = sources;
  return loaded;
}

Result<LoadedWorkflow> LoadWorkflowFile(const std::string& path, const LoaderOptions& options,
                                        std::vector<Diagnostic>* diags) {
  std::vector<Diagnostic> found;
  Result<SourceSet> sources = CollectSources(path, options, &found);
  if (!sources.ok()) {
    diags->insert(diags->end(), found.begin(), found.end());
    return sources.status();
  }
  Result<LoadedWorkflow> loaded = LoadFromSources(*sources, options, &found);
  SortDiagnostics(&found);
  diags->insert(diags->end(), found.begin(), found.end());
  if (!loaded.ok() && !found.empty())
    return Status::InvalidArgument(path + ": " + std::to_string(found.size()) +
                                   (found.size() == 1 ? " error" : " errors"));
  return loaded;
}

}  // namespace kasane
