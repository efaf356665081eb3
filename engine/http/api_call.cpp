#include "http/api_call.h"

#include <cstdio>

#include "http/problem.h"

namespace kasane::http {
namespace {
}  // namespace

std::optional<Value> ObjectBody(const Request& req, Reply* problem) {
  Result<Value> body = ParseJson(req.body);
  if (!body.ok()) {
    *problem = ProblemReply(400, "bad_request", "malformed JSON: " + body.status().message());
    return std::nullopt;
  }
  if (!body->is_object()) {
    *problem = ProblemReply(400, "bad_request", "the body must be a JSON object");
    return std::nullopt;
  }
  return std::move(*body);
}

std::optional<int64_t> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n <= 0) return std::nullopt;
  return n;
}

std::optional<int64_t> QueryInt(const Request& req, const std::string& name, int64_t fallback, int64_t min,
                                int64_t max, Reply* problem) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  const std::string& text = it->second;
  bool digits = !text.empty() && text.size() <= 18;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  const int64_t n = digits ? std::stoll(text) : -1;
  if (!digits || n < min || n > max) {
    *problem = ProblemReply(400, "bad_request",
                            "query parameter '" + name + "' must be an integer from " + std::to_string(min) + " to " +
                                std::to_string(max));
    return std::nullopt;
  }
  return n;
}

Value LocalizedJson(const LocalizedText& text, const std::string& fallback) {
  Value out;
  out["ja"] = !text.ja.empty() ? text.ja : !text.en.empty() ? text.en : fallback;
  out["en"] = !text.en.empty() ? text.en : !text.ja.empty() ? text.ja : fallback;
  return out;
}

AuditEntry AuditEntryFor(const ApiCall& call, const std::string& action, const std::string& detail) {
  return MakeAuditEntry(call.session.tenant, call.ctx.clock->Now(), call.session.username, call.session.role, action,
                        std::nullopt, detail);
}

Status AuditCall(const ApiCall& call, const std::string& action, std::optional<CaseId> case_id,
                 const std::string& detail) {
  AuditEntry e = AuditEntryFor(call, action, detail);
  e.case_id = case_id;
  Result<AuditEntry> stored = call.ctx.audit->Append(e);
  if (!stored.ok()) {
    std::fprintf(stderr, "kasane serve: audit write failed for action %s: %s\n", action.c_str(),
                 stored.status().ToString().c_str());
    return stored.status();
  }
  return Status::OK();
}

}  // namespace kasane::http
