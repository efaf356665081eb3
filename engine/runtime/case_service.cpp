#include "runtime/case_service.h"

#include <utility>

#include "runtime/audit_log.h"

namespace kasane {
namespace {

constexpr int kListPage = 200;

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

const Status& NoSuchCase() {
  static const Status s = Status::NotFound("no such case");
  return s;
}

}  // namespace

Viewer ViewerOf(const Actor& who) { return Viewer{who.tenant, who.agency}; }

CaseView::CaseView(CaseRecord record, WorkflowPtr workflow, const Viewer& viewer)
    : record_(std::move(record)), workflow_(std::move(workflow)), viewer_(viewer) {
  visibility_ = VisibilityOf(record_, *workflow_->definition, viewer_);
  data_ = VisibleData(record_.data, *workflow_->definition, viewer_, visibility_);
}

AuditEntry CaseService::EntryFor(const Actor& who, const std::string& action, std::optional<CaseId> case_id,
                                 const std::string& detail) const {
  return MakeAuditEntry(who.tenant, clock_->Now(), who.id, who.role, action, case_id, detail);
}

Status CaseService::Audit(const Actor& who, const std::string& action, std::optional<CaseId> case_id,
                          const std::string& detail) {
  return store_->AppendAudit(EntryFor(who, action, case_id, detail)).status();
}

Result<CaseView> CaseService::ViewOf(CaseRecord record, const Actor& who) {
  Result<WorkflowPtr> wf = registry_->ByVersion(record.definition_version);
  if (!wf.ok()) return wf.status();
  return CaseView(std::move(record), std::move(*wf), kasane::ViewerOf(who));
}

Result<CaseView> CaseService::Read(const Actor& who, CaseId id, const std::string& action,
                                   const std::string& detail, const std::string& denied_detail) {
  Result<CaseRecord> loaded = store_->GetCase(id);
  if (!loaded.ok() && loaded.status().code() != Status::Code::kNotFound) return loaded.status();
  std::optional<CaseView> view;
  if (loaded.ok() && loaded->tenant == who.tenant && !who.is_timer()) {
    Result<CaseView> v = ViewOf(std::move(*loaded), who);
    if (!v.ok()) return v.status();
    if (v->visibility() != Visibility::kNone) view = std::move(*v);
  }
  if (!view) {
    // Refusals are audited in the caller's own tenant, never in the case's.
    (void)Audit(who, "case.denied", id, denied_detail);
    return NoSuchCase();
  }
  if (!action.empty()) KASANE_RETURN_IF_ERROR(Audit(who, action, id, detail));
  return std::move(*view);
}

Result<CasePage> CaseService::List(const Actor& who, const CaseQuery& query) {
  CasePage page;
  CaseFilter filter;
  filter.tenant = who.tenant;
  filter.workflow = query.workflow;
  filter.state = query.state;
  filter.member_agency = who.agency;
  filter.after_id = query.after;
  filter.limit = kListPage;
  bool more = !who.agency.empty();
  CaseId last_seen = query.after;
  // Membership is filtered in SQL; consent and search need the definition, so
  // pages are read until enough visible matches are found.
  int64_t scanned = 0;
  while (more && static_cast<int>(page.cases.size()) < query.limit && scanned < kMaxScannedPerList) {
    Result<std::vector<CaseRecord>> rows = store_->ListCases(filter);
    if (!rows.ok()) return rows.status();
    more = static_cast<int>(rows->size()) == filter.limit;
    for (CaseRecord& record : *rows) {
      filter.after_id = record.id;
      if (static_cast<int>(page.cases.size()) >= query.limit || scanned >= kMaxScannedPerList) {
        more = true;
        break;
      }
      ++scanned;
      last_seen = record.id;
      Result<CaseView> view = ViewOf(std::move(record), who);
      if (!view.ok()) return view.status();
      if (view->visibility() == Visibility::kNone) continue;
      if (!query.text.empty() && std::to_string(view->record().id) != query.text &&
          !ContainsText(view->data(), query.text))
        continue;
      page.cases.push_back(std::move(*view));
    }
  }
  if (more) page.next_after = last_seen;
  KASANE_RETURN_IF_ERROR(Audit(who, "case.list", std::nullopt, "results=" + std::to_string(page.cases.size())));
  return page;
}

Result<std::vector<CaseId>> CaseService::Children(const CaseView& c) {
  std::vector<CaseId> ids;
  if (c.visibility() != Visibility::kFull) return ids;
  Result<std::vector<CaseRecord>> children = store_->Children(c.record().id);
  if (!children.ok()) return children.status();
  for (const CaseRecord& child : *children) ids.push_back(child.id);
  return ids;
}

Result<VisibleEvent> CaseService::VisibleEventOf(const EventRecord& e, const CaseView& c) {
  Result<WorkflowPtr> wf = registry_->ByVersion(e.definition_version);
  if (!wf.ok()) return wf.status();
  VisibleEvent out{e, *wf};
  out.event.payload = VisibleData(e.payload, *(*wf)->definition, c.viewer(), c.visibility());
  if (c.visibility() != Visibility::kFull) out.event.decisions = Value(Array{});
  return out;
}

Result<std::vector<VisibleEvent>> CaseService::History(const CaseView& c) {
  Result<std::vector<EventRecord>> events = store_->History(c.record().id);
  if (!events.ok()) return events.status();
  std::vector<VisibleEvent> out;
  for (const EventRecord& e : *events) {
    Result<VisibleEvent> v = VisibleEventOf(e, c);
    if (!v.ok()) return v.status();
    // A meeting-only member sees the entries that carry what it was shown.
    if (c.visibility() == Visibility::kMeetingOnly && v->event.payload.as_object().empty()) continue;
    out.push_back(std::move(*v));
  }
  return out;
}

Result<std::vector<VisibleMeeting>> CaseService::Meetings(const CaseView& c) {
  Result<std::vector<EventRecord>> events = store_->History(c.record().id);
  if (!events.ok()) return events.status();
  std::vector<VisibleMeeting> out;
  for (const EventRecord& e : *events) {
    Result<VisibleEvent> v = VisibleEventOf(e, c);
    if (!v.ok()) return v.status();
    for (const MeetingSpec& m : v->workflow->definition->meetings) {
      if (e.payload.find(m.attendees) == nullptr) continue;
      if (m.restricted && v->event.payload.find(m.attendees) == nullptr) continue;  // not an attendee
      if (!m.restricted && c.visibility() != Visibility::kFull) continue;
      out.push_back(VisibleMeeting{&m, v->workflow, v->event});
    }
  }
  return out;
}

Result<std::vector<TaskRecord>> CaseService::Tasks(const CaseView& c) {
  if (c.visibility() != Visibility::kFull) return std::vector<TaskRecord>{};
  return store_->Tasks(c.record().id, false);
}

Result<std::vector<AvailableAction>> CaseService::Actions(const Actor& who, const CaseView& c) {
  return engine_->AvailableActions(c.record().id, who);
}

Result<std::vector<TaskRecord>> CaseService::Inbox(const Actor& who, const std::string& role, int64_t after,
                                                   int limit) {
  std::vector<TaskRecord> tasks;
  if (!who.agency.empty()) {
    TaskFilter filter;
    filter.tenant = who.tenant;
    filter.agency = who.agency;
    filter.role = role;
    filter.after_id = after;
    filter.limit = limit;
    Result<std::vector<TaskRecord>> found = store_->ListTasks(filter);
    if (!found.ok()) return found.status();
    tasks = std::move(*found);
  }
  KASANE_RETURN_IF_ERROR(Audit(who, "task.list", std::nullopt, "results=" + std::to_string(tasks.size())));
  return tasks;
}

Result<CaseView> CaseService::Create(const Actor& who, CreateRequest req) {
  req.tenant = who.tenant;
  req.actor = who;
  req.audit = EntryFor(who, "case.create", std::nullopt, req.workflow);  // written with the case
  Result<CaseRecord> created = engine_->Create(req);
  if (!created.ok()) {
    (void)Audit(who, "case.create.refused", std::nullopt, req.workflow);
    return created.status();
  }
  return ViewOf(std::move(*created), who);
}

Result<FireOutcome> CaseService::Fire(const Actor& who, const CaseView& c, FireRequest req) {
  req.case_id = c.record().id;
  req.actor = who;
  req.consumed_timer.reset();  // only the timer runner consumes timers
  req.audit = EntryFor(who, "case.fire", std::nullopt, req.event);  // written with the change
  Result<FireResult> fired = engine_->Fire(req);
  if (!fired.ok()) {
    (void)Audit(who, "case.fire.refused", c.record().id, req.event);
    return fired.status();
  }
  if (fired->replayed) (void)Audit(who, "case.fire.replayed", c.record().id, req.event);
  FireOutcome out;
  Result<CaseView> after = ViewOf(fired->case_after, who);
  if (!after.ok()) return after.status();
  if (after->visibility() != Visibility::kNone) out.after = std::move(*after);
  const CaseView& judge = out.after ? *out.after : c;
  Result<VisibleEvent> event = VisibleEventOf(fired->event, judge);
  if (!event.ok()) return event.status();
  if (!out.after) {  // no longer a member: nothing of it
    event->event.payload = Value(Object{});
    event->event.decisions = Value(Array{});
  }
  out.event = std::move(*event);
  out.result = std::move(*fired);
  return out;
}

}  // namespace kasane
