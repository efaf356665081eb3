// The validated, merged draft -> the immutable model.
#pragma once

#include "definition/definition_draft.h"
#include "model/definition.h"

namespace kasane {

// Moves the elements out of `draft`. Call only once the draft is free of
// problems: the result is used as is by the runtime.
Definition BuildDefinition(DefinitionDraft&& draft);

}  // namespace kasane
