// The statements of the SQLite store, prepared once per connection, and the
// readers that turn their rows into records. Column lists and readers live
// together so their order cannot drift apart.
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "model/case.h"
#include "store/sqlite/sqlite_handle.h"
#include "store/store.h"

namespace kasane::sqlite {

// Every statement the store runs. Not thread-safe: the store's mutex guards it.
struct StoreStatements {
  Statement begin_write, begin_read, commit, rollback;
  Statement find_definition, insert_definition, load_definition, list_definitions;
  Statement insert_case, select_case, count_cases, update_case, case_version, children;
  // ListCases, one per filter shape so each uses the index made for it.
  Statement list_by_tenant, list_by_tenant_state, list_by_workflow, list_by_workflow_state;
  Statement list_for_member;  // any shape, limited to one member agency's cases
  Statement insert_member, delete_member, select_members;
  Statement insert_event, history, find_event_by_key;
  Statement close_tasks, insert_task, tasks_all, tasks_open, tasks_inbox;
  Statement delete_state_timers, delete_named_timer, delete_consumed_timer, schedule_timer;
  Statement pending_timers, due_timers, delete_timer, postpone_timer;
  Statement set_live_version, list_live_versions, list_all_live_versions;
  Statement audit_head, insert_audit, advance_audit_head, list_audit, list_audit_by_case;
  Statement audit_chain, audit_tenants;

  struct Entry {
    Statement* stmt;
    std::string sql;
    const char* name;
    bool explain;        // reads rows through a WHERE clause: its plan is worth checking
    bool crosses_cases;  // not limited to one case's rows
  };

  // Every statement with its SQL, name and plan-check flags.
  std::vector<Entry> Catalog();
  // Prepares every statement in the catalog on `db`.
  Status PrepareAll(sqlite3* db);
};

// Row readers for the SELECTs in the catalog; JSON that does not parse is Corruption.
Result<CaseRecord> ReadCaseRow(const Statement& s);
Result<EventRecord> ReadEventRow(const Statement& s);
TaskRecord ReadTaskRow(const Statement& s);
TimerRecord ReadTimerRow(const Statement& s);
LiveVersion ReadLiveVersionRow(const Statement& s);
StoredDefinition ReadDefinitionRow(const Statement& s);
AuditEntry ReadAuditRow(const Statement& s);

// Steps `s` to its end and reads every row with `read`, which returns either
// the row or a Result of it (a Result's error stops the read and is returned).
template <typename Read>
auto CollectRows(Statement& s, Read read) {
  using Row = decltype(read(s));
  using T = typename std::conditional_t<IsResult<Row>::value, Row, Result<Row>>::value_type;
  Result<std::vector<T>> out{std::vector<T>{}};
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return Result<std::vector<T>>(row.status());
    if (!*row) return out;
    if constexpr (IsResult<Row>::value) {
      Row item = read(s);
      if (!item.ok()) return Result<std::vector<T>>(item.status());
      out->push_back(std::move(item).value());
    } else {
      out->push_back(read(s));
    }
  }
}

}  // namespace kasane::sqlite
