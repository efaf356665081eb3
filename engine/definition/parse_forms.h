// Forms and their fields.
#pragma once

#include "definition/definition_draft.h"
#include "definition/yaml_reader.h"

namespace kasane {

// Reads `forms:` of the top-level map into draft->forms.
void ParseForms(MapReader* top, DefinitionDraft* draft);

}  // namespace kasane
