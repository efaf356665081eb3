// The audit endpoints of /api/v1: the caller's tenant's audit log (filters,
// keyset paging) and verification of its hash chain. Reading the log is itself
// audited.
#pragma once

#include <vector>

#include "http/api_call.h"

namespace kasane::http {

const std::vector<ApiRoute>& AuditRoutes();

}  // namespace kasane::http
