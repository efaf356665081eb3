#include "definition/validate_definition.h"

#include <map>
#include <set>

#include "model/field_check.h"
#include "model/membership.h"
#include "util/text.h"

namespace kasane {
namespace {

// "12:5", with the file when it differs from `from`'s.
std::string At(const SourcePos& pos, const SourcePos& from) {
  std::string out = std::to_string(pos.line) + ":" + std::to_string(pos.column);
  return pos.file == from.file ? out : pos.file + ":" + out;
}

// The names things may refer to, gathered once.
struct Names {
  std::vector<std::string> states, roles, agencies, forms, fields, plugins, task_kinds;

  explicit Names(const DefinitionDraft& d) {
    states = IdsOf(d.states.items);
    roles = IdsOf(d.roles.items);
    roles.push_back(kSystemRole);
    agencies = IdsOf(d.agencies.items);
    forms = IdsOf(d.forms.items);
    for (const Form& f : d.forms.items)
      for (const Field& field : f.fields) fields.push_back(field.id);
    for (const PluginDraft& p : d.plugins) plugins.push_back(p.use.name);
    for (const TransitionDraft& t : d.transitions)
      for (const TaskSpec& task : t.transition.tasks) task_kinds.push_back(task.kind);
  }
};

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

class ReferenceChecker {
 public:
  ReferenceChecker(DefinitionDraft* d, std::vector<Diagnostic>* diags) : d_(*d), names_(*d), diags_(diags) {}

  void Run() {
    CheckFieldTypes();
    for (const AgencyDraft& a : d_.agencies.items)
      for (size_t i = 0; i < a.agency.roles.size(); ++i)
        Ref(a.role_pos[i], "role", a.agency.roles[i], names_.roles, "agency '" + a.agency.id + "'");
    for (const StateDraft& s : d_.states.items) CheckState(s);
    for (const TransitionDraft& t : d_.transitions) CheckTransition(t);
    CheckGuardOrder();
    CheckMeetings();
  }

 private:
  void Error(const SourcePos& pos, std::string message) { diags_->push_back({pos, std::move(message)}); }

  const Field* FindFieldDraft(const std::string& id) const {
    for (const Form& form : d_.forms.items)
      if (const Field* f = form.FindField(id)) return f;
    return nullptr;
  }

  // Reports an undefined reference; returns whether it is defined.
  bool Ref(const SourcePos& pos, const std::string& kind, const std::string& id,
           const std::vector<std::string>& known, const std::string& where) {
    if (id.empty() || Contains(known, id)) return true;
    Error(pos, "undefined " + kind + " '" + id + "' in " + where + DidYouMeanSuffix(id, known));
    return false;
  }

  void CheckCalls(const std::vector<CallRef>& calls) {
    for (const CallRef& c : calls) {
      if (c.plugin.empty() || Contains(names_.plugins, c.plugin)) continue;
      Error(c.pos, "call '" + c.QualifiedName() + "': plugin '" + c.plugin + "' is not listed under 'plugins'" +
                       DidYouMeanSuffix(c.plugin, names_.plugins));
    }
  }

  // A field id means one value of the case whichever form edits it.
  void CheckFieldTypes() {
    std::map<std::string, std::pair<const Field*, std::string>> first;
    for (const Form& form : d_.forms.items) {
      for (const Field& field : form.fields) {
        auto [it, inserted] = first.emplace(field.id, std::make_pair(&field, form.id));
        if (inserted || it->second.first->type == field.type) continue;
        Error(field.pos, "field '" + field.id + "' is " + FieldTypeName(field.type) + " here but " +
                             FieldTypeName(it->second.first->type) + " in form '" + it->second.second +
                             "' (a field id names one value of the case in every form)");
      }
    }
  }

  void CheckState(const StateDraft& s) {
    const State& state = s.state;
    Ref(s.form_pos, "form", state.form, names_.forms, "state '" + state.id + "'");
    CheckCalls(state.on_enter);
    CheckCalls(state.on_exit);
    for (const TimerSpec& timer : state.timers) {
      bool taken = false;
      for (const TransitionDraft& t : d_.transitions)
        taken = taken || (t.transition.event == timer.fire && t.transition.From(state.id));
      if (!taken)
        Error(timer.pos, "timer '" + timer.id + "' fires '" + timer.fire + "', but no transition leaves state '" +
                             state.id + "' on '" + timer.fire + "'");
    }
  }

  void CheckTransition(const TransitionDraft& d) {
    const Transition& t = d.transition;
    const std::string name = d.Name();
    for (size_t i = 0; i < t.from.size(); ++i) {
      if (!Ref(d.from_pos[i], "state", t.from[i], names_.states, "'from' of " + name)) {
        d_.graph_incomplete = true;
        continue;
      }
      const StateDraft* from = FindDraft(d_.states.items, t.from[i]);
      if (from != nullptr && from->state.final)
        Error(d.from_pos[i], "final state '" + t.from[i] + "' has an outgoing transition '" + t.event +
                                 "' (a final state ends the case)");
    }
    if (!Ref(d.to_pos, "state", t.to, names_.states, "'to' of " + name)) d_.graph_incomplete = true;
    for (size_t i = 0; i < t.roles.size(); ++i) Ref(d.role_pos[i], "role", t.roles[i], names_.roles, name);
    Ref(d.form_pos, "form", t.form, names_.forms, name);
    for (size_t i = 0; i < t.requires_fields.size(); ++i)
      Ref(d.requires_pos[i], "field", t.requires_fields[i], names_.fields, "'requires' of " + name);
    for (const auto& [field, value] : t.set) {
      const SourcePos& pos = d.set_pos.count(field) ? d.set_pos.at(field) : d.transition.pos;
      if (!Ref(pos, "field", field, names_.fields, "'set' of " + name)) continue;
      if (const Field* f = FindFieldDraft(field)) {
        Status ok = CheckFieldValue(*f, value, field);
        if (!ok.ok()) Error(pos, "'set' of " + name + ": " + ok.message());
      }
    }
    for (size_t i = 0; i < t.spawns.size() && i < d.spawn_copy_pos.size(); ++i)
      for (size_t j = 0; j < t.spawns[i].copy.size() && j < d.spawn_copy_pos[i].size(); ++j)
        Ref(d.spawn_copy_pos[i][j], "field", t.spawns[i].copy[j], names_.fields, "'copy' of a spawn in " + name);
    for (size_t i = 0; i < t.tasks.size(); ++i) {
      const TaskSpec& task = t.tasks[i];
      const std::string where = task.kind.empty() ? "task" : "task '" + task.kind + "'";
      Ref(d.task_pos[i].agency_pos, "agency", task.agency, names_.agencies, where);
      Ref(d.task_pos[i].role_pos, "role", task.role, names_.roles, where);
    }
    for (size_t i = 0; i < t.close_tasks.size(); ++i) {
      if (Contains(names_.task_kinds, t.close_tasks[i])) continue;
      Error(d.close_pos[i], "'close_tasks' of " + name + " names task kind '" + t.close_tasks[i] +
                                "', but no transition creates tasks of that kind" +
                                DidYouMeanSuffix(t.close_tasks[i], names_.task_kinds));
    }
    CheckCalls(t.guards);
    CheckCalls(t.actions);
  }

  // Several transitions on one event from one state: the first whose guards
  // allow wins, so an unguarded one would hide every later one.
  void CheckGuardOrder() {
    std::set<const TransitionDraft*> reported;
    for (const StateDraft& s : d_.states.items) {
      std::map<std::string, std::vector<const TransitionDraft*>> by_event;
      for (const TransitionDraft& t : d_.transitions)
        if (t.transition.From(s.state.id)) by_event[t.transition.event].push_back(&t);
      for (const auto& [event, list] : by_event) {
        for (size_t i = 0; i + 1 < list.size(); ++i) {
          const TransitionDraft* t = list[i];
          if (t->has_guard || !reported.insert(t).second) continue;
          Error(t->transition.pos, t->Name() + " from '" + s.state.id + "' has no guard, but another transition on '" +
                                       event + "' from '" + s.state.id + "' follows (at " +
                                       At(list[i + 1]->transition.pos, t->transition.pos) +
                                       "); only the last of them may be unguarded");
        }
      }
    }
  }

  // Problems are reported at the meeting's key, naming the meeting and the value.
  void CheckMeetings() {
    std::map<std::string, const MeetingSpec*> by_form;
    for (const MeetingSpec& m : d_.meetings.items) {
      const std::string where = "meeting '" + m.id + "'";
      if (IsReservedRelation(m.id))
        Error(m.pos, "meeting id '" + m.id + "' is a membership relation the engine gives (" +
                         "intake, referrer, task, assigned, lead, parent); name the meeting otherwise");
      if (!m.form.empty() && Ref(m.pos, "form", m.form, names_.forms, where)) {
        auto [it, inserted] = by_form.emplace(m.form, &m);
        if (!inserted)
          Error(m.pos, "form '" + m.form + "' of " + where + " is already the form of meeting '" + it->second->id +
                           "' (at " + At(it->second->pos, m.pos) + "); each meeting needs a form of its own");
        if (const Form* form = FindDraft(d_.forms.items, m.form)) CheckAttendees(m, *form);
      }
      if (m.consent_field.empty()) continue;
      const Field* consent = FindFieldDraft(m.consent_field);
      if (consent == nullptr)
        Error(m.pos, "undefined field '" + m.consent_field + "' in 'consent_field' of " + where +
                         DidYouMeanSuffix(m.consent_field, names_.fields));
      else if (consent->type != FieldType::kBoolean)
        Error(m.pos, "'consent_field' of " + where + " names field '" + m.consent_field + "', which is " +
                         FieldTypeName(consent->type) + "; it must be boolean");
    }
  }

  // The attendees are a records field of the meeting's own form, one record
  // per attending agency.
  void CheckAttendees(const MeetingSpec& m, const Form& form) {
    if (m.attendees.empty()) return;
    const std::string where = "'attendees' of meeting '" + m.id + "'";
    const Field* field = form.FindField(m.attendees);
    if (field == nullptr) {
      std::vector<std::string> fields;
      for (const Field& f : form.fields) fields.push_back(f.id);
      Error(m.pos, where + " names field '" + m.attendees + "', but form '" + form.id + "' has no such field" +
                       DidYouMeanSuffix(m.attendees, fields));
    } else if (field->type != FieldType::kRecords) {
      Error(m.pos, where + " names field '" + m.attendees + "', which is " + FieldTypeName(field->type) +
                       "; it must be records with an 'agency' column");
    } else if (!HasColumn(*field, "agency")) {
      Error(m.pos, where + " names records field '" + m.attendees + "', which has no 'agency' column");
    }
  }

  static bool HasColumn(const Field& records, const std::string& column) {
    for (const Field& f : records.record_fields)
      if (f.id == column) return true;
    return false;
  }

  DefinitionDraft& d_;
  Names names_;
  std::vector<Diagnostic>* diags_;
};

}  // namespace

void ValidateReferences(DefinitionDraft* draft, std::vector<Diagnostic>* diags) {
  ReferenceChecker(draft, diags).Run();
}

}  // namespace kasane
