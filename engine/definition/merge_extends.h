// `extends`: overlaying a child definition on its (already merged) base.
//
// Rules (docs/workflow-language.md, "extends"):
//  - title, description: the child's when written; settings: merged key by key,
//    the child's value wins;
//  - roles, agencies, forms, states, meetings: merged by id; a child entry replaces the
//    base entry of the same id wholesale (keeping its place in the order), new
//    ids are appended, `id: ~` removes the base entry. Removing a state also
//    takes it out of the inherited transitions (a transition left without
//    source states, or leading to it, is dropped);
//  - transitions: the base list, then the child's. A child transition with
//    `replaces: <event>` takes the place of the base transitions on that event
//    from the states it lists; `remove: true` drops them;
//  - plugins: merged by name; a child's `with:` replaces the base's config.
#pragma once

#include <vector>

#include "definition/definition_draft.h"
#include "definition/diagnostic.h"

namespace kasane {

// Returns `base` overlaid with `child`. Problems (removing what the base does
// not have, `replaces`/`remove` that match nothing) go to *diags.
DefinitionDraft MergeExtends(DefinitionDraft base, DefinitionDraft child, std::vector<Diagnostic>* diags);

// For the first definition of a chain (it extends nothing): reports removals,
// `replaces` and `remove`, which need a base, and drops them.
void DropInheritanceOps(DefinitionDraft* draft, std::vector<Diagnostic>* diags);

// Expands `from: "*"` to every non-final state (in state order) except those a
// child took over. Call once, after the whole chain is merged.
void ExpandWildcards(DefinitionDraft* draft);

}  // namespace kasane
