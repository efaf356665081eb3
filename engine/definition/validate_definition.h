// Checks of a merged definition that span elements: references between them
// and the shape of the state graph. Plugin functions and configs are checked
// when the plugins are bound (plugin_binding.h).
#pragma once

#include <vector>

#include "definition/definition_draft.h"
#include "definition/diagnostic.h"

namespace kasane {

// Undefined states, roles, agencies, forms, fields, task kinds and plugins;
// field ids declared with different types in two forms; final states with
// outgoing transitions; timers whose event no transition takes; several
// transitions on one event from one state where an earlier one has no guard;
// meetings whose form, attendees (a records field of that form with an
// `agency` column) or consent field (boolean) are wrong, or that share a form.
// Sets draft->graph_incomplete when a transition names an undefined state.
void ValidateReferences(DefinitionDraft* draft, std::vector<Diagnostic>* diags);

// No initial or final state; states unreachable from an initial state; non-final
// states with no way out; states from which no final state can be reached.
// The last three are skipped while draft.graph_incomplete is set, since they
// would only echo an error already reported.
void ValidateGraph(const DefinitionDraft& draft, std::vector<Diagnostic>* diags);

}  // namespace kasane
