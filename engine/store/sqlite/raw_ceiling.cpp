#include "store/sqlite/raw_ceiling.h"

#include <chrono>

#include "store/sqlite/schema.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_handle.h"

namespace kasane {

using sqlite::Statement;
using sqlite::StatementScope;
using sqlite::Transaction;

namespace {

constexpr const char* kRawName = "raw_ceiling";

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

struct RawStatements {
  Statement begin, commit, rollback, update_case, insert_event, cancel_timer, schedule_timer;

  Status Prepare(sqlite3* db) {
    const struct {
      Statement* stmt;
      const char* sql;
      const char* name;
    } entries[] = {
        {&begin, "BEGIN IMMEDIATE", "begin write transaction"},
        {&commit, "COMMIT", "commit"},
        {&rollback, "ROLLBACK", "roll back"},
        {&update_case, sqlite::sql::kUpdateCase, "update case"},
        {&insert_event, sqlite::sql::kInsertEvent, "insert event"},
        {&cancel_timer, sqlite::sql::kCancelTimer, "cancel timer"},
        {&schedule_timer, sqlite::sql::kScheduleTimer, "schedule timer"},
    };
    for (const auto& e : entries) {
      Result<Statement> s = sqlite::Prepare(db, e.sql, e.name);
      if (!s.ok()) return s.status();
      *e.stmt = std::move(s).value();
    }
    return Status::OK();
  }
};

Status RawTransition(RawStatements& st, RawCase& c, Timestamp now, const std::string& empty, const std::string& payload,
                     const std::string& decisions, const std::string& name) {
  Transaction txn(st.begin, st.commit, st.rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  {
    StatementScope s(st.update_case);
    s->BindText(1, c.state);
    s->BindText(2, c.data);
    s->BindInt(3, now);
    s->BindInt(4, c.id);
    s->BindInt(5, c.version);
    KASANE_RETURN_IF_ERROR(s->Run());
    if (s->Changes() != 1) {
      return Status::Conflict("case " + std::to_string(c.id) + " changed while measuring; run on an idle database");
    }
  }
  {
    StatementScope s(st.insert_event);
    s->BindInt(1, c.id);
    s->BindInt(2, c.version + 1);
    s->BindInt(3, now);
    s->BindText(4, name);  // actor
    s->BindText(5, name);  // role
    s->BindText(6, empty);
    s->BindText(7, name);  // event
    s->BindText(8, c.state);
    s->BindText(9, c.state);
    s->BindText(10, payload);
    s->BindText(11, decisions);
    s->BindInt(12, c.definition_version);
    s->BindText(13, empty);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  {
    StatementScope s(st.cancel_timer);
    s->BindInt(1, c.id);
    s->BindText(2, name);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  {
    StatementScope s(st.schedule_timer);
    s->BindInt(1, c.id);
    s->BindText(2, name);
    s->BindText(3, name);
    s->BindInt(4, now + 86400);
    s->BindText(5, c.state);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  KASANE_RETURN_IF_ERROR(txn.Commit());
  ++c.version;
  return Status::OK();
}

Timestamp WallClockNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<double> MeasureRawTransitionsPerSecond(const std::string& db_path, const StoreOptions& options,
                                              const std::vector<CaseId>& case_ids, int transitions) {
  if (case_ids.empty()) return Status::InvalidArgument("raw ceiling: no cases given");
  if (transitions <= 0) return Status::InvalidArgument("raw ceiling: transitions must be positive");

  Result<sqlite::DbHandle> db = sqlite::OpenDatabase(db_path, /*create=*/false);
  if (!db.ok()) return db.status();
  KASANE_RETURN_IF_ERROR(sqlite::ConfigureConnection(db->get(), options));
  Result<int> version = sqlite::ReadSchemaVersion(db->get());
  if (!version.ok()) return version.status();
  if (*version != sqlite::kSchemaVersion) {
    return Status::InvalidArgument("raw ceiling: " + db_path + " is not a kasane database at schema version " +
                                   std::to_string(sqlite::kSchemaVersion));
  }
  Result<std::vector<RawCase>> cases = LoadCases(db->get(), case_ids);
  if (!cases.ok()) return cases.status();
  RawStatements st;
  KASANE_RETURN_IF_ERROR(st.Prepare(db->get()));

  const std::string empty;
  const std::string payload = "{}";
  const std::string decisions = "[]";
  const std::string name = kRawName;
  const Timestamp now = WallClockNow();

  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < transitions; ++i) {
    RawCase& c = (*cases)[static_cast<size_t>(i) % cases->size()];
    KASANE_RETURN_IF_ERROR(RawTransition(st, c, now, empty, payload, decisions, name));
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  // Leave no timer behind that a scheduler would fire.
  {
    Transaction txn(st.begin, st.commit, st.rollback);
    KASANE_RETURN_IF_ERROR(txn.Begin());
    for (const RawCase& c : *cases) {
      StatementScope s(st.cancel_timer);
      s->BindInt(1, c.id);
      s->BindText(2, name);
      KASANE_RETURN_IF_ERROR(s->Run());
    }
    KASANE_RETURN_IF_ERROR(txn.Commit());
  }
  const double seconds = elapsed.count();
  if (seconds <= 0) return Status::Internal("raw ceiling: the clock did not advance");
  return static_cast<double>(transitions) / seconds;
}

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

}  // namespace kasane
