// Transitions, with the tasks they create.
#pragma once

#include "definition/definition_draft.h"
#include "definition/yaml_reader.h"

namespace kasane {

// Reads `transitions:` of the top-level map into draft->transitions.
void ParseTransitions(MapReader* top, DefinitionDraft* draft);

}  // namespace kasane
