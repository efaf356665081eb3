// Pre-scan of YAML text: refuses hostile input before a node tree is built.
//
// yaml-cpp's YAML::Load expands nothing itself, but walking its tree follows
// aliases, and its parser recurses per nesting level. The pre-scan streams the
// parser's events (YAML::EventHandler sees aliases without expanding them) and
// stops at the first limit crossed, so neither an alias bomb nor deep nesting
// ever reaches the tree walk.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "definition/diagnostic.h"

namespace kasane {

struct YamlLimits {
  size_t max_bytes = 1 << 20;
  int max_depth = 32;                  // nested maps and lists
  int max_aliases = 100;
  size_t max_alias_expansion = 100000;  // nodes reachable through aliases, counted expanded
  size_t max_nodes = 200000;            // nodes as written
};

// Checks `text` (reported as `file`): size, UTF-8 and control characters, YAML
// syntax, a single document, and the limits above. Also reports duplicate keys
// in any mapping and keys that are not scalars (yaml-cpp accepts both
// silently). Appends a diagnostic per problem. Returns true when the text may be
// handed to YAML::Load; duplicate or non-scalar keys alone do not prevent it
// (the tree walk keeps the first occurrence and skips non-scalar keys).
// Never throws.
bool PrescanYaml(std::string_view text, const std::string& file, const YamlLimits& limits,
                 std::vector<Diagnostic>* diags);

}  // namespace kasane
