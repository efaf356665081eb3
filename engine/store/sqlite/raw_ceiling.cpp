#include "store/sqlite/raw_ceiling.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "store/sqlite/schema.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_handle.h"

namespace kasane {

using sqlite::Statement;
using sqlite::StatementScope;
using sqlite::Transaction;

namespace {

struct RawCase {
  CaseId id = 0;
  int64_t version = 0;
  std::string state;
  std::string data;
  DefinitionVersionId definition_version = 0;
};

Result<std::vector<RawCase>> LoadCases(sqlite3* db, const std::vector<CaseId>& ids) {
  Result<Statement> s =
      sqlite::Prepare(db, "SELECT version, state, data, definition_version FROM cases WHERE id = ?1", "load case");
  if (!s.ok()) return s.status();
  std::vector<RawCase> out;
  for (CaseId id : ids) {
    StatementScope scope(*s);
    scope->BindInt(1, id);
    Result<bool> row = scope->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("case " + std::to_string(id) + " not found");
    out.push_back(RawCase{id, scope->ColumnInt(0), scope->ColumnText(1), scope->ColumnText(2), scope->ColumnInt(3)});
  }
  return out;
}

// A recorded commit with every text it binds already serialised.
struct ReplayRow {
  const CommitRequest* req = nullptr;
  std::string data, payload, decisions, idempotency_key;
};

struct ReplayStatements {
  Statement begin, commit, rollback, update_case, insert_event, insert_member, delete_member, close_tasks, insert_task,
      delete_state_timers, cancel_timer, delete_consumed_timer, schedule_timer;

  Status Prepare(sqlite3* db) {
    namespace sql = sqlite::sql;
    const struct {
      Statement* stmt;
      const char* text;
    } entries[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&update_case, sql::kUpdateCase},
        {&insert_event, sql::kInsertEvent},
        {&insert_member, sql::kInsertMember},
        {&delete_member, sql::kDeleteMember},
        {&close_tasks, sql::kCloseTasks},
        {&insert_task, sql::kInsertTask},
        {&delete_state_timers, sql::kDeleteStateTimers},
        {&cancel_timer, sql::kCancelTimer},
        {&delete_consumed_timer, sql::kDeleteConsumedTimer},
        {&schedule_timer, sql::kScheduleTimer},
    };
    for (const auto& e : entries) {
      Result<Statement> s = sqlite::Prepare(db, e.text, "replay");
      if (!s.ok()) return s.status();
      *e.stmt = std::move(s).value();
    }
    return Status::OK();
  }
};

Status ReplayCommit(ReplayStatements& st, const ReplayRow& row, int64_t* version) {
  const CommitRequest& r = *row.req;
  const CaseId id = r.case_id;
  Transaction txn(st.begin, st.commit, st.rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  {
    StatementScope s(st.update_case);
    s->BindText(1, r.to_state);
    s->BindText(2, row.data);
    s->BindInt(3, r.now);
    s->BindInt(4, id);
    s->BindInt(5, *version);
    KASANE_RETURN_IF_ERROR(s->Run());
    if (s->Changes() != 1) return Status::Conflict("replay: case " + std::to_string(id) + " changed while measuring");
  }
  {
    StatementScope s(st.insert_event);
    s->BindInt(1, id);
    s->BindInt(2, *version + 1);
    s->BindInt(3, r.event.at);
    s->BindText(4, r.event.actor);
    s->BindText(5, r.event.role);
    s->BindText(6, r.event.agency);
    s->BindText(7, r.event.event);
    s->BindText(8, r.event.from_state);
    s->BindText(9, r.event.to_state);
    s->BindText(10, row.payload);
    s->BindText(11, row.decisions);
    s->BindInt(12, r.event.definition_version);
    s->BindText(13, row.idempotency_key);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const MembershipChange& m : r.changes.memberships) {
    StatementScope s(m.remove ? st.delete_member : st.insert_member);
    s->BindInt(1, id);
    s->BindText(2, m.agency);
    s->BindText(3, m.relation);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const std::string& kind : r.changes.task_kinds_closed) {
    StatementScope s(st.close_tasks);
    s->BindInt(1, r.now);
    s->BindInt(2, id);
    s->BindText(3, kind);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const TaskChange& t : r.changes.tasks_created) {
    StatementScope s(st.insert_task);
    s->BindInt(1, id);
    s->BindText(2, t.kind);
    s->BindText(3, t.agency);
    s->BindText(4, t.role);
    s->BindText(5, t.title.ja);
    s->BindText(6, t.title.en);
    s->BindOptionalInt(7, t.due_at);
    s->BindInt(8, r.now);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  if (r.changes.cancel_state_timers && !r.from_state.empty()) {
    StatementScope s(st.delete_state_timers);
    s->BindInt(1, id);
    s->BindText(2, r.from_state);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const std::string& timer_id : r.changes.timers_cancelled) {
    StatementScope s(st.cancel_timer);
    s->BindInt(1, id);
    s->BindText(2, timer_id);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  if (r.consumed_timer) {
    StatementScope s(st.delete_consumed_timer);
    s->BindInt(1, *r.consumed_timer);
    s->BindInt(2, id);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  for (const TimerChange& t : r.changes.timers_scheduled) {
    StatementScope s(st.schedule_timer);
    s->BindInt(1, id);
    s->BindText(2, t.timer_id);
    s->BindText(3, t.event);
    s->BindInt(4, t.due_at);
    s->BindText(5, t.state);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  KASANE_RETURN_IF_ERROR(txn.Commit());
  ++*version;
  return Status::OK();
}

}  // namespace


Result<BulkInsertResult> BulkInsertCases(const std::string& db_path, const StoreOptions& options,
                                         const BulkCaseTemplate& spec, int64_t count) {
  if (count <= 0) return Status::InvalidArgument("bulk insert: count must be positive");
  const auto start = std::chrono::steady_clock::now();

  Result<sqlite::DbHandle> db = sqlite::OpenDatabase(db_path);
  if (!db.ok()) return db.status();
  sqlite3* h = db->get();
  KASANE_RETURN_IF_ERROR(sqlite::ConfigureConnection(h, options));
  KASANE_RETURN_IF_ERROR(sqlite::MigrateSchema(h));
  // A large page cache keeps the index B-trees in memory during the one big
  // transaction; it belongs to this short-lived connection only.
  KASANE_RETURN_IF_ERROR(sqlite::Exec(h, "PRAGMA cache_size=-262144", "set cache_size"));

  Result<Statement> begin = sqlite::Prepare(h, "BEGIN IMMEDIATE", "begin bulk insert");
  Result<Statement> commit = sqlite::Prepare(h, "COMMIT", "commit bulk insert");
  Result<Statement> rollback = sqlite::Prepare(h, "ROLLBACK", "roll back bulk insert");
  Result<Statement> insert_case = sqlite::Prepare(h, sqlite::sql::kInsertCase, "insert case");
  Result<Statement> insert_event = sqlite::Prepare(h, sqlite::sql::kInsertEvent, "insert event");
  for (const Status* s :
       {&begin.status(), &commit.status(), &rollback.status(), &insert_case.status(), &insert_event.status()}) {
    if (!s->ok()) return *s;
  }

  const std::string data = spec.data.ToJson();
  const std::string empty;
  const std::string payload = "{}";
  const std::string decisions = "[]";
  BulkInsertResult result;
  {
    Transaction txn(*begin, *commit, *rollback);
    KASANE_RETURN_IF_ERROR(txn.Begin());
    for (int64_t i = 0; i < count; ++i) {
      CaseId id = 0;
      {
        StatementScope s(*insert_case);
        s->BindText(1, spec.tenant);
        s->BindText(2, spec.workflow);
        s->BindInt(3, spec.definition_version);
        s->BindText(4, spec.state);
        s->BindText(5, data);
        s->BindInt(6, spec.now);
        KASANE_RETURN_IF_ERROR(s->Run());
        id = s->LastInsertRowId();
      }
      {
        StatementScope s(*insert_event);
        s->BindInt(1, id);
        s->BindInt(2, 1);
        s->BindInt(3, spec.now);
        s->BindText(4, spec.actor);
        s->BindText(5, spec.role);
        s->BindText(6, empty);
        s->BindText(7, spec.event);
        s->BindText(8, empty);
        s->BindText(9, spec.state);
        s->BindText(10, payload);
        s->BindText(11, decisions);
        s->BindInt(12, spec.definition_version);
        s->BindText(13, empty);
        KASANE_RETURN_IF_ERROR(s->Run());
      }
      if (i == 0) result.first_id = id;
      result.last_id = id;
    }
    KASANE_RETURN_IF_ERROR(txn.Commit());
  }
  // Compaction is best effort: a reader still holding an old snapshot only
  // delays it until a later checkpoint.
  const int rc = sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
    return sqlite::SqliteError(h, rc, "checkpoint after bulk insert");
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Result<double> MeasureReplayPerSecond(const std::string& db_path, const StoreOptions& options,
                                      const std::vector<CommitRequest>& requests) {
  if (requests.empty()) return Status::InvalidArgument("replay: no commits given");
  Result<sqlite::DbHandle> db = sqlite::OpenDatabase(db_path, /*create=*/false);
  if (!db.ok()) return db.status();
  KASANE_RETURN_IF_ERROR(sqlite::ConfigureConnection(db->get(), options));

  std::vector<ReplayRow> rows;
  rows.reserve(requests.size());
  std::vector<CaseId> ids;
  for (const CommitRequest& r : requests) {
    rows.push_back(ReplayRow{&r, r.data.ToJson(), r.event.payload.ToJson(), r.event.decisions.ToJson(),
                             r.event.idempotency_key.empty() ? std::string() : r.event.idempotency_key + "~replay"});
    ids.push_back(r.case_id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  Result<std::vector<RawCase>> cases = LoadCases(db->get(), ids);
  if (!cases.ok()) return cases.status();
  std::map<CaseId, int64_t> versions;
  for (const RawCase& c : *cases) versions[c.id] = c.version;
  ReplayStatements st;
  KASANE_RETURN_IF_ERROR(st.Prepare(db->get()));

  const auto start = std::chrono::steady_clock::now();
  for (const ReplayRow& row : rows) KASANE_RETURN_IF_ERROR(ReplayCommit(st, row, &versions[row.req->case_id]));
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (elapsed.count() <= 0) return Status::Internal("replay: the clock did not advance");
  return static_cast<double>(rows.size()) / elapsed.count();
}

}  // namespace kasane
