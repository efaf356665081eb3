#include "store/sqlite/raw_ceiling.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "store/sqlite/row_writes.h"
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

// A recorded write with every text it binds already serialised.
struct ReplayRow {
  const NewCase* create = nullptr;       // exactly one of create and commit is set
  const CommitRequest* commit = nullptr;
  std::string data, payload, decisions, idempotency_key;
  std::vector<ReplayRow> spawned;        // the commit's child cases, serialised the same way
};

ReplayRow SerialiseCreate(const NewCase& c) {
  ReplayRow row;
  row.create = &c;
  row.data = c.data.ToJson();
  row.payload = c.event.payload.ToJson();
  row.decisions = c.event.decisions.ToJson();
  return row;
}

struct ReplayStatements {
  Statement begin, commit, rollback, insert_case, update_case, insert_event, insert_member, delete_member,
      close_tasks, insert_task, delete_state_timers, cancel_timer, delete_consumed_timer, schedule_timer;

  Status Prepare(sqlite3* db) {
    namespace sql = sqlite::sql;
    const struct {
      Statement* stmt;
      const char* text;
    } entries[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&insert_case, sql::kInsertCase},
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

Status ReplayEvent(ReplayStatements& st, const ReplayRow& row, const EventRecord& e, CaseId id, int64_t seq) {
  return sqlite::WriteEventRow(st.insert_event, e, id, seq, row.payload, row.decisions, row.idempotency_key);
}

Status ReplayChanges(ReplayStatements& st, CaseId id, const ChangeSet& changes, const std::string& from_state,
                     std::optional<int64_t> consumed_timer, Timestamp now) {
  const sqlite::ChangeRowStatements rows{st.insert_member,       st.delete_member, st.close_tasks,
                                         st.insert_task,         st.delete_state_timers, st.cancel_timer,
                                         st.delete_consumed_timer, st.schedule_timer};
  return sqlite::WriteChangeRows(rows, id, changes, from_state, consumed_timer, now);
}

// Inserts one case with its event and changes, inside the caller's transaction.
Status ReplayInsertCase(ReplayStatements& st, const ReplayRow& row, const NewCase& c, CaseId parent_id) {
  CaseId id = 0;
  {
    StatementScope s(st.insert_case);
    s->BindText(1, c.tenant);
    s->BindText(2, c.workflow);
    s->BindInt(3, c.definition_version);
    s->BindText(4, c.state);
    s->BindText(5, row.data);
    s->BindInt(6, c.now);
    s->BindOptionalInt(7, parent_id == 0 ? std::nullopt : std::optional<int64_t>(parent_id));
    KASANE_RETURN_IF_ERROR(s->Run());
    id = s->LastInsertRowId();
  }
  KASANE_RETURN_IF_ERROR(ReplayEvent(st, row, c.event, id, 1));
  return ReplayChanges(st, id, c.changes, std::string(), std::nullopt, c.now);
}

Status ReplayCreate(ReplayStatements& st, const ReplayRow& row) {
  Transaction txn(st.begin, st.commit, st.rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  KASANE_RETURN_IF_ERROR(ReplayInsertCase(st, row, *row.create, row.create->parent_id));
  return txn.Commit();
}

Status ReplayCommit(ReplayStatements& st, const ReplayRow& row, int64_t* version) {
  const CommitRequest& r = *row.commit;
  Transaction txn(st.begin, st.commit, st.rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  {
    StatementScope s(st.update_case);
    s->BindText(1, r.to_state);
    s->BindText(2, row.data);
    s->BindInt(3, r.now);
    s->BindInt(4, r.case_id);
    s->BindInt(5, *version);
    KASANE_RETURN_IF_ERROR(s->Run());
    if (s->Changes() != 1)
      return Status::Conflict("replay: case " + std::to_string(r.case_id) + " changed while measuring");
  }
  KASANE_RETURN_IF_ERROR(ReplayEvent(st, row, r.event, r.case_id, *version + 1));
  // The recorded commit already deleted the timer it consumed, so replaying
  // the delete would find nothing and be refused as a conflict.
  KASANE_RETURN_IF_ERROR(ReplayChanges(st, r.case_id, r.changes, r.from_state, std::nullopt, r.now));
  for (size_t i = 0; i < r.spawned.size(); ++i)
    KASANE_RETURN_IF_ERROR(ReplayInsertCase(st, row.spawned[i], r.spawned[i], r.case_id));
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
                                      const std::vector<RecordedWrite>& writes) {
  if (writes.empty()) return Status::InvalidArgument("replay: no writes given");
  Result<sqlite::DbHandle> db = sqlite::OpenDatabase(db_path, /*create=*/false);
  if (!db.ok()) return db.status();
  KASANE_RETURN_IF_ERROR(sqlite::ConfigureConnection(db->get(), options));

  std::vector<ReplayRow> rows;
  rows.reserve(writes.size());
  std::vector<CaseId> ids;
  for (const RecordedWrite& w : writes) {
    ReplayRow row;
    const EventRecord* event = nullptr;
    if (const auto* c = std::get_if<NewCase>(&w)) {
      row.create = c;
      row.data = c->data.ToJson();
      event = &c->event;
    } else {
      row.commit = &std::get<CommitRequest>(w);
      row.data = row.commit->data.ToJson();
      event = &row.commit->event;
      ids.push_back(row.commit->case_id);
      for (const NewCase& child : row.commit->spawned) row.spawned.push_back(SerialiseCreate(child));
    }
    row.payload = event->payload.ToJson();
    row.decisions = event->decisions.ToJson();
    if (!event->idempotency_key.empty()) row.idempotency_key = event->idempotency_key + "~replay";
    rows.push_back(std::move(row));
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
  for (const ReplayRow& row : rows) {
    KASANE_RETURN_IF_ERROR(row.create ? ReplayCreate(st, row)
                                      : ReplayCommit(st, row, &versions[row.commit->case_id]));
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (elapsed.count() <= 0) return Status::Internal("replay: the clock did not advance");
  return static_cast<double>(rows.size()) / elapsed.count();
}

}  // namespace kasane
