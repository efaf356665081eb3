// SQL text of the writes a transition makes, shared by the store and the
// benchmark's raw ceiling so that both write exactly the same rows.
#pragma once

namespace kasane::sqlite::sql {

// ?1 tenant, ?2 workflow, ?3 definition_version, ?4 state, ?5 data, ?6 now, ?7 parent_id (NULL for none).
inline constexpr const char* kInsertCase =
    "INSERT INTO cases (tenant, workflow, definition_version, state, version, data, created_at, updated_at, "
    "parent_id) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?6, ?7)";

// ?1 state, ?2 data, ?3 now, ?4 case id, ?5 expected version.
#define KASANE_SQL_UPDATE_CASE                                                      \
  "UPDATE cases SET state = ?1, data = ?2, version = version + 1, updated_at = ?3 " \
  "WHERE id = ?4 AND version = ?5"
inline constexpr const char* kUpdateCase = KASANE_SQL_UPDATE_CASE;
// The same, answering the columns the commit result needs.
inline constexpr const char* kUpdateCaseReturning =
    KASANE_SQL_UPDATE_CASE " RETURNING tenant, workflow, definition_version, created_at";
#undef KASANE_SQL_UPDATE_CASE

// ?1 case_id ... ?13 idempotency_key, in column order.
inline constexpr const char* kInsertEvent =
    "INSERT INTO events (case_id, seq, at, actor, role, agency, event, from_state, to_state, payload, "
    "decisions, definition_version, idempotency_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

// ?1 case id, ?2 timer id.
inline constexpr const char* kCancelTimer = "DELETE FROM timers WHERE case_id = ?1 AND timer_id = ?2";

// ?1 case id, ?2 timer id, ?3 event, ?4 due_at, ?5 state. REPLACE deletes a
// pending timer with the same id first, so the new one gets a fresh row id and
// a scheduler still holding the old id cannot consume it.
inline constexpr const char* kScheduleTimer =
    "INSERT OR REPLACE INTO timers (case_id, timer_id, event, due_at, state) VALUES (?1, ?2, ?3, ?4, ?5)";

// ?1 case id, ?2 agency, ?3 relation.
inline constexpr const char* kInsertMember =
    "INSERT INTO case_members (case_id, agency, relation) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
inline constexpr const char* kDeleteMember =
    "DELETE FROM case_members WHERE case_id = ?1 AND agency = ?2 AND relation = ?3";

// ?1 now, ?2 case id, ?3 kind.
inline constexpr const char* kCloseTasks =
    "UPDATE tasks SET open = 0, closed_at = ?1 WHERE case_id = ?2 AND kind = ?3 AND open = 1";
// ?1 case id, ?2 kind, ?3 agency, ?4 role, ?5 title_ja, ?6 title_en, ?7 due_at, ?8 now.
inline constexpr const char* kInsertTask =
    "INSERT INTO tasks (case_id, kind, agency, role, title_ja, title_en, due_at, open, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)";

// ?1 case id, ?2 state left.
inline constexpr const char* kDeleteStateTimers = "DELETE FROM timers WHERE case_id = ?1 AND state = ?2";
// ?1 timer row id, ?2 case id.
inline constexpr const char* kDeleteConsumedTimer = "DELETE FROM timers WHERE id = ?1 AND case_id = ?2";

}  // namespace kasane::sqlite::sql
