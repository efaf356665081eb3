// The directory endpoints of /api/v1: the tenant's users, roles and agencies.
// Users are listed without their password hashes; only the caller's tenant.
#pragma once

#include <vector>

#include "http/api_call.h"

namespace kasane::http {

const std::vector<ApiRoute>& DirectoryRoutes();

}  // namespace kasane::http
