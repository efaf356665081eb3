#include "http/case_handlers.h"

#include "http/case_view.h"
#include "http/problem.h"

namespace kasane::http {
namespace {

constexpr int64_t kMaxPage = 200;
constexpr size_t kMaxSearchBytes = 200;
constexpr size_t kMaxIdempotencyKeyBytes = 128;
// Cases one list request examines at most; a search that finds fewer matches
// answers with next_after, and the client asks again from there.
constexpr int64_t kMaxScannedPerRequest = 2000;

// Whether `needle` occurs in any string value of `data` (case-sensitive; Japanese
// text has no case).
bool ContainsText(const Value& data, const std::string& needle) {
  if (data.is_string()) return data.as_string().find(needle) != std::string::npos;
  if (data.is_array()) {
    for (const Value& v : data.as_array())
      if (ContainsText(v, needle)) return true;
  }
  if (data.is_object()) {
    for (const auto& [key, v] : data.as_object())
      if (ContainsText(v, needle)) return true;
  }
  return false;
}

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

  CaseFilter filter;
  filter.tenant = call.session.tenant;
  filter.workflow = QueryText(call.req, "workflow");
  filter.state = QueryText(call.req, "state");
  filter.member_agency = call.session.agency;
  filter.after_id = *after;
  filter.limit = static_cast<int>(kMaxPage);
  const Viewer viewer = ViewerOf(call.session);
  Array cases;
  bool more = !call.session.agency.empty();
  int64_t last_seen = *after;
  // Membership is filtered in SQL; consent and search need the definition, so
  // pages are read until enough visible matches are found.
  int64_t scanned = 0;
  while (more && static_cast<int64_t>(cases.size()) < *limit && scanned < kMaxScannedPerRequest) {
    Result<std::vector<CaseRecord>> page = call.ctx.store->ListCases(filter);
    if (!page.ok()) return StatusToProblem(page.status());
    more = static_cast<int64_t>(page->size()) == filter.limit;
    for (CaseRecord& record : *page) {
      filter.after_id = record.id;
      if (static_cast<int64_t>(cases.size()) >= *limit || scanned >= kMaxScannedPerRequest) {
        more = true;
        break;
      }
      ++scanned;
      last_seen = record.id;
      Result<WorkflowPtr> wf = call.ctx.registry->ByVersion(record.definition_version);
      if (!wf.ok()) return StatusToProblem(wf.status());
      VisibleCase c{std::move(record), *wf, Visibility::kNone};
      c.visibility = VisibilityOf(c.record, *c.workflow->definition, viewer);
      if (c.visibility == Visibility::kNone) continue;
      const Value data = VisibleData(c.record.data, *c.workflow->definition, viewer, c.visibility);
      if (!q.empty() && std::to_string(c.record.id) != q && !ContainsText(data, q)) continue;
      Value summary = CaseSummaryJson(c);
      if (c.visibility == Visibility::kFull) {
        if (const Value* title = data.find("main_complaint")) summary["main_complaint"] = *title;
      }
      cases.push_back(std::move(summary));
    }
  }
  KASANE_REPLY_IF_ERROR(AuditCall(call, "case.list", std::nullopt, "results=" + std::to_string(cases.size())));
  Value out;
  out["cases"] = Value(std::move(cases));
  if (more) out["next_after"] = last_seen;
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
  req.tenant = call.session.tenant;
  req.workflow = workflow->as_string();
  req.initial_state = state != nullptr ? state->as_string() : "";
  req.actor = call.actor();
  req.data = data != nullptr ? *data : Value(Object{});
  req.audit = AuditEntryFor(call, "case.create", req.workflow);  // written with the case
  Result<CaseRecord> created = call.ctx.engine->Create(req);
  if (!created.ok()) {
    (void)AuditCall(call, "case.create.refused", std::nullopt, req.workflow);
    return StatusToProblem(created.status());
  }
  Result<WorkflowPtr> wf = call.ctx.registry->ByVersion(created->definition_version);
  if (!wf.ok()) return StatusToProblem(wf.status());
  VisibleCase c{*created, *wf, VisibilityOf(*created, *(*wf)->definition, ViewerOf(call.session))};
  Reply r = JsonReply(201, CaseJson(c, ViewerOf(call.session)));
  r.headers.emplace_back("Location", "/api/v1/cases/" + std::to_string(created->id));
  return r;
}

// GET /api/v1/cases/{id}
Reply ReadCase(const ApiCall& call) {
  Reply problem;
  std::optional<VisibleCase> c = LoadVisibleCase(call, call.params[0], &problem);
  if (!c) return problem;
  KASANE_REPLY_IF_ERROR(AuditCall(call, "case.read", c->record.id, ""));
  Value out = CaseJson(*c, ViewerOf(call.session));
  if (c->visibility == Visibility::kFull) {
    Result<std::vector<CaseRecord>> children = call.ctx.store->Children(c->record.id);
    if (!children.ok()) return StatusToProblem(children.status());
    Array ids;
    for (const CaseRecord& child : *children) ids.emplace_back(child.id);
    out["children"] = Value(std::move(ids));
  }
  return JsonReply(200, out);
}

// GET /api/v1/cases/{id}/actions
Reply CaseActions(const ApiCall& call) {
  Reply problem;
  std::optional<VisibleCase> c = LoadVisibleCase(call, call.params[0], &problem);
  if (!c) return problem;
  KASANE_REPLY_IF_ERROR(AuditCall(call, "case.read", c->record.id, "actions"));
  Array out;
  {
    Result<std::vector<AvailableAction>> actions = call.ctx.engine->AvailableActions(c->record.id, call.actor());
    if (!actions.ok()) return StatusToProblem(actions.status());
    const Definition& def = *c->workflow->definition;
    for (const AvailableAction& a : *actions) {
      Value action;
      action["event"] = a.event;
      action["label"] = LocalizedJson(a.label, a.event);
      action["to"] = a.to;
      action["allowed"] = a.allowed;
      if (!a.allowed) action["reason"] = a.reason;
      // The form the event takes (the transition's, else the state's), so a client can render it.
      const std::vector<const Transition*> ts = def.TransitionsFor(c->record.state, a.event);
      const State* state = def.FindState(c->record.state);
      std::string form = ts.empty() ? std::string() : ts.front()->form;
      if (form.empty() && state != nullptr) form = state->form;
      if (!form.empty()) action["form"] = form;
      out.push_back(std::move(action));
    }
  }
  Value body;
  body["case_id"] = c->record.id;
  body["version"] = c->record.version;
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

  std::optional<VisibleCase> c = LoadVisibleCase(call, call.params[0], &problem);
  if (!c) return problem;
  const Definition& def = *c->workflow->definition;
  FireRequest req;
  req.case_id = c->record.id;
  req.event = event->as_string();
  req.actor = call.actor();
  req.payload = payload != nullptr ? *payload : Value(Object{});
  if (expected != nullptr) req.expected_version = expected->as_int();
  req.idempotency_key = call.req.idempotency_key;
  req.audit = AuditEntryFor(call, "case.fire", req.event);  // written with the change
  Result<FireResult> fired = call.ctx.engine->Fire(req);
  if (!fired.ok()) {
    (void)AuditCall(call, "case.fire.refused", c->record.id, req.event);
    if (fired.status().code() == Status::Code::kGuardDenied)
      return ProblemReply(422, "guard_denied", fired.status().message());
    return StatusToProblem(fired.status());
  }
  if (fired->replayed) (void)AuditCall(call, "case.fire.replayed", c->record.id, req.event);
  VisibleCase after{fired->case_after, c->workflow, Visibility::kNone};
  after.visibility = VisibilityOf(after.record, def, ViewerOf(call.session));
  Value out;
  out["case"] = after.visibility == Visibility::kNone ? Value(Object{}) : CaseJson(after, ViewerOf(call.session));
  out["event"] = EventJson(fired->event, def, ViewerOf(call.session), after.visibility);
  out["replayed"] = fired->replayed;
  Array spawned;
  for (const CaseRecord& child : fired->spawned) spawned.emplace_back(child.id);
  out["spawned"] = Value(std::move(spawned));
  return JsonReply(fired->replayed ? 200 : 201, out);
}

// GET /api/v1/cases/{id}/history
Reply CaseHistory(const ApiCall& call) {
  Reply problem;
  std::optional<VisibleCase> c = LoadVisibleCase(call, call.params[0], &problem);
  if (!c) return problem;
  Result<std::vector<EventRecord>> events = call.ctx.store->History(c->record.id);
  if (!events.ok()) return StatusToProblem(events.status());
  KASANE_REPLY_IF_ERROR(AuditCall(call, "case.history", c->record.id, ""));
  const Viewer viewer = ViewerOf(call.session);
  Array out;
  for (const EventRecord& e : *events) {
    Result<WorkflowPtr> wf = call.ctx.registry->ByVersion(e.definition_version);
    if (!wf.ok()) return StatusToProblem(wf.status());
    Value json = EventJson(e, *(*wf)->definition, viewer, c->visibility);
    // A meeting-only member sees the entries that carry what it was shown.
    if (c->visibility == Visibility::kMeetingOnly && json["payload"].as_object().empty()) continue;
    out.push_back(std::move(json));
  }
  Value body;
  body["case_id"] = c->record.id;
  body["events"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/cases/{id}/tasks
Reply CaseTasks(const ApiCall& call) {
  Reply problem;
  std::optional<VisibleCase> c = LoadVisibleCase(call, call.params[0], &problem);
  if (!c) return problem;
  Array out;
  if (c->visibility == Visibility::kFull) {
    Result<std::vector<TaskRecord>> tasks = call.ctx.store->Tasks(c->record.id, false);
    if (!tasks.ok()) return StatusToProblem(tasks.status());
    for (const TaskRecord& t : *tasks) out.push_back(TaskJson(t));
  }
  KASANE_REPLY_IF_ERROR(AuditCall(call, "case.read", c->record.id, "tasks"));
  Value body;
  body["case_id"] = c->record.id;
  body["tasks"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/cases/{id}/meetings: each meeting record in the journal, as the
// viewer may see it (a restricted meeting's record only for its attendees).
Reply CaseMeetings(const ApiCall& call) {
  Reply problem;
  std::optional<VisibleCase> c = LoadVisibleCase(call, call.params[0], &problem);
  if (!c) return problem;
  Result<std::vector<EventRecord>> events = call.ctx.store->History(c->record.id);
  if (!events.ok()) return StatusToProblem(events.status());
  KASANE_REPLY_IF_ERROR(AuditCall(call, "case.read", c->record.id, "meetings"));
  const Viewer viewer = ViewerOf(call.session);
  Array out;
  for (const EventRecord& e : *events) {
    Result<WorkflowPtr> wf = call.ctx.registry->ByVersion(e.definition_version);
    if (!wf.ok()) return StatusToProblem(wf.status());
    const Definition& def = *(*wf)->definition;
    for (const MeetingSpec& m : def.meetings) {
      if (e.payload.find(m.attendees) == nullptr) continue;
      const Value record = VisibleData(e.payload, def, viewer, c->visibility);
      if (m.restricted && record.find(m.attendees) == nullptr) continue;  // not an attendee
      if (!m.restricted && c->visibility != Visibility::kFull) continue;
      Value meeting;
      meeting["meeting"] = m.id;
      meeting["label"] = LocalizedJson(m.label, m.id);
      meeting["restricted"] = m.restricted;
      meeting["seq"] = e.seq;
      meeting["at"] = FormatJst(e.at);
      meeting["event"] = e.event;
      meeting["actor"] = e.actor;
      meeting["record"] = record;
      out.push_back(std::move(meeting));
    }
  }
  Value body;
  body["case_id"] = c->record.id;
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
  Array out;
  if (!call.session.agency.empty()) {
    TaskFilter filter;
    filter.tenant = call.session.tenant;
    filter.agency = call.session.agency;
    filter.role = QueryText(call.req, "role");
    filter.after_id = *after;
    filter.limit = static_cast<int>(*limit);
    Result<std::vector<TaskRecord>> tasks = call.ctx.store->ListTasks(filter);
    if (!tasks.ok()) return StatusToProblem(tasks.status());
    for (const TaskRecord& t : *tasks) out.push_back(TaskJson(t));
  }
  KASANE_REPLY_IF_ERROR(AuditCall(call, "task.list", std::nullopt, "results=" + std::to_string(out.size())));
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
      {"GET", "/api/v1/cases/{id}", Permission::kCases, ReadCase, "One case as I may see it"},
      {"GET", "/api/v1/cases/{id}/actions", Permission::kCases, CaseActions,
       "The actions I may take now, with the reason a guarded one is unavailable"},
      {"POST", "/api/v1/cases/{id}/events", Permission::kCases, FireEvent,
       "Fire an event (Idempotency-Key header; expected_version gives 409 when stale)"},
      {"GET", "/api/v1/cases/{id}/history", Permission::kCases, CaseHistory, "The case's journal as I may see it"},
      {"GET", "/api/v1/cases/{id}/tasks", Permission::kCases, CaseTasks, "The case's tasks"},
      {"GET", "/api/v1/cases/{id}/meetings", Permission::kCases, CaseMeetings, "Meetings held on the case and their records"},
      {"GET", "/api/v1/tasks", Permission::kCases, MyTasks, "My agency's open tasks (inbox)"},
  };
  return routes;
}

}  // namespace kasane::http
