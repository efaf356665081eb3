// Membership relations: why an agency is a member of a case.
//
// The engine itself adds "intake" (the window that opened the case) and
// "task" (an agency given a task); the flows add others ("referrer",
// "assigned", "lead", "outreach"...). Attending a meeting is a relation of its
// own kind, "meeting:<meeting id>": a relation a flow adds under one of its
// meetings' ids is stored so, and no other relation can be taken for it. A
// meeting may not be named like a relation the engine or the national flow
// gives, so that no relation changes meaning when a meeting is added.
//
// A child case (a linked sub-flow) starts with its parent's members. An
// attendance at one of the parent's meetings joins the child as
// "parent:meeting:<id>", which shows nothing of the child: an agency that
// only attended a 支援会議 of the parent, or waits on consent for its
// 重層的支援会議, gains nothing in the child.
#pragma once

#include <string_view>

namespace kasane {

inline constexpr std::string_view kMeetingRelationPrefix = "meeting:";
inline constexpr std::string_view kInheritedMeetingPrefix = "parent:meeting:";
inline constexpr std::string_view kReservedRelations[] = {"intake", "referrer", "task", "assigned", "lead", "parent"};

inline bool IsReservedRelation(std::string_view relation) {
  for (std::string_view r : kReservedRelations)
    if (r == relation) return true;
  return false;
}

}  // namespace kasane
