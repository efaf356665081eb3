#include "runtime/engine.h"

#include <algorithm>

#include "model/field_check.h"

namespace kasane {
namespace {

// What every plugin call of one fire shares.
struct FireContext {
  const LoadedWorkflow* workflow = nullptr;
  const CaseRecord* case_record = nullptr;
  const Value* data = nullptr;  // the working data: stored data + payload + patches so far
  const Value* payload = nullptr;
  std::string event;
  std::string from;
  std::string to;
  const Actor* actor = nullptr;
  Timestamp now = 0;
  const BusinessCalendar* calendar = nullptr;
};

const Value& EmptyMap() {
  static const Value kEmpty{Object{}};
  return kEmpty;
}

Result<Plugin*> FindPlugin(const LoadedWorkflow& wf, const CallRef& ref) {
  auto it = wf.plugins.find(ref.plugin);
  if (it == wf.plugins.end())
    return Status::Internal("plugin '" + ref.plugin + "' is not loaded for workflow '" + wf.definition->id + "'");
  return it->second.get();
}

PluginCall MakeCall(const FireContext& fc, const CallRef& ref) {
  PluginCall call;
  call.function = ref.function;
  call.case_data = fc.data;
  call.case_id = fc.case_record ? fc.case_record->id : 0;
  call.case_version = fc.case_record ? fc.case_record->version : 0;
  call.case_state = fc.from;
  call.workflow = fc.workflow->definition->id;
  call.payload = fc.payload;
  call.args = &ref.args;
  call.settings = &fc.workflow->definition->settings;
  call.event = fc.event;
  call.from_state = fc.from;
  call.to_state = fc.to;
  call.actor = fc.actor->id;
  call.actor_role = fc.actor->role;
  call.actor_agency = fc.actor->agency;
  call.now = fc.now;
  call.calendar = fc.calendar;
  return call;
}

// Runs every guard of `t`; the first refusal wins.
Result<GuardVerdict> RunGuards(const FireContext& fc, const Transition& t) {
  for (const CallRef& ref : t.guards) {
    auto plugin = FindPlugin(*fc.workflow, ref);
    if (!plugin.ok()) return plugin.status();
    auto verdict = (*plugin)->CallGuard(MakeCall(fc, ref));
    if (!verdict.ok()) return verdict.status();
    if (!verdict->allow) return *verdict;
  }
  return GuardVerdict{true, ""};
}

void ApplyPatch(const Object& patch, Value* data) {
  if (!data->is_object()) *data = Value(Object{});
  auto& obj = data->as_object();
  for (const auto& [key, value] : patch) {
    if (value.is_null()) {
      obj.erase(key);
    } else {
      obj.insert_or_assign(key, value);
    }
  }
}

// The definition is the law for plugins too: what an action recorded is
// checked as a change declared in YAML is — fields declared and of their
// type, tasks for agencies and roles the flow has, timers for events some
// transition fires. A violation fails the transition, naming the action.
Status CheckActionChanges(const Definition& def, const CallRef& ref, const ChangeSet& changes, size_t tasks_before,
                          size_t timers_before) {
  const std::string who = "plugin action " + ref.QualifiedName() + " ";
  for (const auto& [field, value] : changes.data_patch) {
    const Field* declared = def.FindField(field);
    if (declared == nullptr)
      return Status::PluginError(who + "set field '" + field + "', which workflow '" + def.id + "' does not declare");
    Status typed = CheckFieldValue(*declared, value, field);
    if (!typed.ok()) return Status::PluginError(who + "set " + typed.message());
  }
  for (size_t i = tasks_before; i < changes.tasks_created.size(); ++i) {
    const TaskChange& task = changes.tasks_created[i];
    if (!task.agency.empty() && def.FindAgency(task.agency) == nullptr)
      return Status::PluginError(who + "made a task '" + task.kind + "' for agency '" + task.agency +
                                 "', which workflow '" + def.id + "' does not have");
    if (!task.role.empty() && def.FindRole(task.role) == nullptr)
      return Status::PluginError(who + "made a task '" + task.kind + "' for role '" + task.role +
                                 "', which workflow '" + def.id + "' does not have");
  }
  for (size_t i = timers_before; i < changes.timers_scheduled.size(); ++i) {
    const std::string& event = changes.timers_scheduled[i].event;
    bool fired_somewhere = false;
    for (const Transition& t : def.transitions) fired_somewhere = fired_somewhere || t.event == event;
    if (!fired_somewhere)
      return Status::PluginError(who + "set a timer for event '" + event + "', which no transition of workflow '" +
                                 def.id + "' fires");
  }
  return Status::OK();
}

// Runs plugin actions in order; each sees the data as patched by the ones before.
Status RunActions(FireContext* fc, const std::vector<CallRef>& refs, Value* working, ChangeSet* changes) {
  for (const CallRef& ref : refs) {
    auto plugin = FindPlugin(*fc->workflow, ref);
    if (!plugin.ok()) return plugin.status();
    fc->data = working;
    const size_t tasks_before = changes->tasks_created.size();
    const size_t timers_before = changes->timers_scheduled.size();
    KASANE_RETURN_IF_ERROR((*plugin)->CallAction(MakeCall(*fc, ref), changes));
    KASANE_RETURN_IF_ERROR(CheckActionChanges(*fc->workflow->definition, ref, *changes, tasks_before, timers_before));
    ApplyPatch(changes->data_patch, working);
  }
  return Status::OK();
}

void ArmStateTimers(const State& state, Timestamp now, const BusinessCalendar& cal, ChangeSet* changes) {
  for (const TimerSpec& spec : state.timers) {
    changes->timers_scheduled.push_back(
        TimerChange{spec.id.empty() ? spec.fire : spec.id, spec.fire, cal.DueAfter(now, spec.after), state.id});
  }
}

void AddDeclaredTasks(const Transition& t, Timestamp now, const BusinessCalendar& cal, ChangeSet* changes) {
  for (const TaskSpec& spec : t.tasks) {
    TaskChange task{spec.kind, spec.agency, spec.role, spec.title, std::nullopt};
    if (spec.due) task.due_at = cal.DueAfter(now, *spec.due);
    changes->tasks_created.push_back(std::move(task));
  }
  for (const auto& kind : t.close_tasks) changes->task_kinds_closed.push_back(kind);
}

// An agency given a task joins the case (relation "task"), so it can see the
// case it has to work on: visibility follows membership only.
void AddTaskMembers(ChangeSet* changes) {
  for (const TaskChange& task : changes->tasks_created) {
    if (!task.agency.empty()) changes->memberships.push_back({task.agency, "task", false});
  }
}

// A restricted meeting's record is entered whole: fields of an earlier
// meeting that the new record leaves out are removed from the case data (they
// stay in the journal, each shown to that meeting's attendees), so nothing
// said at one 支援会議 is shown under the attendance of another.
void ReplaceRestrictedMeetingRecord(const Definition& def, const Form* form, Value* working, ChangeSet* changes) {
  if (form == nullptr || !working->is_object()) return;
  for (const MeetingSpec& m : def.meetings) {
    if (!m.restricted || m.form != form->id) continue;
    for (const Field& f : form->fields) {
      if (changes->data_patch.count(f.id) > 0 || working->find(f.id) == nullptr) continue;
      changes->data_patch[f.id] = Value();  // null removes the field
      working->as_object().erase(f.id);
    }
  }
}

// A flow that adds a member under a meeting's id records attendance at that
// meeting: typed, so that no other relation is ever taken for it.
void TypeMeetingRelations(const Definition& def, ChangeSet* changes) {
  for (MembershipChange& m : changes->memberships) m.relation = TypeMeetingRelation(m.relation, def);
}

// Plugin timers without an owner belong to the state the case ends up in.
void ScopePluginTimers(const std::string& state, ChangeSet* changes) {
  for (auto& timer : changes->timers_scheduled)
    if (timer.state.empty()) timer.state = state;
}

Value DecisionsToValue(const std::vector<Decision>& decisions) {
  Array out;
  for (const auto& d : decisions) {
    Object o;
    o["key"] = Value(d.key);
    o["value"] = d.value;
    o["source"] = Value(d.source);
    out.emplace_back(std::move(o));
  }
  return Value(std::move(out));
}

bool RoleAllowed(const Transition& t, const std::string& role) {
  return std::find(t.roles.begin(), t.roles.end(), role) != t.roles.end();
}

// The actor's agency, when given, must hold the role it acts in.
Status CheckAgencyHoldsRole(const Definition& def, const Actor& actor) {
  if (actor.is_timer() || actor.agency.empty()) return Status::OK();
  const Agency* agency = def.FindAgency(actor.agency);
  if (!agency) return Status::PermissionDenied("unknown agency '" + actor.agency + "'");
  if (std::find(agency->roles.begin(), agency->roles.end(), actor.role) == agency->roles.end())
    return Status::PermissionDenied("agency '" + actor.agency + "' does not hold role '" + actor.role + "'");
  return Status::OK();
}

std::string JoinRoles(const std::vector<const Transition*>& ts) {
  std::vector<std::string> roles;
  for (const Transition* t : ts)
    for (const auto& r : t->roles)
      if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : ", ") + r;
  return out;
}

// Whether every transition of `event` from `state` records a restricted
// meeting: the one thing a meeting-only member may add to a case.
bool IsRestrictedMeetingEvent(const Definition& def, const std::string& state, const std::string& event) {
  const std::vector<const Transition*> ts = def.TransitionsFor(state, event);
  if (ts.empty()) return false;
  return std::all_of(ts.begin(), ts.end(), [&](const Transition* t) {
    const MeetingSpec* m = def.MeetingForForm(t->form);
    return m != nullptr && m->restricted;
  });
}

Status NoSuchCase() { return Status::NotFound("no such case"); }

// A user may not pose as the timer.
Status CheckNotPosingAsTimer(const Actor& actor) {
  if (!actor.is_timer() && actor.role == kSystemRole)
    return Status::PermissionDenied("role 'system' is reserved for the timer; no user may act in it");
  return Status::OK();
}

const Form* TransitionForm(const Definition& def, const Transition& t, const State& from) {
  if (!t.form.empty()) return def.FindForm(t.form);
  return from.form.empty() ? nullptr : def.FindForm(from.form);
}

}  // namespace

Result<Visibility> Engine::Authorize(const CaseRecord& c, const Definition& def, const Actor& actor,
                                     bool with_timer) {
  if (actor.is_timer()) {
    // The timer acts in its case's tenant, only for a timer it consumes.
    if (!with_timer) return Status::PermissionDenied("the timer acts only for a pending timer");
    return Visibility::kFull;
  }
  KASANE_RETURN_IF_ERROR(CheckNotPosingAsTimer(actor));
  if (actor.tenant != c.tenant) return NoSuchCase();
  const Visibility visibility = VisibilityOf(c, def, actor.viewer());
  if (visibility == Visibility::kNone) return NoSuchCase();
  return visibility;
}

Result<NewCase> Engine::OpenCase(const OpenCaseArgs& args) {
  auto active = registry_->Active(args.tenant, args.workflow);
  if (!active.ok()) return active.status();
  const auto& [version, wf] = *active;
  const Definition& def = *wf->definition;

  const State* state = args.initial_state.empty() ? def.InitialState() : def.FindState(args.initial_state);
  if (!state) return Status::NotFound("workflow '" + def.id + "' has no state '" + args.initial_state + "'");
  if (!state->initial) return Status::InvalidArgument("state '" + state->id + "' is not an initial state");
  const Form* form = state->form.empty() ? nullptr : def.FindForm(state->form);
  KASANE_RETURN_IF_ERROR(CheckPayload(def, form, args.data));

  Value working = args.data.is_null() ? Value(Object{}) : args.data;
  CaseRecord draft;
  draft.workflow = def.id;
  draft.state = state->id;
  FireContext fc{wf.get(), &draft, &working, &args.data, args.event, "", state->id, &args.actor, args.now, calendar_};

  ChangeSet changes;
  changes.data_patch = working.as_object();
  KASANE_RETURN_IF_ERROR(RunActions(&fc, state->on_enter, &working, &changes));
  ArmStateTimers(*state, args.now, *calendar_, &changes);
  ScopePluginTimers(state->id, &changes);
  TypeMeetingRelations(def, &changes);
  AddTaskMembers(&changes);
  changes.memberships.insert(changes.memberships.end(), args.members.begin(), args.members.end());

  NewCase nc;
  nc.tenant = args.tenant;
  nc.workflow = def.id;
  nc.definition_version = version;
  nc.state = state->id;
  nc.data = std::move(working);
  nc.now = args.now;
  nc.event.at = args.now;
  nc.event.actor = args.actor.id;
  nc.event.role = args.actor.role;
  nc.event.agency = args.actor.agency;
  nc.event.event = args.event;
  nc.event.to_state = state->id;
  nc.event.payload = args.data;
  nc.event.decisions = DecisionsToValue(changes.decisions);
  nc.event.definition_version = version;
  nc.changes = std::move(changes);
  return nc;
}

Result<CaseRecord> Engine::Create(const CreateRequest& req) {
  auto active = registry_->Active(req.tenant, req.workflow);
  if (!active.ok()) return active.status();
  const Definition& def = *active->second->definition;
  if (req.actor.is_timer()) return Status::PermissionDenied("the timer does not open cases");
  KASANE_RETURN_IF_ERROR(CheckNotPosingAsTimer(req.actor));
  if (req.actor.tenant != req.tenant)
    return Status::PermissionDenied("an account of tenant '" + req.actor.tenant + "' may not open cases in tenant '" +
                                    req.tenant + "'");
  if (req.actor.agency.empty())
    return Status::PermissionDenied("an account with no agency may not open a case: no one could see it");
  if (!def.FindRole(req.actor.role))
    return Status::PermissionDenied("role '" + req.actor.role + "' is not a role of workflow '" + def.id + "'");
  KASANE_RETURN_IF_ERROR(CheckAgencyHoldsRole(def, req.actor));

  OpenCaseArgs args{req.tenant, req.workflow, req.initial_state, req.actor, req.data, "create", clock_->Now(), {}};
  if (!req.actor.agency.empty()) args.members.push_back({req.actor.agency, "intake", false});
  auto nc = OpenCase(args);
  if (!nc.ok()) return nc.status();
  nc->audit = req.audit;
  auto created = store_->CreateCase(*nc);
  if (created.ok()) cache_.Put(std::make_shared<const CaseRecord>(*created));
  return created;
}

Result<FireResult> Engine::Fire(const FireRequest& req) {
  bool used_cache = false;
  auto result = FireOnce(req, true, &used_cache);
  if (!result.ok() && used_cache) {
    // A refusal worked out on a cached snapshot may come from a stale one
    // (someone else wrote the case): only the database's answer counts.
    cache_.Evict(req.case_id);
    result = FireOnce(req, false, &used_cache);
  }
  // A caller that named no version asked for the event on the case as it is:
  // another write that got in first is no reason to refuse, so run it again on
  // the new version (guards and actions see the new data). A timer's conflict
  // may mean it was consumed: the timer runner decides.
  for (int attempt = 0; attempt < kConflictRetries && !result.ok() && result.status().code() == Status::Code::kConflict &&
                        !req.expected_version && !req.consumed_timer;
       ++attempt) {
    cache_.Evict(req.case_id);
    result = FireOnce(req, false, &used_cache);
  }
  if (!result.ok() && !req.idempotency_key.empty()) {
    // The key may have been used already (a retried request): then the
    // journal answers, whatever this attempt ran into.
    auto seen = store_->FindEventByIdempotencyKey(req.case_id, req.idempotency_key);
    if (!seen.ok()) return seen.status();
    if (*seen) return Replay(req, **seen);
  }
  return result;
}

Result<FireResult> Engine::Replay(const FireRequest& req, const EventRecord& seen) {
  auto current = store_->GetCase(req.case_id);
  if (!current.ok()) return current.status();
  auto wf = registry_->ByVersion(current->definition_version);
  if (!wf.ok()) return wf.status();
  auto visibility = Authorize(*current, *(*wf)->definition, req.actor, req.consumed_timer.has_value());
  if (!visibility.ok()) return visibility.status();
  // A key belongs to the account that used it: another account learns nothing of that request.
  if (seen.actor != req.actor.id)
    return Status::AlreadyExists("this Idempotency-Key was already used; send the request with a new key");
  if (seen.event != req.event)
    return Status::AlreadyExists("idempotency key '" + req.idempotency_key + "' was already used for event '" +
                                 seen.event + "'");
  return FireResult{std::move(*current), seen, true};
}

Result<FireResult> Engine::FireOnce(const FireRequest& req, bool allow_cache, bool* used_cache) {
  CaseCache::Snapshot snapshot = allow_cache ? cache_.Get(req.case_id) : nullptr;
  *used_cache = snapshot != nullptr;
  if (!snapshot) {
    auto loaded = store_->GetCase(req.case_id);
    if (!loaded.ok()) return loaded.status().code() == Status::Code::kNotFound ? NoSuchCase() : loaded.status();
    snapshot = std::make_shared<const CaseRecord>(std::move(*loaded));
    cache_.Put(snapshot);
  }
  const CaseRecord& c = *snapshot;
  auto wf = registry_->ByVersion(c.definition_version);
  if (!wf.ok()) return wf.status();
  const Definition& def = *(*wf)->definition;

  // 1. authorize: the case first (nothing about it is told to an outsider), then the event.
  auto visibility = Authorize(c, def, req.actor, req.consumed_timer.has_value());
  if (!visibility.ok()) return visibility.status();
  if (req.expected_version && *req.expected_version != c.version)
    return Status::Conflict("case " + std::to_string(c.id) + " is at version " + std::to_string(c.version) +
                            ", not " + std::to_string(*req.expected_version) + "; reload and try again");
  const State* from = def.FindState(c.state);
  if (!from) return Status::Corruption("case " + std::to_string(c.id) + " is in unknown state '" + c.state + "'");
  if (*visibility != Visibility::kFull && !IsRestrictedMeetingEvent(def, c.state, req.event))
    return Status::PermissionDenied("your agency may only add this meeting's records to this case");

  auto candidates = def.TransitionsFor(c.state, req.event);
  if (candidates.empty())
    return Status::InvalidArgument("event '" + req.event + "' cannot be fired in state '" + c.state + "' (" +
                                   from->label.Preferred(from->id) + ")");
  std::vector<const Transition*> permitted;
  for (const Transition* t : candidates)
    if (RoleAllowed(*t, req.actor.role) || (req.actor.is_timer() && req.consumed_timer)) permitted.push_back(t);
  if (permitted.empty())
    return Status::PermissionDenied("role '" + req.actor.role + "' may not fire '" + req.event + "' (allowed: " +
                                    JoinRoles(candidates) + ")");
  KASANE_RETURN_IF_ERROR(CheckAgencyHoldsRole(def, req.actor));

  Timestamp now = clock_->Now();
  Value working = c.data;
  if (!working.is_object()) working = Value(Object{});
  if (req.payload.is_object()) ApplyPatch(req.payload.as_object(), &working);
  FireContext fc{wf->get(), &c, &working, req.payload.is_null() ? &EmptyMap() : &req.payload,
                 req.event, c.state, "", &req.actor, now, calendar_};

  // 2-3. validate and run guards; the first transition that passes wins.
  const Transition* chosen = nullptr;
  Status refusal;
  for (const Transition* t : permitted) {
    const Form* form = TransitionForm(def, *t, *from);
    KASANE_RETURN_IF_ERROR(CheckPayload(def, form, req.payload));
    // `requires` always holds; a form's required fields hold when the case
    // leaves its state or the transition names the form itself (an internal
    // transition merely saving part of the state's form need not complete it).
    const Form* required_form = (!t->to.empty() || !t->form.empty()) ? form : nullptr;
    Status missing = CheckRequiredFields(def, required_form, t->requires_fields, working);
    if (!missing.ok()) {
      if (refusal.ok()) refusal = missing;
      continue;
    }
    fc.to = t->to.empty() ? c.state : t->to;
    auto verdict = RunGuards(fc, *t);
    if (!verdict.ok()) return verdict.status();
    if (verdict->allow) {
      chosen = t;
      break;
    }
    if (refusal.ok()) refusal = Status::GuardDenied(verdict->reason);
  }
  if (!chosen) return refusal;

  // 4. actions: exit, transition, entry. They only fill the change set.
  bool changes_state = !chosen->to.empty();
  const State* to = changes_state ? def.FindState(chosen->to) : from;
  ChangeSet changes;
  if (req.payload.is_object()) changes.data_patch = req.payload.as_object();
  ReplaceRestrictedMeetingRecord(def, TransitionForm(def, *chosen, *from), &working, &changes);
  // Values the definition itself sets (`set:`) come before any action, so actions see them.
  for (const auto& [field, value] : chosen->set) changes.data_patch.insert_or_assign(field, value);
  ApplyPatch(changes.data_patch, &working);
  if (changes_state) KASANE_RETURN_IF_ERROR(RunActions(&fc, from->on_exit, &working, &changes));
  KASANE_RETURN_IF_ERROR(RunActions(&fc, chosen->actions, &working, &changes));
  if (changes_state) {
    fc.from = c.state;
    KASANE_RETURN_IF_ERROR(RunActions(&fc, to->on_enter, &working, &changes));
    changes.cancel_state_timers = true;
    ArmStateTimers(*to, now, *calendar_, &changes);
  }
  AddDeclaredTasks(*chosen, now, *calendar_, &changes);
  TypeMeetingRelations(def, &changes);
  AddTaskMembers(&changes);
  ScopePluginTimers(to->id, &changes);

  // Linked sub-flows: children open in the same transaction, with the parent's members.
  std::vector<NewCase> spawned;
  for (const SpawnSpec& spec : chosen->spawns) {
    OpenCaseArgs args{c.tenant, spec.workflow, spec.state, req.actor, Value(Object{}), "spawn", now, {}};
    for (const auto& field : spec.copy)
      if (const Value* v = working.find(field)) args.data[field] = *v;
    // The parent's members join the child; an attendance at one of the
    // parent's meetings joins inert (model/membership.h), so no agency sees
    // more of the child than of the parent.
    for (const Member& m : c.members) args.members.push_back({m.agency, InheritedRelation(m.relation, def), false});
    for (const MembershipChange& m : changes.memberships)
      if (!m.remove) args.members.push_back({m.agency, InheritedRelation(m.relation, def), false});
    auto child = OpenCase(args);
    if (!child.ok()) return child.status().WithContext("spawn '" + spec.workflow + "'");
    spawned.push_back(std::move(*child));
  }

  // 5. commit, version-checked.
  CommitRequest commit;
  commit.case_id = c.id;
  commit.expected_version = c.version;
  commit.from_state = c.state;
  commit.to_state = to->id;
  commit.data = std::move(working);
  commit.consumed_timer = req.consumed_timer;
  commit.now = now;
  commit.event.at = now;
  commit.event.actor = req.actor.id;
  commit.event.role = req.actor.role;
  commit.event.agency = req.actor.agency;
  commit.event.event = req.event;
  commit.event.from_state = c.state;
  commit.event.to_state = to->id;
  commit.event.payload = req.payload;
  commit.event.decisions = DecisionsToValue(changes.decisions);
  commit.event.definition_version = c.definition_version;
  commit.event.idempotency_key = req.idempotency_key;
  commit.changes = std::move(changes);
  commit.spawned = std::move(spawned);
  commit.audit = req.audit;
  if (commit.audit && commit.audit->tenant.empty()) commit.audit->tenant = c.tenant;  // the timer's entry
  auto committed = store_->Commit(commit);
  if (!committed.ok()) return committed.status();
  cache_.Put(std::make_shared<const CaseRecord>(committed->case_after));
  for (const CaseRecord& child : committed->spawned) cache_.Put(std::make_shared<const CaseRecord>(child));
  return FireResult{std::move(committed->case_after), std::move(committed->event), false,
                    std::move(committed->spawned)};
}

Result<std::vector<AvailableAction>> Engine::AvailableActions(CaseId case_id, const Actor& actor) {
  auto loaded = store_->GetCase(case_id);
  if (!loaded.ok()) return loaded.status().code() == Status::Code::kNotFound ? NoSuchCase() : loaded.status();
  const CaseRecord& c = *loaded;
  auto wf = registry_->ByVersion(c.definition_version);
  if (!wf.ok()) return wf.status();
  const Definition& def = *(*wf)->definition;
  auto visibility = Authorize(c, def, actor, false);
  if (!visibility.ok()) return visibility.status();
  const State* from = def.FindState(c.state);
  if (!from) return Status::Corruption("case " + std::to_string(c.id) + " is in unknown state '" + c.state + "'");

  Value working = c.data.is_object() ? c.data : Value(Object{});
  FireContext fc{wf->get(), &c, &working, &EmptyMap(), "", c.state, "", &actor, clock_->Now(), calendar_};
  std::vector<AvailableAction> out;
  for (const Transition* t : def.TransitionsFrom(c.state)) {
    if (!RoleAllowed(*t, actor.role)) continue;
    if (*visibility != Visibility::kFull && !IsRestrictedMeetingEvent(def, c.state, t->event)) continue;
    // Several transitions on one event: report the event once, allowed if any is.
    auto existing = std::find_if(out.begin(), out.end(), [&](const AvailableAction& a) { return a.event == t->event; });
    if (existing != out.end() && existing->allowed) continue;
    AvailableAction action{t->event, t->label, t->to, false, ""};
    fc.event = t->event;
    fc.to = t->to.empty() ? c.state : t->to;
    auto verdict = RunGuards(fc, *t);
    if (!verdict.ok()) {
      action.reason = "判定できませんでした / guard failed: " + verdict.status().message();
    } else {
      action.allowed = verdict->allow;
      action.reason = verdict->reason;
    }
    if (existing != out.end()) {
      *existing = std::move(action);
    } else {
      out.push_back(std::move(action));
    }
  }
  return out;
}

}  // namespace kasane
