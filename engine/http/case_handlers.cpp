#include "http/case_handlers.h"

#include "http/case_view.h"
#include "http/problem.h"

namespace kasane::http {
namespace {

constexpr int64_t kMaxPage = 200;
constexpr size_t kMaxSearchBytes = 200;
constexpr size_t kMaxIdempotencyKeyBytes = 128;

std::string QueryText(const Request& req, const std::string& name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}

// GET /api/v1/cases?workflow=&state=&q=&after=&limit=
Reply ListCases(const ApiCall& call) {
  Reply problem;
  const std::optional<int64_t> limit = QueryInt(call.req, "limit", 50, 1, kMaxPage, &problem);
  if (!limit) return problem;
  const std::optional<int64_t> after = QueryInt(call.req, "after", 0, 0, INT64_MAX / 2, &problem);
  if (!after) return problem;
  const std::string q = QueryText(call.req, "q");
  if (q.size() > kMaxSearchBytes) return ProblemReply(400, "bad_request", "the search text is too long");

  CaseQuery query;
  query.workflow = QueryText(call.req, "workflow");
  query.state = QueryText(call.req, "state");
  query.text = q;
  query.after = *after;
  query.limit = static_cast<int>(*limit);
  Result<CasePage> page = call.ctx.cases->List(call.actor(), query);
  if (!page.ok()) return StatusToProblem(page.status());
  Array cases;
  for (const CaseView& c : page->cases) {
    Value summary = CaseSummaryJson(c);
    if (c.visibility() == Visibility::kFull) {
      if (const Value* title = c.data().find("main_complaint")) summary["main_complaint"] = *title;
    }
    cases.push_back(std::move(summary));
  }
  Value out;
  out["cases"] = Value(std::move(cases));
  if (page->next_after) out["next_after"] = *page->next_after;
  return JsonReply(200, out);
}

// POST /api/v1/cases {workflow, state?, data?}
Reply CreateCase(const ApiCall& call) {
  Reply problem;
  std::optional<Value> body = ObjectBody(call.req, &problem);
  if (!body) return problem;
  for (const auto& [key, value] : body->as_object()) {
    if (key != "workflow" && key != "state" && key != "data")
      return ProblemReply(400, "bad_request", "unknown field '" + key + "' (expected workflow, state, data)");
  }
  const Value* workflow = body->find("workflow");
  const Value* state = body->find("state");
  const Value* data = body->find("data");
  if (workflow == nullptr || !workflow->is_string()) return ProblemReply(400, "bad_request", "'workflow' must be a string");
  if (state != nullptr && !state->is_string()) return ProblemReply(400, "bad_request", "'state' must be a string");
  if (data != nullptr && !data->is_object()) return ProblemReply(400, "bad_request", "'data' must be an object");
  CreateRequest req;
  req.workflow = workflow->as_string();
  req.initial_state = state != nullptr ? state->as_string() : "";
  req.data = data != nullptr ? *data : Value(Object{});
  Result<CaseView> created = call.ctx.cases->Create(call.actor(), std::move(req));
  if (!created.ok()) return CaseWorkProblem(created.status());
  Reply r = JsonReply(201, CaseJson(*created));
  r.headers.emplace_back("Location", "/api/v1/cases/" + std::to_string(created->record().id));
  return r;
}

// GET /api/v1/cases/{id}
Reply ReadCase(const ApiCall& call) {
  const std::optional<CaseView>& c = call.case_view;  // resolved by the router
  Value out = CaseJson(*c);
  if (c->visibility() == Visibility::kFull) {
    Result<std::vector<CaseId>> children = call.ctx.cases->Children(*c);
    if (!children.ok()) return StatusToProblem(children.status());
    Array ids;
    for (CaseId child : *children) ids.emplace_back(child);
    out["children"] = Value(std::move(ids));
  }
  return JsonReply(200, out);
}

// GET /api/v1/cases/{id}/actions
Reply CaseActions(const ApiCall& call) {
  const std::optional<CaseView>& c = call.case_view;  // resolved by the router
  Array out;
  {
    Result<std::vector<AvailableAction>> actions = call.ctx.cases->Actions(call.actor(), *c);
    if (!actions.ok()) return StatusToProblem(actions.status());
    const Definition& def = c->definition();
    for (const AvailableAction& a : *actions) {
      Value action;
      action["event"] = a.event;
      action["label"] = LocalizedJson(a.label, a.event);
      action["to"] = a.to;
      action["allowed"] = a.allowed;
      if (!a.allowed) action["reason"] = a.reason;
      // The form the event takes (the transition's, else the state's), so a client can render it.
      const std::vector<const Transition*> ts = def.TransitionsFor(c->record().state, a.event);
      const State* state = def.FindState(c->record().state);
      std::string form = ts.empty() ? std::string() : ts.front()->form;
      if (form.empty() && state != nullptr) form = state->form;
      if (!form.empty()) action["form"] = form;
      out.push_back(std::move(action));
    }
  }
  Value body;
  body["case_id"] = c->record().id;
  body["version"] = c->record().version;
  body["actions"] = Value(std::move(out));
  return JsonReply(200, body);
}

// POST /api/v1/cases/{id}/events {event, payload?, expected_version?}
// Idempotency-Key: a retried request with the same key is answered, not re-run.
Reply FireEvent(const ApiCall& call) {
  Reply problem;
  std::optional<Value> body = ObjectBody(call.req, &problem);
  if (!body) return problem;
  for (const auto& [key, value] : body->as_object()) {
    if (key != "event" && key != "payload" && key != "expected_version")
      return ProblemReply(400, "bad_request", "unknown field '" + key + "' (expected event, payload, expected_version)");
  }
  const Value* event = body->find("event");
  const Value* payload = body->find("payload");
  const Value* expected = body->find("expected_version");
  if (event == nullptr || !event->is_string() || event->as_string().empty())
    return ProblemReply(400, "bad_request", "'event' must be a non-empty string");
  if (payload != nullptr && !payload->is_object()) return ProblemReply(400, "bad_request", "'payload' must be an object");
  if (expected != nullptr && !expected->is_int()) return ProblemReply(400, "bad_request", "'expected_version' must be an integer");
  if (call.req.idempotency_key.size() > kMaxIdempotencyKeyBytes)
    return ProblemReply(400, "bad_request", "the Idempotency-Key header is longer than 128 bytes");

  const std::optional<CaseView>& c = call.case_view;  // resolved by the router
  FireRequest req;
  req.event = event->as_string();
  req.payload = payload != nullptr ? *payload : Value(Object{});
  if (expected != nullptr) req.expected_version = expected->as_int();
  req.idempotency_key = call.req.idempotency_key;
  Result<FireOutcome> fired = call.ctx.cases->Fire(call.actor(), *c, std::move(req));
  if (!fired.ok()) return CaseWorkProblem(fired.status());
  Value out;
  out["case"] = fired->after ? CaseJson(*fired->after) : Value(Object{});
  out["event"] = EventJson(fired->event);
  out["replayed"] = fired->result.replayed;
  Array spawned;
  for (const CaseRecord& child : fired->result.spawned) spawned.emplace_back(child.id);
  out["spawned"] = Value(std::move(spawned));
  return JsonReply(fired->result.replayed ? 200 : 201, out);
}

// GET /api/v1/cases/{id}/history
Reply CaseHistory(const ApiCall& call) {
  const std::optional<CaseView>& c = call.case_view;  // resolved by the router
  Result<std::vector<VisibleEvent>> events = call.ctx.cases->History(*c);
  if (!events.ok()) return StatusToProblem(events.status());
  Array out;
  for (const VisibleEvent& e : *events) out.push_back(EventJson(e));
  Value body;
  body["case_id"] = c->record().id;
  body["events"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/cases/{id}/tasks
Reply CaseTasks(const ApiCall& call) {
  const std::optional<CaseView>& c = call.case_view;  // resolved by the router
  Result<std::vector<TaskRecord>> tasks = call.ctx.cases->Tasks(*c);
  if (!tasks.ok()) return StatusToProblem(tasks.status());
  Array out;
  for (const TaskRecord& t : *tasks) out.push_back(TaskJson(t));
  Value body;
  body["case_id"] = c->record().id;
  body["tasks"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/cases/{id}/meetings: each meeting record in the journal, as the
// viewer may see it (a restricted meeting's record only for its attendees).
Reply CaseMeetings(const ApiCall& call) {
  const std::optional<CaseView>& c = call.case_view;  // resolved by the router
  Result<std::vector<VisibleMeeting>> meetings = call.ctx.cases->Meetings(*c);
  if (!meetings.ok()) return StatusToProblem(meetings.status());
  Array out;
  for (const VisibleMeeting& m : *meetings) {
    Value meeting;
    meeting["meeting"] = m.meeting->id;
    meeting["label"] = LocalizedJson(m.meeting->label, m.meeting->id);
    meeting["restricted"] = m.meeting->restricted;
    meeting["seq"] = m.event.seq;
    meeting["at"] = FormatJst(m.event.at);
    meeting["event"] = m.event.event;
    meeting["actor"] = m.event.actor;
    meeting["record"] = m.event.payload;
    out.push_back(std::move(meeting));
  }
  Value body;
  body["case_id"] = c->record().id;
  body["meetings"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/tasks?role=&after=&limit=: the open tasks of my agency.
Reply MyTasks(const ApiCall& call) {
  Reply problem;
  const std::optional<int64_t> limit = QueryInt(call.req, "limit", 100, 1, kMaxPage, &problem);
  if (!limit) return problem;
  const std::optional<int64_t> after = QueryInt(call.req, "after", 0, 0, INT64_MAX / 2, &problem);
  if (!after) return problem;
  Result<std::vector<TaskRecord>> tasks =
      call.ctx.cases->Inbox(call.actor(), QueryText(call.req, "role"), *after, static_cast<int>(*limit));
  if (!tasks.ok()) return StatusToProblem(tasks.status());
  Array out;
  for (const TaskRecord& t : *tasks) out.push_back(TaskJson(t));
  Value body;
  body["agency"] = call.session.agency;
  body["tasks"] = Value(std::move(out));
  return JsonReply(200, body);
}

}  // namespace

const std::vector<ApiRoute>& CaseRoutes() {
  static const std::vector<ApiRoute> routes = {
      {"GET", "/api/v1/cases", Permission::kCases, ListCases, "Cases my agency may see, with filters, search and paging"},
      {"POST", "/api/v1/cases", Permission::kCases, CreateCase, "Open a case (consultation received)"},
      {"GET", "/api/v1/cases/{id}", Permission::kCases, ReadCase, "One case as I may see it", {true, "case.read", ""}},
      {"GET", "/api/v1/cases/{id}/actions", Permission::kCases, CaseActions,
       "The actions I may take now, with the reason a guarded one is unavailable", {true, "case.read", "actions"}},
      {"POST", "/api/v1/cases/{id}/events", Permission::kCases, FireEvent,
       "Fire an event (Idempotency-Key header; expected_version gives 409 when stale)", {true, "", ""}},
      {"GET", "/api/v1/cases/{id}/history", Permission::kCases, CaseHistory, "The case's journal as I may see it",
       {true, "case.history", ""}},
      {"GET", "/api/v1/cases/{id}/tasks", Permission::kCases, CaseTasks, "The case's tasks", {true, "case.read", "tasks"}},
      {"GET", "/api/v1/cases/{id}/meetings", Permission::kCases, CaseMeetings,
       "Meetings held on the case and their records", {true, "case.read", "meetings"}},
      {"GET", "/api/v1/tasks", Permission::kCases, MyTasks, "My agency's open tasks (inbox)"},
  };
  return routes;
}

}  // namespace kasane::http
