// Route: picks the handler for a bounded Request and applies the API's rules
// (session required under /api/v1 except login and the OpenAPI document; CSRF
// token on state-changing requests with a session; the route's permission for
// the user's role; 405 with Allow for a known path, 404 otherwise). Paths
// outside /api/ are the console's static files (static_files.h).
// Thread-safe; never throws a kasane error (problems are replies).
#pragma once

#include "http/api_context.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/request.h"

namespace kasane::http {

Reply Route(const ApiContext& ctx, const Metrics& metrics, const Request& req);

}  // namespace kasane::http
