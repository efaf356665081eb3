#include "store/sqlite/store_statements.h"

#include <initializer_list>
#include <string_view>
#include <utility>

#include "store/sqlite/sql.h"

namespace kasane::sqlite {
namespace {

constexpr const char* kCaseColumns =
    "id, tenant, workflow, definition_version, state, version, data, created_at, updated_at, parent_id";
constexpr const char* kEventColumns =
    "id, case_id, seq, at, actor, role, agency, event, from_state, to_state, payload, decisions, "
    "definition_version, idempotency_key";
constexpr const char* kTaskColumns =
    "id, case_id, kind, agency, role, title_ja, title_en, due_at, open, created_at, closed_at";
constexpr const char* kTimerColumns = "id, case_id, timer_id, event, due_at, state, attempts, not_before";
constexpr const char* kLiveVersionColumns = "tenant, workflow, version, disk_hash, changed_at, changed_by";
constexpr const char* kAuditColumns =
    "id, tenant, seq, at, actor, role, action, case_id, detail, prev_hash, hash";
constexpr const char* kDefinitionColumns = "id, tenant, workflow, content_hash, bundle, deployed_at, deployed_by";

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

Result<Value> ParseStoredJson(const std::string& text, std::string_view what) {
  Result<Value> v = ParseJson(text);
  if (!v.ok()) return Status::Corruption(Cat({what, " is not valid JSON: ", v.status().message()}));
  return v;
}

}  // namespace

Result<CaseRecord> ReadCaseRow(const Statement& s) {
  CaseRecord c;
  c.id = s.ColumnInt(0);
  c.tenant = s.ColumnText(1);
  c.workflow = s.ColumnText(2);
  c.definition_version = s.ColumnInt(3);
  c.state = s.ColumnText(4);
  c.version = s.ColumnInt(5);
  Result<Value> data = ParseStoredJson(s.ColumnText(6), "case " + std::to_string(c.id) + " data");
  if (!data.ok()) return data.status();
  c.data = std::move(data).value();
  c.created_at = s.ColumnInt(7);
  c.updated_at = s.ColumnInt(8);
  c.parent_id = s.ColumnInt(9);  // NULL reads as 0
  return c;
}

Result<EventRecord> ReadEventRow(const Statement& s) {
  EventRecord e;
  e.id = s.ColumnInt(0);
  e.case_id = s.ColumnInt(1);
  e.seq = s.ColumnInt(2);
  e.at = s.ColumnInt(3);
  e.actor = s.ColumnText(4);
  e.role = s.ColumnText(5);
  e.agency = s.ColumnText(6);
  e.event = s.ColumnText(7);
  e.from_state = s.ColumnText(8);
  e.to_state = s.ColumnText(9);
  const std::string where = "event " + std::to_string(e.id);
  Result<Value> payload = ParseStoredJson(s.ColumnText(10), where + " payload");
  if (!payload.ok()) return payload.status();
  e.payload = std::move(payload).value();
  Result<Value> decisions = ParseStoredJson(s.ColumnText(11), where + " decisions");
  if (!decisions.ok()) return decisions.status();
  e.decisions = std::move(decisions).value();
  e.definition_version = s.ColumnInt(12);
  e.idempotency_key = s.ColumnText(13);
  return e;
}

TaskRecord ReadTaskRow(const Statement& s) {
  TaskRecord t;
  t.id = s.ColumnInt(0);
  t.case_id = s.ColumnInt(1);
  t.kind = s.ColumnText(2);
  t.agency = s.ColumnText(3);
  t.role = s.ColumnText(4);
  t.title.ja = s.ColumnText(5);
  t.title.en = s.ColumnText(6);
  t.due_at = s.ColumnOptionalInt(7);
  t.open = s.ColumnInt(8) != 0;
  t.created_at = s.ColumnInt(9);
  t.closed_at = s.ColumnOptionalInt(10);
  return t;
}

TimerRecord ReadTimerRow(const Statement& s) {
  TimerRecord t;
  t.id = s.ColumnInt(0);
  t.case_id = s.ColumnInt(1);
  t.timer_id = s.ColumnText(2);
  t.event = s.ColumnText(3);
  t.due_at = s.ColumnInt(4);
  t.state = s.ColumnText(5);
  t.attempts = static_cast<int>(s.ColumnInt(6));
  t.not_before = s.ColumnInt(7);
  return t;
}

LiveVersion ReadLiveVersionRow(const Statement& s) {
  LiveVersion v;
  v.tenant = s.ColumnText(0);
  v.workflow = s.ColumnText(1);
  v.version = s.ColumnInt(2);
  v.disk_hash = s.ColumnText(3);
  v.changed_at = s.ColumnInt(4);
  v.changed_by = s.ColumnText(5);
  return v;
}

StoredDefinition ReadDefinitionRow(const Statement& s) {
  StoredDefinition d;
  d.id = s.ColumnInt(0);
  d.tenant = s.ColumnText(1);
  d.workflow = s.ColumnText(2);
  d.content_hash = s.ColumnText(3);
  d.bundle = s.ColumnText(4);
  d.deployed_at = s.ColumnInt(5);
  d.deployed_by = s.ColumnText(6);
  return d;
}

AuditEntry ReadAuditRow(const Statement& s) {
  AuditEntry e;
  e.id = s.ColumnInt(0);
  e.tenant = s.ColumnText(1);
  e.seq = s.ColumnInt(2);
  e.at = s.ColumnInt(3);
  e.actor = s.ColumnText(4);
  e.role = s.ColumnText(5);
  e.action = s.ColumnText(6);
  e.case_id = s.ColumnOptionalInt(7);
  e.detail = s.ColumnText(8);
  e.prev_hash = s.ColumnText(9);
  e.hash = s.ColumnText(10);
  return e;
}

std::vector<StoreStatements::Entry> StoreStatements::Catalog() {
  const std::string audit_from = Cat({"SELECT ", kAuditColumns, " FROM audit "});
  const std::string audit_match = " AND seq > ?2 AND (?3 = '' OR actor = ?3) AND (?4 = '' OR action = ?4)"
                                  " ORDER BY seq LIMIT ?5";
  const std::string cases_from = Cat({"SELECT ", kCaseColumns, " FROM cases "});
  const std::string page = " AND id > ?4 ORDER BY id LIMIT ?5";
  return {
      {&begin_write, "BEGIN IMMEDIATE", "begin write transaction", false, false},
      {&begin_read, "BEGIN DEFERRED", "begin read transaction", false, false},
      {&commit, "COMMIT", "commit", false, false},
      {&rollback, "ROLLBACK", "roll back", false, false},

      {&find_definition, "SELECT id FROM definitions WHERE tenant = ?1 AND content_hash = ?2",
       "find definition by content hash", true, false},
      {&insert_definition,
       "INSERT INTO definitions (tenant, workflow, content_hash, bundle, deployed_at, deployed_by) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
       "insert definition", false, false},
      {&load_definition, Cat({"SELECT ", kDefinitionColumns, " FROM definitions WHERE id = ?1"}), "load definition",
       true, false},
      {&list_definitions,
       Cat({"SELECT ", kDefinitionColumns, " FROM definitions WHERE tenant = ?1 AND workflow = ?2 ORDER BY id"}),
       "list definitions", true, true},

      {&insert_case, sql::kInsertCase, "insert case", false, false},
      {&select_case, cases_from + "WHERE id = ?1", "select case", true, false},
      {&count_cases, "SELECT count(*) FROM cases", "count cases", false, true},
      {&update_case, sql::kUpdateCaseReturning, "update case", true, false},
      {&case_version, "SELECT version FROM cases WHERE id = ?1", "read case version", true, false},

      {&list_by_tenant, cases_from + "WHERE tenant = ?1" + page, "list cases by tenant", true, true},
      {&children, cases_from + "WHERE parent_id = ?1 ORDER BY id", "list child cases", true, false},
      // Without a workflow the tenant index is walked in id order, filtering on
      // state; it stops at the page size and never sorts.
      {&list_by_tenant_state, cases_from + "INDEXED BY cases_by_tenant WHERE tenant = ?1 AND state = ?3" + page,
       "list cases by tenant and state", true, true},
      {&list_by_workflow, cases_from + "WHERE tenant = ?1 AND workflow = ?2" + page, "list cases by workflow", true,
       true},
      {&list_by_workflow_state, cases_from + "WHERE tenant = ?1 AND workflow = ?2 AND state = ?3" + page,
       "list cases by workflow and state", true, true},

      // Walks the tenant's cases in id order and keeps the member agency's (the
      // membership check is a primary-key search), so it never sorts.
      {&list_for_member,
       cases_from +
           "INDEXED BY cases_by_tenant WHERE tenant = ?1 AND (?2 = '' OR workflow = ?2) AND (?3 = '' OR state = ?3) "
           "AND EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = cases.id AND m.agency = ?6)" +
           page,
       "list cases for a member agency", true, true},

      {&insert_member, sql::kInsertMember, "add case member", false, false},
      {&delete_member, sql::kDeleteMember, "remove case member", true, false},
      {&select_members, "SELECT agency, relation FROM case_members WHERE case_id = ?1 ORDER BY agency, relation",
       "load case members", true, false},

      {&insert_event, sql::kInsertEvent, "insert event", false, false},
      {&history, Cat({"SELECT ", kEventColumns, " FROM events WHERE case_id = ?1 ORDER BY seq"}), "load history", true,
       false},
      // The repeated `<> ''` lets the planner use the partial unique index.
      {&find_event_by_key,
       Cat({"SELECT ", kEventColumns,
            " FROM events WHERE case_id = ?1 AND idempotency_key = ?2 AND idempotency_key <> ''"}),
       "find event by idempotency key", true, false},

      {&close_tasks, sql::kCloseTasks, "close tasks", true, false},
      {&insert_task, sql::kInsertTask, "insert task", false, false},
      {&tasks_all, Cat({"SELECT ", kTaskColumns, " FROM tasks WHERE case_id = ?1 ORDER BY id"}), "load tasks", true,
       false},
      {&tasks_open, Cat({"SELECT ", kTaskColumns, " FROM tasks WHERE case_id = ?1 AND open = 1 ORDER BY id"}),
       "load open tasks", true, false},
      {&tasks_inbox,
       Cat({"SELECT ", kTaskColumns,
            " FROM tasks INDEXED BY tasks_by_agency WHERE agency = ?2 AND open = 1 AND (?3 = '' OR role = ?3) "
            "AND id > ?4 AND EXISTS (SELECT 1 FROM cases c WHERE c.id = tasks.case_id AND c.tenant = ?1) "
            "ORDER BY id LIMIT ?5"}),
       "load an agency's open tasks", true, true},

      {&delete_state_timers, sql::kDeleteStateTimers, "cancel state timers", true, false},
      {&delete_named_timer, sql::kCancelTimer, "cancel timer", true, false},
      {&delete_consumed_timer, sql::kDeleteConsumedTimer, "delete consumed timer", true, false},
      {&schedule_timer, sql::kScheduleTimer, "schedule timer", false, false},
      {&pending_timers, Cat({"SELECT ", kTimerColumns, " FROM timers WHERE case_id = ?1 ORDER BY due_at, id"}),
       "load pending timers", true, false},
      // Walks timers_by_due up to ?1 and skips the postponed ones.
      {&due_timers,
       Cat({"SELECT ", kTimerColumns,
            " FROM timers WHERE due_at <= ?1 AND not_before <= ?1 ORDER BY due_at, id LIMIT ?2"}),
       "load due timers", true, true},
      {&delete_timer, "DELETE FROM timers WHERE id = ?1", "delete timer", true, false},
      // ?1 timer row id, ?2 not_before.
      {&postpone_timer, "UPDATE timers SET attempts = attempts + 1, not_before = ?2 WHERE id = ?1",
       "postpone timer", true, false},

      // ?1 tenant, ?2 workflow, ?3 version, ?4 disk_hash, ?5 changed_at, ?6 changed_by.
      {&set_live_version,
       Cat({"INSERT INTO live_versions (", kLiveVersionColumns, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT (tenant, workflow) DO UPDATE SET version = excluded.version, "
            "disk_hash = excluded.disk_hash, changed_at = excluded.changed_at, changed_by = excluded.changed_by"}),
       "set live version", false, false},
      {&list_live_versions,
       Cat({"SELECT ", kLiveVersionColumns, " FROM live_versions WHERE tenant = ?1 ORDER BY workflow"}),
       "list a tenant's live versions", true, true},
      // Every tenant's: one row per deployed workflow, read whole.
      {&list_all_live_versions, Cat({"SELECT ", kLiveVersionColumns, " FROM live_versions ORDER BY tenant, workflow"}),
       "list live versions", false, true},

      {&audit_head, "SELECT seq, hash FROM audit_heads WHERE tenant = ?1", "read audit chain head", true, false},
      // ?1 tenant ... ?11 hash, in column order after id.
      {&insert_audit,
       "INSERT INTO audit (tenant, seq, at, actor, role, action, case_id, detail, prev_hash, hash) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
       "insert audit entry", false, false},
      {&advance_audit_head,
       "INSERT INTO audit_heads (tenant, seq, hash) VALUES (?1, ?2, ?3) "
       "ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
       "advance audit chain head", false, false},
      // ?1 tenant, ?2 after seq, ?3 actor ('' for any), ?4 action ('' for any), ?5 limit[, ?6 case id].
      {&list_audit, audit_from + "WHERE tenant = ?1" + audit_match, "list audit entries", true, true},
      {&list_audit_by_case, audit_from + "INDEXED BY audit_by_case WHERE tenant = ?1 AND case_id = ?6" + audit_match,
       "list audit entries of a case", true, false},
      {&audit_chain, audit_from + "WHERE tenant = ?1 ORDER BY seq", "read audit chain", true, true},
      // Every tenant with entries or a head: verification reads the whole log anyway.
      {&audit_tenants, "SELECT tenant FROM audit_heads UNION SELECT tenant FROM audit", "list audit tenants", false,
       true},
  };
}

Status StoreStatements::PrepareAll(sqlite3* db) {
  for (Entry& e : Catalog()) {
    Result<Statement> s = sqlite::Prepare(db, e.sql, e.name);
    if (!s.ok()) return s.status();
    *e.stmt = std::move(s).value();
  }
  return Status::OK();
}

}  // namespace kasane::sqlite
