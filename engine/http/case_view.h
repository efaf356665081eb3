// Case JSON: a case, its journal and its tasks as the API shows them. Every
// value comes from runtime/case_service.h, already reduced to what the viewer
// may see; these functions only format.
#pragma once

#include <optional>
#include <string>

#include "http/api_call.h"
#include "runtime/case_service.h"

namespace kasane::http {

// Case `id_text` for the caller through the case service, audited as
// `action` with `detail` (no read entry when `action` is empty). Malformed,
// unknown, other-tenant and invisible cases all give the same 404 in *problem.
std::optional<CaseView> ResolveCase(const ApiCall& call, const std::string& id_text, const std::string& action,
                                    const std::string& detail, Reply* problem);

// Summary for lists: id, workflow, version, state with its label, times.
Value CaseSummaryJson(const CaseView& c);

// The full view: summary plus visible data and (for full members) members.
Value CaseJson(const CaseView& c);

// One journal entry (its payload already reduced).
Value EventJson(const VisibleEvent& e);

Value TaskJson(const TaskRecord& t);

}  // namespace kasane::http
