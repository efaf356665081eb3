// Converts YAML nodes to Values: the free-form parts of a definition
// (settings, plugin configs, call arguments) and scenario data.
#pragma once

#include <map>
#include <string>

#include "definition/yaml_reader.h"
#include "util/value.h"

namespace kasane {

// Where each part of a converted value was written, by path: "" is the value
// itself, "matrix.C2" a map entry (at its key), "list.0" a list item.
using ValuePositions = std::map<std::string, SourcePos>;

// Plain scalars are typed the YAML 1.2 core way: true/false -> boolean,
// integers -> integer, decimals -> number, ~/null/empty -> null; quoted
// scalars stay strings. Maps become Objects (scalar keys as strings, first
// occurrence of a key wins), sequences Arrays. Positions are recorded in
// *positions when it is not null. Never throws. The node must come from text
// that passed the pre-scan (bounded depth and alias expansion).
Value YamlToValue(const YamlReader& reader, const YAML::Node& node, ValuePositions* positions = nullptr);

// The same without positions.
Value YamlToValue(const YAML::Node& node);

}  // namespace kasane
