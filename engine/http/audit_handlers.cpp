#include "http/audit_handlers.h"

#include "util/time.h"

namespace kasane::http {
namespace {

Value EntryJson(const AuditEntry& e) {
  Value out;
  out["seq"] = e.seq;
  out["at"] = FormatJst(e.at);
  out["actor"] = e.actor;
  out["role"] = e.role;
  out["action"] = e.action;
  if (e.case_id) out["case_id"] = *e.case_id;
  out["detail"] = e.detail;
  out["hash"] = e.hash;
  return out;
}

// GET /api/v1/audit?case=&actor=&action=&after=&limit=
Reply ListAudit(const ApiCall& call) {
  Reply problem;
  const std::optional<int64_t> limit = QueryInt(call.req, "limit", 100, 1, 1000, &problem);
  if (!limit) return problem;
  const std::optional<int64_t> after = QueryInt(call.req, "after", 0, 0, INT64_MAX / 2, &problem);
  if (!after) return problem;
  const std::optional<int64_t> case_id = QueryInt(call.req, "case", 0, 0, INT64_MAX / 2, &problem);
  if (!case_id) return problem;
  AuditFilter filter;
  filter.tenant = call.session.tenant;
  if (*case_id > 0) filter.case_id = *case_id;
  if (auto it = call.req.query.find("actor"); it != call.req.query.end()) filter.actor = it->second;
  if (auto it = call.req.query.find("action"); it != call.req.query.end()) filter.action = it->second;
  filter.after_seq = *after;
  filter.limit = static_cast<int>(*limit);
  KASANE_REPLY_IF_ERROR(AuditCall(call, "audit.read", std::nullopt, ""));
  Result<std::vector<AuditEntry>> entries = call.ctx.audit->List(filter);
  if (!entries.ok()) return StatusToProblem(entries.status());
  Array out;
  for (const AuditEntry& e : *entries) out.push_back(EntryJson(e));
  Value body;
  body["entries"] = Value(std::move(out));
  if (!entries->empty() && static_cast<int64_t>(entries->size()) == *limit) body["next_after"] = entries->back().seq;
  return JsonReply(200, body);
}

// GET /api/v1/audit/verify
Reply VerifyAudit(const ApiCall& call) {
  KASANE_REPLY_IF_ERROR(AuditCall(call, "audit.verify", std::nullopt, ""));
  Result<AuditVerification> v = call.ctx.audit->Verify(call.session.tenant);
  if (!v.ok()) return StatusToProblem(v.status());
  Value body;
  body["ok"] = v->ok;
  body["entries"] = v->entries;
  if (!v->ok) {
    body["problem"] = v->problem;
    body["at_seq"] = v->at_seq;
  }
  return JsonReply(200, body);
}

}  // namespace

const std::vector<ApiRoute>& AuditRoutes() {
  static const std::vector<ApiRoute> routes = {
      {"GET", "/api/v1/audit", Permission::kAudit, ListAudit, "The tenant's audit log, filtered and paged"},
      {"GET", "/api/v1/audit/verify", Permission::kAudit, VerifyAudit, "Verify the tenant's audit hash chain"},
  };
  return routes;
}

}  // namespace kasane::http
