#include "store/sqlite/row_writes.h"

#include <string>

namespace kasane::sqlite {

Status WriteEventRow(Statement& insert_event, const EventRecord& e, CaseId case_id, int64_t seq,
                     const std::string& payload, const std::string& decisions, const std::string& idempotency_key) {
  StatementScope s(insert_event);
  s->BindInt(1, case_id);
  s->BindInt(2, seq);
  s->BindInt(3, e.at);
  s->BindText(4, e.actor);
  s->BindText(5, e.role);
  s->BindText(6, e.agency);
  s->BindText(7, e.event);
  s->BindText(8, e.from_state);
  s->BindText(9, e.to_state);
  s->BindText(10, payload);
  s->BindText(11, decisions);
  s->BindInt(12, e.definition_version);
  s->BindText(13, idempotency_key);
  return s->Run();
}

Status WriteChangeRows(const ChangeRowStatements& st, CaseId id, const ChangeSet& changes,
                       const std::string& from_state, std::optional<int64_t> consumed_timer, Timestamp now) {
  for (const MembershipChange& m : changes.memberships) {
    StatementScope s(m.remove ? st.delete_member : st.insert_member);
    s->BindInt(1, id);
    s->BindText(2, m.agency);
    s->BindText(3, m.relation);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const std::string& kind : changes.task_kinds_closed) {
    StatementScope s(st.close_tasks);
    s->BindInt(1, now);
    s->BindInt(2, id);
    s->BindText(3, kind);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const TaskChange& t : changes.tasks_created) {
    StatementScope s(st.insert_task);
    s->BindInt(1, id);
    s->BindText(2, t.kind);
    s->BindText(3, t.agency);
    s->BindText(4, t.role);
    s->BindText(5, t.title.ja);
    s->BindText(6, t.title.en);
    s->BindOptionalInt(7, t.due_at);
    s->BindInt(8, now);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  // The consumed timer first: the state's cancellation below would delete it
  // too, and then a timer that is already gone could not be told apart.
  if (consumed_timer) {
    StatementScope s(st.delete_consumed_timer);
    s->BindInt(1, *consumed_timer);
    s->BindInt(2, id);
    KASANE_RETURN_IF_ERROR(s->Run());
    if (s->Changes() == 0) {
      return Status::Conflict("timer " + std::to_string(*consumed_timer) + " is no longer pending on case " +
                              std::to_string(id) + " (fired or cancelled by another writer)");
    }
  }
  if (changes.cancel_state_timers && !from_state.empty()) {
    StatementScope s(st.delete_state_timers);
    s->BindInt(1, id);
    s->BindText(2, from_state);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const std::string& timer_id : changes.timers_cancelled) {
    StatementScope s(st.cancel_timer);
    s->BindInt(1, id);
    s->BindText(2, timer_id);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const TimerChange& t : changes.timers_scheduled) {
    StatementScope s(st.schedule_timer);
    s->BindInt(1, id);
    s->BindText(2, t.timer_id);
    s->BindText(3, t.event);
    s->BindInt(4, t.due_at);
    s->BindText(5, t.state);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  return Status::OK();
}

}  // namespace kasane::sqlite
