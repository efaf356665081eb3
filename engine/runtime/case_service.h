// CaseService: the one way anything reads or changes a case, for an account.
//
// Every operation takes the Actor asking (tenant, account, role, agency) and
// applies the confidentiality rules of runtime/case_access.h before anything
// leaves the core: a case of another tenant, an unknown case and a case the
// agency is not a member of are all NotFound "no such case" (the refusal is
// audited as "case.denied" in the caller's own tenant); what a restricted
// meeting shared is removed from data, journal and meeting records for every
// agency that did not attend it.
//
// Every read appends its audit entry before it returns and fails closed: when
// the entry cannot be written, the read fails and returns nothing. Writes
// carry their entry into their own transaction (Engine). No case data is ever
// put in an audit entry.
//
// A CaseView can only be made here: holding one means the actor may see the
// case, as it stood when it was read. Thread-safe; the store, registry, engine
// and clock must outlive the service.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/case_access.h"
#include "runtime/engine.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"

namespace kasane {

class CaseService;

// One case as one actor may see it.
class CaseView {
 public:
  const CaseRecord& record() const { return record_; }
  const WorkflowPtr& workflow() const { return workflow_; }
  const Definition& definition() const { return *workflow_->definition; }
  Visibility visibility() const { return visibility_; }
  const Viewer& viewer() const { return viewer_; }
  // The case data without what the viewer may not see.
  const Value& data() const { return data_; }

 private:
  friend class CaseService;
  CaseView(CaseRecord record, WorkflowPtr workflow, const Viewer& viewer);
  CaseRecord record_;
  WorkflowPtr workflow_;
  Viewer viewer_;
  Visibility visibility_ = Visibility::kNone;
  Value data_;
};

// A journal entry as the viewer may see it: payload reduced, decisions only
// for full members.
struct VisibleEvent {
  EventRecord event;
  WorkflowPtr workflow;  // the version the event was recorded under
};

// A meeting record found in the journal.
struct VisibleMeeting {
  const MeetingSpec* meeting = nullptr;  // owned by `workflow`
  WorkflowPtr workflow;
  EventRecord event;  // payload reduced to what the viewer may see
};

struct CaseQuery {
  std::string workflow;  // empty: any
  std::string state;     // empty: any
  std::string text;      // search in the visible data (or the case id); empty: none
  CaseId after = 0;      // keyset paging
  int limit = 50;
};

struct CasePage {
  std::vector<CaseView> cases;
  std::optional<CaseId> next_after;  // set when there may be more
};

struct FireOutcome {
  FireResult result;
  std::optional<CaseView> after;  // the case after the event, when the actor may still see it
  VisibleEvent event;             // the recorded event, as the actor may see it
};

class CaseService {
 public:
  // Cases one list call examines at most; a search that finds fewer matches
  // answers with next_after, and the caller asks again from there.
  static constexpr int64_t kMaxScannedPerList = 2000;

  CaseService(Store* store, WorkflowRegistry* registry, Engine* engine, const Clock* clock)
      : store_(store), registry_(registry), engine_(engine), clock_(clock) {}

  // Reads one case, audited as `action` ("case.read") with `detail`; an empty
  // action writes no read entry (for a write that is about to carry its own).
  // `denied_detail` names what was attempted in the "case.denied" entry.
  Result<CaseView> Read(const Actor& who, CaseId id, const std::string& action = "case.read",
                        const std::string& detail = "", const std::string& denied_detail = "");

  // The cases the actor's agency may see, filtered and searched (in the data it may see).
  Result<CasePage> List(const Actor& who, const CaseQuery& query);

  // Child cases (full members only; empty otherwise).
  Result<std::vector<CaseId>> Children(const CaseView& c);
  // The journal; a meeting-only member gets only the entries that carry what it was shown.
  Result<std::vector<VisibleEvent>> History(const CaseView& c);
  // The meeting records of the journal the viewer may see.
  Result<std::vector<VisibleMeeting>> Meetings(const CaseView& c);
  // The case's tasks (full members only; empty otherwise).
  Result<std::vector<TaskRecord>> Tasks(const CaseView& c);
  // What the actor may do now, with the reason a guarded action is unavailable.
  Result<std::vector<AvailableAction>> Actions(const Actor& who, const CaseView& c);

  // The open tasks of the actor's agency, audited as "task.list".
  Result<std::vector<TaskRecord>> Inbox(const Actor& who, const std::string& role, int64_t after, int limit);

  // Opens a case (audited "case.create" in its transaction; a refusal as "case.create.refused").
  Result<CaseView> Create(const Actor& who, CreateRequest req);
  // Fires an event on a case the actor may see (audited "case.fire" in its
  // transaction, "case.fire.refused" or "case.fire.replayed" otherwise).
  Result<FireOutcome> Fire(const Actor& who, const CaseView& c, FireRequest req);

  // Appends an audit entry for the actor (reads that are not case reads).
  Status Audit(const Actor& who, const std::string& action, std::optional<CaseId> case_id,
               const std::string& detail);

 private:
  AuditEntry EntryFor(const Actor& who, const std::string& action, std::optional<CaseId> case_id,
                      const std::string& detail) const;
  Result<CaseView> ViewOf(CaseRecord record, const Actor& who);
  Result<VisibleEvent> VisibleEventOf(const EventRecord& e, const CaseView& c);

  Store* store_;
  WorkflowRegistry* registry_;
  Engine* engine_;
  const Clock* clock_;
};

// The viewer an actor stands for.
Viewer ViewerOf(const Actor& who);

}  // namespace kasane
