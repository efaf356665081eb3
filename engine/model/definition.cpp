#include "model/definition.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kasane {
namespace {
constexpr std::array<std::pair<FieldType, const char*>, 7> kFieldTypes = {{
    {FieldType::kText, "text"},
    {FieldType::kInteger, "integer"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kDate, "date"},
    {FieldType::kChoice, "choice"},
    {FieldType::kMultiChoice, "multi_choice"},
    {FieldType::kRecords, "records"},
}};

template <typename T>
const T* FindById(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const char* FieldTypeName(FieldType t) {
  for (const auto& [type, name] : kFieldTypes)
    if (type == t) return name;
  return "?";
}

bool ParseFieldType(const std::string& name, FieldType* out) {
  for (const auto& [type, n] : kFieldTypes) {
    if (name == n) {
      *out = type;
      return true;
    }
  }
  return false;
}

const Choice* Field::FindChoice(const std::string& choice_id) const { return FindById(choices, choice_id); }
const Field* Form::FindField(const std::string& field_id) const { return FindById(fields, field_id); }

bool Transition::From(const std::string& state) const {
  return std::find(from.begin(), from.end(), state) != from.end();
}

const Role* Definition::FindRole(const std::string& wanted) const { return FindById(roles, wanted); }
const Agency* Definition::FindAgency(const std::string& wanted) const { return FindById(agencies, wanted); }
const Form* Definition::FindForm(const std::string& wanted) const { return FindById(forms, wanted); }
const State* Definition::FindState(const std::string& wanted) const { return FindById(states, wanted); }

const MeetingSpec* Definition::FindMeeting(const std::string& wanted) const { return FindById(meetings, wanted); }

const MeetingSpec* Definition::MeetingForForm(const std::string& form_id) const {
  for (const auto& m : meetings)
    if (m.form == form_id) return &m;
  return nullptr;
}

const PluginUse* Definition::FindPlugin(const std::string& plugin_name) const {
  for (const auto& p : plugins)
    if (p.name == plugin_name) return &p;
  return nullptr;
}

const State* Definition::InitialState() const {
  for (const auto& s : states)
    if (s.initial) return &s;
  return nullptr;
}

std::vector<const Transition*> Definition::TransitionsFor(const std::string& state, const std::string& event) const {
  std::vector<const Transition*> out;
  for (const auto& t : transitions)
    if (t.event == event && t.From(state)) out.push_back(&t);
  return out;
}

std::vector<const Transition*> Definition::TransitionsFrom(const std::string& state) const {
  std::vector<const Transition*> out;
  for (const auto& t : transitions)
    if (t.From(state)) out.push_back(&t);
  return out;
}

const Field* Definition::FindField(const std::string& field_id) const {
  for (const auto& f : forms)
    if (const Field* field = f.FindField(field_id)) return field;
  return nullptr;
}

}  // namespace kasane
