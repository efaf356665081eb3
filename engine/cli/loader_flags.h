// Flags every definition-reading subcommand accepts.
#pragma once

#include <set>
#include <string>

#include "cli/cli_args.h"
#include "definition/loader.h"

namespace kasane::cli {

inline const std::set<std::string>& LoaderFlagNames() {
  static const std::set<std::string> kNames = {"workflows", "plugins"};
  return kNames;
}

inline LoaderOptions LoaderOptionsFrom(const Args& args) {
  LoaderOptions options;
  options.plugins_dir = args.get("plugins", "plugins");
  options.workflow_dirs.push_back(args.get("workflows", "workflows"));
  return options;
}

// Merges the loader flags into a subcommand's own value flags.
inline std::set<std::string> WithLoaderFlags(std::set<std::string> flags) {
  flags.insert(LoaderFlagNames().begin(), LoaderFlagNames().end());
  return flags;
}

}  // namespace kasane::cli
