// RFC 7807 problem documents: every error response of the API.
//
// The body is {"type","title","status","detail","code"} with Content-Type
// application/problem+json. `code` is stable and meant for programs:
//   bad_request 400, unauthorized 401, forbidden 403, csrf 403, not_found 404,
//   method_not_allowed 405, conflict 409 (stale version), payload_too_large 413,
//   guard_denied 422 (detail: the reason), plugin_failed 422, plugin_timeout 422, plugin_limit 422,
//   invalid_workflow 422, too_many_attempts 429, internal 500.
// `detail` never carries personal data.
#pragma once

#include <string>
#include <string_view>

#include "http/reply.h"
#include "util/status.h"

namespace kasane::http {

// A problem reply with the given HTTP status, stable code and detail; the
// members of `extra` (an object, e.g. {"diagnostics": [...]}) are added.
Reply ProblemReply(int status, std::string_view code, std::string_view detail, Value extra = {});

// The one mapping from a kasane Status (not OK) to a problem reply. Errors
// that are kasane's fault (I/O, corruption, plugin failures, bugs) become 500
// `internal` without their message, which may name files or data.
Reply StatusToProblem(const Status& status);

// For work that runs the workflow's plugins (creating a case, firing an
// event): a refusal or a plugin's failure is the caseworker's action failing,
// 422 with the plugin and function named in `detail`, never 500:
//   guard_denied   a guard refused (detail: the reason)
//   plugin_failed  a plugin raised an error or broke the definition's rules
//   plugin_timeout a plugin call ran past its CPU budget
//   plugin_limit   a plugin call ran out of memory or recorded too many changes
// Anything else as StatusToProblem.
Reply CaseWorkProblem(const Status& status);

}  // namespace kasane::http
