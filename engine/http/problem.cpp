#include "http/problem.h"

namespace kasane::http {
namespace {

std::string_view Title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

}  // namespace

Reply JsonReply(int status, const Value& body) {
  Reply r;
  r.status = status;
  r.body = body.ToJson();
  return r;
}

Reply ProblemReply(int status, std::string_view code, std::string_view detail, Value extra) {
  Value doc = extra.is_object() ? std::move(extra) : Value(Object{});
  doc["type"] = "about:blank";
  doc["title"] = Title(status);
  doc["status"] = status;
  doc["code"] = code;
  doc["detail"] = detail;
  Reply r = JsonReply(status, doc);
  r.content_type = "application/problem+json; charset=utf-8";
  return r;
}

Reply StatusToProblem(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
      return ProblemReply(400, "bad_request", status.message());
    case Status::Code::kNotFound:
      return ProblemReply(404, "not_found", status.message());
    case Status::Code::kPermissionDenied:
      return ProblemReply(403, "forbidden", status.message());
    case Status::Code::kGuardDenied:
    case Status::Code::kConflict:
    case Status::Code::kAlreadyExists:
      return ProblemReply(409, "conflict", status.message());
    case Status::Code::kResourceExhausted:
      return ProblemReply(413, "payload_too_large", status.message());
    default:
      return ProblemReply(500, "internal", "internal error");
  }
}

Reply CaseWorkProblem(const Status& status) {
  switch (status.code()) {
    case Status::Code::kGuardDenied:
      return ProblemReply(422, "guard_denied", status.message());
    case Status::Code::kPluginError:
      return ProblemReply(422, "plugin_failed", status.message());
    case Status::Code::kDeadlineExceeded:
      return ProblemReply(422, "plugin_timeout", status.message());
    case Status::Code::kResourceExhausted:  // nothing else in the engine's case work is bounded so
      return ProblemReply(422, "plugin_limit", status.message());
    default:
      return StatusToProblem(status);
  }
}

}  // namespace kasane::http
