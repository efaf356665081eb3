// The case endpoints of /api/v1: list and search, create, read, available
// actions, fire an event, history, tasks, meetings; and the task inbox.
//
// Every handler applies runtime/case_access.h: a case the user's agency may not
// see answers 404 exactly like a case that does not exist (its existence is not
// revealed, in another tenant or not), and every read and write of case data
// is audited — who, which case, which action, never the data.
#pragma once

#include <vector>

#include "http/api_call.h"

namespace kasane::http {

const std::vector<ApiRoute>& CaseRoutes();

}  // namespace kasane::http
