// The /api/v1 route table: every module's routes, and matching a path to them.
#pragma once

#include <string>
#include <vector>

#include "http/api_call.h"

namespace kasane::http {

// Every route of the API that needs a session, in a stable order (login and
// the OpenAPI document are served without one and are not listed here).
const std::vector<ApiRoute>& ApiRoutes();

// Whether `path` matches `pattern`; fills *params with the {…} segments.
bool MatchPattern(const std::string& pattern, const std::string& path, std::vector<std::string>* params);

}  // namespace kasane::http
