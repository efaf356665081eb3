// SourceSet: every source of one definition version, and its canonical bundle.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "util/status.h"

namespace kasane {

// The YAML files of a definition (the root and its `extends` chain) and the
// sources of the plugins it uses. Its canonical JSON is what a deployed
// version stores, and its SHA-256 is the definition's content hash.
struct SourceSet {
  std::string root;                                      // key of the root file in workflow_files
  std::map<std::string, std::string> workflow_files;    // file name ("toyonaka.yaml") -> YAML text
  std::map<std::string, std::string> plugin_sources;    // plugin name -> plugin.lua text

  // Not part of the bundle: where the sources were read from (for messages),
  // and what could not be read (already reported by CollectSources).
  std::map<std::string, std::string> file_paths;    // file name -> path as given
  std::map<std::string, std::string> plugin_paths;  // plugin name -> path of its plugin.lua
  std::set<std::string> unreadable_files;           // file names
  std::set<std::string> unreadable_plugins;         // plugin names

  // The path a file was read from, or its name.
  std::string DisplayName(const std::string& file_name) const;

  // {"format":"kasane-bundle/1","plugins":{...},"root":"...","workflows":{...}}
  // with sorted keys: equal sources give byte-identical JSON.
  std::string ToBundleJson() const;
  // Parses a bundle; InvalidArgument names what is malformed.
  static Result<SourceSet> FromBundleJson(std::string_view json);
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace kasane
