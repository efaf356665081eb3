// ApiCall and ApiRoute: how /api/v1 handlers are declared and called.
//
// Each handler module lists its routes (method, path pattern, permission,
// summary) as data; the router matches a request against every module's list,
// answers 404/405 itself, refuses a role without the route's permission (403)
// and only then calls the handler. Handlers never throw and never see a
// request without a live session and a valid CSRF token.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/api_context.h"
#include "http/permissions.h"
#include "http/problem.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/sessions.h"
#include "runtime/case_service.h"

namespace kasane::http {

struct ApiCall {
  const ApiContext& ctx;
  const Request& req;
  const Session& session;
  std::vector<std::string> params;  // the {…} segments of the route's pattern, in order
  // For a route that names a case (ApiRoute::names_case): the case as the
  // caller may see it, resolved through the case service before the handler runs.
  std::optional<CaseView> case_view;

  // The session's user as the engine's actor.
  Actor actor() const { return Actor{session.username, session.role, session.agency, session.tenant}; }
};

using ApiHandler = Reply (*)(const ApiCall&);

// A route whose first path parameter is a case id: the router resolves it
// through the case service (audited as `read_action` with `read_detail`; no
// read entry when the action is empty, for a write that carries its own) and
// answers 404 "no such case" itself for a case the caller may not see.
struct CaseParam {
  bool names_case = false;
  const char* read_action = "";
  const char* read_detail = "";
};

struct ApiRoute {
  const char* method;
  const char* pattern;  // "/api/v1/cases/{id}/events": a {name} matches one non-empty segment
  Permission permission;
  ApiHandler handler;
  const char* summary;  // one line for the OpenAPI document
  CaseParam case_param = {};
};

// The JSON object in the request body, or a 400 problem in *problem.
std::optional<Value> ObjectBody(const Request& req, Reply* problem);

// A positive integer path parameter or query value; nullopt when absent or not one.
std::optional<int64_t> ParseId(const std::string& text);

// Query parameter `name` as an integer in [min, max]; `fallback` when absent,
// nullopt (after filling *problem with a 400) when malformed or out of range.
std::optional<int64_t> QueryInt(const Request& req, const std::string& name, int64_t fallback, int64_t min,
                                int64_t max, Reply* problem);

// {"ja","en"} for a bilingual label: a missing language falls back to the
// other one, then to `fallback` (usually the id).
Value LocalizedJson(const LocalizedText& text, const std::string& fallback);

// An audit entry for the session's user (tenant, actor, role, time), for a
// write that carries it into its own transaction (CreateRequest/FireRequest).
AuditEntry AuditEntryFor(const ApiCall& call, const std::string& action, const std::string& detail);

// Appends an audit entry for the session's user. Reads audit before they
// answer and fail closed (500) when the entry cannot be written; writes carry
// their entry into their own transaction instead (AuditEntryFor). A failure
// is reported on stderr without personal data.
Status AuditCall(const ApiCall& call, const std::string& action, std::optional<CaseId> case_id,
               const std::string& detail);

}  // namespace kasane::http

// In a handler: answers the problem for a failed Status (reads fail closed).
#define KASANE_REPLY_IF_ERROR(expr)                                                  \
  do {                                                                               \
    ::kasane::Status _kasane_reply_s = (expr);                                       \
    if (!_kasane_reply_s.ok()) return ::kasane::http::StatusToProblem(_kasane_reply_s); \
  } while (0)
