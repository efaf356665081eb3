// OpenApiDocument: the OpenAPI 3.0.3 description of the HTTP API, served at
// GET /api/v1/openapi.json without a session (it holds no data).
//
// The paths come from the route table, so a new route is described as soon as
// it is listed: a route with an entry in openapi.cpp's detail table gets its
// request body, query parameters and response schema; any other route gets a
// generic but valid operation. Login, the document itself, /healthz and
// /metrics are added here because they are served outside the route table.
#pragma once

#include <string_view>
#include <vector>

#include "http/api_call.h"
#include "util/value.h"

namespace kasane::http {

// Builds the document for `routes` (normally ApiRoutes()); `version` is
// info.version. Pure and thread-safe; the same routes give the same document,
// and operationIds depend only on each route's method and pattern (a clash
// gets a numeric suffix, in path order).
Value OpenApiDocument(const std::vector<ApiRoute>& routes, std::string_view version = "1");

}  // namespace kasane::http
