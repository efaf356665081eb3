// The session endpoints of /api/v1: login, logout, me.
//
// Login answers every failure (unknown tenant or user, wrong password) with
// the same 401, after running the same password check. Login and logout are
// audited (actor = username, never the password). All handlers are
// thread-safe and return problem replies instead of throwing.
#pragma once

#include <vector>

#include "http/api_call.h"
#include "http/api_context.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/sessions.h"

namespace kasane::http {

inline constexpr const char* kSessionCookie = "kasane_session";

// POST /api/v1/login {tenant, username, password}.
Reply HandleLogin(const ApiContext& ctx, const Request& req);

// POST /api/v1/logout and GET /api/v1/me.
const std::vector<ApiRoute>& SessionRoutes();

}  // namespace kasane::http
