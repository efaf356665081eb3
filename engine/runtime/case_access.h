// Case access: who may see which part of a case. Deny by default.
//
// An agency sees a case only while it is a member of it (the referrer, the
// agencies given a task or a role in the plan, the attendees of its
// meetings). Attendance at a meeting the case's definition does not declare
// (a child case, whose flow does not hold its parent's meeting) shows
// nothing. The definition's `meetings:` add two rules:
//   consent_field  an agency that is a member only through that meeting sees
//                  the case once the field is true (重層的支援会議 needs the
//                  person's consent before information is shared)
//   restricted     what was shared at that meeting (the fields of its form) is
//                  shown only to the agencies that attended it (支援会議, Art.
//                  106-6: shared without consent under a duty of confidentiality);
//                  an agency that is a member only through such a meeting sees
//                  only that meeting's record
// These functions are pure: callers (the API) apply them to every read and
// check Visibility before every write. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/case.h"
#include "model/definition.h"
#include "model/membership.h"

namespace kasane {

// "meeting:<id>" when `relation` is the id of one of `def`'s meetings; else `relation`.
std::string TypeMeetingRelation(const std::string& relation, const Definition& def);

// The meeting id of a "meeting:<id>" relation, or "" for any other relation.
std::string_view MeetingOfRelation(std::string_view relation);

// The relation a parent's member joins a child case with: an attendance at a
// parent's meeting becomes inert ("parent:meeting:<id>"), the rest stay.
std::string InheritedRelation(const std::string& parent_relation, const Definition& parent_def);

struct Viewer {
  std::string tenant;
  std::string agency;  // empty: no agency, sees nothing
};

enum class Visibility {
  kNone,         // not a member (or only through a meeting still awaiting consent)
  kMeetingOnly,  // only the records of the restricted meetings it attended
  kFull,         // the whole case, less restricted meetings it did not attend
};

Visibility VisibilityOf(const CaseRecord& c, const Definition& def, const Viewer& viewer);

// "full", "meeting_only" or "none", as the API and scenario files write it.
const char* VisibilityName(Visibility v);

// `data` (the case data, or one event's payload) without what `viewer` may not
// see. A restricted meeting's fields stay only when the attendees field of the
// same `data` lists the viewer's agency; under kMeetingOnly nothing else stays.
// kNone yields an empty map.
Value VisibleData(const Value& data, const Definition& def, const Viewer& viewer, Visibility visibility);

// Whether a meeting's attendees value (records with an `agency` column, or a
// list of agency ids) names `agency`.
bool AttendeesInclude(const Value& attendees, const std::string& agency);

}  // namespace kasane
