#include "http/case_view.h"

#include "http/problem.h"
#include "util/time.h"

namespace kasane::http {

std::optional<CaseView> ResolveCase(const ApiCall& call, const std::string& id_text, const std::string& action,
                                    const std::string& detail, Reply* problem) {
  std::optional<CaseId> id = ParseId(id_text);
  if (!id) {
    *problem = ProblemReply(404, "not_found", "no such case");
    return std::nullopt;
  }
  Result<CaseView> c = call.ctx.cases->Read(call.actor(), *id, action, detail, call.req.method + " " + call.req.path);
  if (!c.ok()) {
    *problem = StatusToProblem(c.status());
    return std::nullopt;
  }
  return std::move(*c);
}

Value CaseSummaryJson(const CaseView& c) {
  const Definition& def = c.definition();
  Value out;
  out["id"] = c.record().id;
  out["workflow"] = c.record().workflow;
  out["workflow_title"] = LocalizedJson(def.title, def.id);
  out["definition_version"] = c.record().definition_version;
  Value state;
  state["id"] = c.record().state;
  const State* s = def.FindState(c.record().state);
  state["label"] = LocalizedJson(s ? s->label : LocalizedText{}, c.record().state);
  state["final"] = s != nullptr && s->final;
  out["state"] = std::move(state);
  out["version"] = c.record().version;
  if (c.record().parent_id != 0) out["parent_id"] = c.record().parent_id;
  out["created_at"] = FormatJst(c.record().created_at);
  out["updated_at"] = FormatJst(c.record().updated_at);
  out["visibility"] = VisibilityName(c.visibility());
  return out;
}

Value CaseJson(const CaseView& c) {
  const Definition& def = c.definition();
  Value out = CaseSummaryJson(c);
  out["data"] = c.data();
  Array members;
  if (c.visibility() == Visibility::kFull) {
    for (const Member& m : c.record().members) {
      Value member;
      member["agency"] = m.agency;
      const Agency* a = def.FindAgency(m.agency);
      member["label"] = LocalizedJson(a ? a->label : LocalizedText{}, m.agency);
      member["relation"] = m.relation;
      members.push_back(std::move(member));
    }
  }
  out["members"] = Value(std::move(members));
  return out;
}

Value EventJson(const VisibleEvent& v) {
  const EventRecord& e = v.event;
  Value out;
  out["seq"] = e.seq;
  out["at"] = FormatJst(e.at);
  out["actor"] = e.actor;
  out["role"] = e.role;
  out["agency"] = e.agency;
  out["event"] = e.event;
  out["from"] = e.from_state;
  out["to"] = e.to_state;
  out["payload"] = e.payload;
  out["decisions"] = e.decisions;
  out["definition_version"] = e.definition_version;
  return out;
}

Value TaskJson(const TaskRecord& t) {
  Value out;
  out["id"] = t.id;
  out["case_id"] = t.case_id;
  out["kind"] = t.kind;
  out["agency"] = t.agency;
  out["role"] = t.role;
  out["title"] = LocalizedJson(t.title, t.kind);
  if (t.due_at) out["due_at"] = FormatJst(*t.due_at);
  out["open"] = t.open;
  out["created_at"] = FormatJst(t.created_at);
  if (t.closed_at) out["closed_at"] = FormatJst(*t.closed_at);
  return out;
}

}  // namespace kasane::http
