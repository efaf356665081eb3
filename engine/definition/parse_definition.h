// ParseDefinition: one YAML file's node tree -> DefinitionDraft.
//
// Checks what can be checked inside one element (types, unknown and missing
// keys, id patterns, durations, field types, duplicate timers and plugin
// uses). References between elements are checked after `extends` is merged
// (validate_definition.h).
#pragma once

#include "definition/definition_draft.h"
#include "definition/yaml_reader.h"

namespace kasane {

// `root` is the document node of a file accepted by PrescanYaml. Problems go
// to the reader's diagnostics; the draft holds whatever could be read.
DefinitionDraft ParseDefinition(YamlReader* reader, const YAML::Node& root);

}  // namespace kasane
