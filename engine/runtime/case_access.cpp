#include "runtime/case_access.h"

#include <set>

namespace kasane {
namespace {

bool IsTrue(const Value* v) { return v != nullptr && v->is_bool() && v->as_bool(); }

// The fields of a restricted meeting's form.
std::set<std::string> FieldsOf(const Definition& def, const MeetingSpec& meeting) {
  std::set<std::string> out;
  if (const Form* form = def.FindForm(meeting.form)) {
    for (const Field& f : form->fields) out.insert(f.id);
  }
  return out;
}

}  // namespace

bool AttendeesInclude(const Value& attendees, const std::string& agency) {
  if (agency.empty() || !attendees.is_array()) return false;
  for (const Value& a : attendees.as_array()) {
    if (a.is_string() && a.as_string() == agency) return true;
    if (a.is_object()) {
      const Value* id = a.find("agency");
      if (id != nullptr && id->is_string() && id->as_string() == agency) return true;
    }
  }
  return false;
}

std::string TypeMeetingRelation(const std::string& relation, const Definition& def) {
  if (!MeetingOfRelation(relation).empty() || def.FindMeeting(relation) == nullptr) return relation;
  return std::string(kMeetingRelationPrefix) + relation;
}

std::string_view MeetingOfRelation(std::string_view relation) {
  if (relation.substr(0, kMeetingRelationPrefix.size()) != kMeetingRelationPrefix) return {};
  return relation.substr(kMeetingRelationPrefix.size());
}

std::string InheritedRelation(const std::string& parent_relation, const Definition& parent_def) {
  const std::string typed = TypeMeetingRelation(parent_relation, parent_def);
  if (MeetingOfRelation(typed).empty()) return typed;
  return std::string(kInheritedMeetingPrefix) + std::string(MeetingOfRelation(typed));
}

const char* VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kFull: return "full";
    case Visibility::kMeetingOnly: return "meeting_only";
    case Visibility::kNone: return "none";
  }
  return "none";
}

Visibility VisibilityOf(const CaseRecord& c, const Definition& def, const Viewer& viewer) {
  if (viewer.agency.empty() || viewer.tenant != c.tenant) return Visibility::kNone;
  Visibility best = Visibility::kNone;
  for (const Member& m : c.members) {
    if (m.agency != viewer.agency) continue;
    if (m.relation.rfind(kInheritedMeetingPrefix, 0) == 0) continue;  // the parent's meeting: nothing here
    const std::string_view attended = MeetingOfRelation(m.relation);
    // A relation stored before attendance was typed may still be a bare meeting id.
    const MeetingSpec* meeting = def.FindMeeting(attended.empty() ? m.relation : std::string(attended));
    if (meeting == nullptr && !attended.empty()) continue;  // a meeting this flow does not hold
    if (meeting == nullptr) return Visibility::kFull;  // intake, referrer, task, assigned, lead...
    if (!meeting->consent_field.empty() && !IsTrue(c.data.find(meeting->consent_field))) continue;
    if (!meeting->restricted) return Visibility::kFull;
    best = Visibility::kMeetingOnly;
  }
  return best;
}

Value VisibleData(const Value& data, const Definition& def, const Viewer& viewer, Visibility visibility) {
  Object out;
  if (visibility == Visibility::kNone || !data.is_object()) return Value(std::move(out));
  std::set<std::string> hidden;  // restricted fields the viewer did not attend
  std::set<std::string> shown;   // restricted fields it did
  for (const MeetingSpec& meeting : def.meetings) {
    if (!meeting.restricted) continue;
    const Value* attendees = data.find(meeting.attendees);
    const bool attended = attendees != nullptr && AttendeesInclude(*attendees, viewer.agency);
    for (const std::string& field : FieldsOf(def, meeting)) (attended ? shown : hidden).insert(field);
  }
  for (const auto& [field, value] : data.as_object()) {
    if (hidden.count(field) > 0 && shown.count(field) == 0) continue;
    if (visibility == Visibility::kMeetingOnly && shown.count(field) == 0) continue;
    out[field] = value;
  }
  return Value(std::move(out));
}

}  // namespace kasane
