// Converts YAML nodes to Values (plugin configs, settings, scenario data).
#pragma once

#include <yaml-cpp/yaml.h>

#include "util/value.h"

namespace kasane {

// Plain scalars are typed the YAML 1.2 core way: true/false -> boolean,
// integers -> integer, decimals -> number, ~/null/empty -> null; quoted
// scalars stay strings. Maps become Objects (keys as strings), sequences Arrays.
// The node must already have passed the pre-scan limits (depth, aliases, size).
Value YamlToValue(const YAML::Node& node);

}  // namespace kasane
