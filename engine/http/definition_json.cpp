#include "http/definition_json.h"

#include "http/api_call.h"

namespace kasane::http {
namespace {

Value StringsJson(const std::vector<std::string>& items) {
  Array out;
  for (const std::string& s : items) out.emplace_back(s);
  return Value(std::move(out));
}

Value CallsJson(const std::vector<CallRef>& calls) {
  Array out;
  for (const CallRef& c : calls) out.emplace_back(c.QualifiedName());
  return Value(std::move(out));
}

Value FieldJson(const Field& f) {
  Value out;
  out["id"] = f.id;
  out["type"] = FieldTypeName(f.type);
  out["required"] = f.required;
  out["label"] = LocalizedJson(f.label, f.id);
  if (f.type == FieldType::kChoice || f.type == FieldType::kMultiChoice) {
    Array choices;
    for (const Choice& c : f.choices) {
      Value choice;
      choice["id"] = c.id;
      choice["label"] = LocalizedJson(c.label, c.id);
      choices.push_back(std::move(choice));
    }
    out["choices"] = Value(std::move(choices));
  }
  if (f.type == FieldType::kRecords) {
    Array fields;
    for (const Field& column : f.record_fields) fields.push_back(FieldJson(column));
    out["fields"] = Value(std::move(fields));
  }
  if (f.min) out["min"] = *f.min;
  if (f.max) out["max"] = *f.max;
  if (f.max_length) out["max_length"] = *f.max_length;
  return out;
}

Value StateJson(const State& s) {
  Value out;
  out["id"] = s.id;
  out["label"] = LocalizedJson(s.label, s.id);
  out["initial"] = s.initial;
  out["final"] = s.final;
  if (!s.form.empty()) out["form"] = s.form;
  Array timers;
  for (const TimerSpec& t : s.timers) {
    Value timer;
    timer["id"] = t.id;
    timer["after"] = t.after.ToString();
    timer["fire"] = t.fire;
    timers.push_back(std::move(timer));
  }
  out["timers"] = Value(std::move(timers));
  out["on_enter"] = CallsJson(s.on_enter);
  out["on_exit"] = CallsJson(s.on_exit);
  return out;
}

Value TransitionJson(const Transition& t) {
  Value out;
  out["from"] = StringsJson(t.from);
  if (!t.to.empty()) out["to"] = t.to;
  out["event"] = t.event;
  out["label"] = LocalizedJson(t.label, t.event);
  out["roles"] = StringsJson(t.roles);
  out["guards"] = CallsJson(t.guards);
  out["actions"] = CallsJson(t.actions);
  out["requires"] = StringsJson(t.requires_fields);
  if (!t.form.empty()) out["form"] = t.form;
  Array tasks;
  for (const TaskSpec& task : t.tasks) {
    Value item;
    item["kind"] = task.kind;
    item["agency"] = task.agency;
    item["role"] = task.role;
    item["title"] = LocalizedJson(task.title, task.kind);
    if (task.due) item["due"] = task.due->ToString();
    tasks.push_back(std::move(item));
  }
  out["tasks"] = Value(std::move(tasks));
  out["close_tasks"] = StringsJson(t.close_tasks);
  Array spawns;
  for (const SpawnSpec& s : t.spawns) {
    Value item;
    item["workflow"] = s.workflow;
    if (!s.state.empty()) item["state"] = s.state;
    item["relation"] = s.Relation();
    spawns.push_back(std::move(item));
  }
  out["spawns"] = Value(std::move(spawns));
  return out;
}

}  // namespace

Value RoleJson(const Role& r) {
  Value role;
  role["id"] = r.id;
  role["label"] = LocalizedJson(r.label, r.id);
  return role;
}

Value AgencyJson(const Agency& a) {
  Value agency;
  agency["id"] = a.id;
  agency["label"] = LocalizedJson(a.label, a.id);
  agency["kind"] = a.kind;
  agency["roles"] = StringsJson(a.roles);
  agency["categories"] = StringsJson(a.categories);
  return agency;
}

Value DefinitionJson(const Definition& def) {
  Value out;
  out["id"] = def.id;
  out["title"] = LocalizedJson(def.title, def.id);
  if (!def.extends.empty()) out["extends"] = def.extends;
  if (!def.description.empty()) out["description"] = def.description;
  out["content_hash"] = def.content_hash;
  Array roles;
  for (const Role& r : def.roles) roles.push_back(RoleJson(r));
  out["roles"] = Value(std::move(roles));
  Array agencies;
  for (const Agency& a : def.agencies) agencies.push_back(AgencyJson(a));
  out["agencies"] = Value(std::move(agencies));
  Array forms;
  for (const Form& f : def.forms) {
    Value form;
    form["id"] = f.id;
    form["label"] = LocalizedJson(f.label, f.id);
    Array fields;
    for (const Field& field : f.fields) fields.push_back(FieldJson(field));
    form["fields"] = Value(std::move(fields));
    forms.push_back(std::move(form));
  }
  out["forms"] = Value(std::move(forms));
  Array states;
  for (const State& s : def.states) states.push_back(StateJson(s));
  out["states"] = Value(std::move(states));
  Array transitions;
  for (const Transition& t : def.transitions) transitions.push_back(TransitionJson(t));
  out["transitions"] = Value(std::move(transitions));
  Array meetings;
  for (const MeetingSpec& m : def.meetings) {
    Value meeting;
    meeting["id"] = m.id;
    meeting["label"] = LocalizedJson(m.label, m.id);
    meeting["form"] = m.form;
    if (!m.attendees.empty()) meeting["attendees"] = m.attendees;
    if (!m.consent_field.empty()) meeting["consent_field"] = m.consent_field;
    meeting["restricted"] = m.restricted;
    meetings.push_back(std::move(meeting));
  }
  out["meetings"] = Value(std::move(meetings));
  Array plugins;
  for (const PluginUse& p : def.plugins) plugins.emplace_back(p.name);
  out["plugins"] = Value(std::move(plugins));
  return out;
}

}  // namespace kasane::http
