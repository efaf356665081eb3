#include "http/router.h"

#include "http/case_view.h"

#include <optional>

#include "http/api_routes.h"
#include "http/auth_handlers.h"
#include "http/static_files.h"
#include "http/openapi.h"
#include "http/problem.h"
#include "util/text.h"

namespace kasane::http {

bool ChangesState(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

namespace {

Reply MethodNotAllowed(const char* allow) {
  Reply r = ProblemReply(405, "method_not_allowed", std::string("allowed: ") + allow);
  r.headers.emplace_back("Allow", allow);
  return r;
}

// Equal-length comparison that does not stop at the first difference.
bool TokensEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

Reply RouteApi(const ApiContext& ctx, const Request& req) {
  if (req.path == "/api/v1/login") {
    if (req.method != "POST") return MethodNotAllowed("POST");
    return HandleLogin(ctx, req);
  }
  if (req.path == "/api/v1/openapi.json") {
    if (req.method != "GET") return MethodNotAllowed("GET");
    // Built once (thread-safe static initialisation); the route table is fixed at start.
    static const std::string document = OpenApiDocument(ApiRoutes()).ToJson();
    Reply r;
    r.body = document;
    return r;
  }
  std::optional<Session> session;
  if (!req.session_token.empty()) session = ctx.sessions->Use(req.session_token);
  if (!session) return ProblemReply(401, "unauthorized", "log in first");
  if (ChangesState(req.method) && !TokensEqual(req.csrf_header, session->csrf_token)) {
    return ProblemReply(403, "csrf", "missing or wrong X-CSRF-Token header");
  }
  std::string allow;
  for (const ApiRoute& route : ApiRoutes()) {
    std::vector<std::string> params;
    if (!MatchPattern(route.pattern, req.path, &params)) continue;
    if (req.method != route.method) {
      allow += (allow.empty() ? "" : ", ") + std::string(route.method);
      continue;
    }
    if (!Grants(KindOfRole(session->role), route.permission)) {
      return ProblemReply(403, "forbidden",
                          std::string("role '") + session->role + "' may not use this endpoint (needs " +
                              PermissionName(route.permission) + ")");
    }
    ApiCall call{ctx, req, *session, std::move(params), std::nullopt};
    if (route.case_param.names_case) {
      Reply problem;
      call.case_view = ResolveCase(call, call.params[0], route.case_param.read_action, route.case_param.read_detail,
                                   &problem);
      if (!call.case_view) return problem;
    }
    return route.handler(call);
  }
  if (!allow.empty()) return MethodNotAllowed(allow.c_str());
  return ProblemReply(404, "not_found", "no such resource");
}

}  // namespace

Reply Route(const ApiContext& ctx, const Metrics& metrics, const Request& req) {
  if (req.path == "/healthz") {
    if (req.method != "GET") return MethodNotAllowed("GET");
    Value ok;
    ok["status"] = "ok";
    return JsonReply(200, ok);
  }
  if (req.path == "/metrics") {
    if (req.method != "GET") return MethodNotAllowed("GET");
    Reply r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics.Render();
    if (ctx.scheduler != nullptr) r.body += RenderTimerMetrics(ctx.scheduler->metrics());
    return r;
  }
  if (StartsWith(req.path, "/api/")) return RouteApi(ctx, req);
  if (std::optional<Reply> file = ServeStaticFile(ctx.config->web_root, req)) return std::move(*file);
  return ProblemReply(404, "not_found", "no such resource");
}

}  // namespace kasane::http
