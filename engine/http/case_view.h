// CaseView: one case as the API shows it to one user — loaded, judged by
// runtime/case_access.h, and turned into JSON with only what the user may see.
#pragma once

#include <optional>

#include "http/api_call.h"
#include "runtime/case_access.h"

namespace kasane::http {

struct VisibleCase {
  CaseRecord record;
  WorkflowPtr workflow;  // the version the case pinned
  Visibility visibility = Visibility::kNone;
};

// Loads case `params[0]` for the caller. Unknown, malformed, other-tenant and
// invisible cases all give the same 404 in *problem (and audit the refusal).
std::optional<VisibleCase> LoadVisibleCase(const ApiCall& call, const std::string& id_text, Reply* problem);

// The viewer the session stands for.
Viewer ViewerOf(const Session& session);

// Summary for lists: id, workflow, version, state with its label, times.
Value CaseSummaryJson(const VisibleCase& c);

// The full view: summary plus visible data and (for full members) members.
Value CaseJson(const VisibleCase& c, const Viewer& viewer);

// One journal entry with its payload reduced to what the viewer may see.
Value EventJson(const EventRecord& e, const Definition& def, const Viewer& viewer, Visibility visibility);

Value TaskJson(const TaskRecord& t);

}  // namespace kasane::http
