// The writes of a transition's rows — event, members, tasks, timers — shared by
// the store and the benchmark's replay, so both write exactly the same rows in
// the same order through the same statements (the SQL lives in sql.h).
#pragma once

#include <optional>
#include <string>

#include "model/case.h"
#include "model/change_set.h"
#include "store/sqlite/sqlite_handle.h"

namespace kasane::sqlite {

// The prepared statements WriteChangeRows uses (sql.h: kInsertMember ...
// kScheduleTimer). Not owned.
struct ChangeRowStatements {
  Statement& insert_member;
  Statement& delete_member;
  Statement& close_tasks;
  Statement& insert_task;
  Statement& delete_state_timers;
  Statement& cancel_timer;
  Statement& delete_consumed_timer;
  Statement& schedule_timer;
};

// Inserts one journal row (sql.h kInsertEvent); payload and decisions are the
// event's JSON texts, serialised by the caller.
Status WriteEventRow(Statement& insert_event, const EventRecord& e, CaseId case_id, int64_t seq,
                     const std::string& payload, const std::string& decisions, const std::string& idempotency_key);

// Applies a change set's rows for case `id`: members, then tasks (closed before
// created, so a task re-created under a closed kind stays open), then timers:
// the consumed one, then the cancelled ones, then the scheduled ones (so a
// timer the new state schedules survives).
//
// When `consumed_timer` is set it must be a pending timer of case `id`: if
// deleting it deletes nothing (it fired, was cancelled or was replaced by
// another writer, or belongs to another case), returns Conflict and the
// caller must roll the whole transaction back.
Status WriteChangeRows(const ChangeRowStatements& st, CaseId id, const ChangeSet& changes,
                       const std::string& from_state, std::optional<int64_t> consumed_timer, Timestamp now);

}  // namespace kasane::sqlite
