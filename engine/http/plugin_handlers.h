// The plugin endpoints of /api/v1 (workflows.read): the Lua plugins the
// caller's tenant's active workflows use, each with its config schema (as
// data), the config each workflow gives it, and its source text. Read-only:
// plugins change only with a new definition version. Thread-safe.
#pragma once

#include <vector>

#include "http/api_call.h"

namespace kasane::http {

const std::vector<ApiRoute>& PluginRoutes();

}  // namespace kasane::http
