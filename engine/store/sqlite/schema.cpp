// Schema, version 1.
//
//   definitions   every deployed definition version, immutable. (tenant, content_hash)
//                 is unique so deploying the same sources twice yields the same id.
//   cases         one row per case; `version` is the optimistic lock and equals the
//                 seq of the case's latest event; `data` is a JSON object.
//   case_members  agencies that see a case (referrer, assigned, lead...).
//   events        the append-only journal: triggers refuse UPDATE, DELETE and an
//                 INSERT that would replace a row. (case_id, seq) is unique and
//                 also serves every per-case lookup; a partial unique index makes
//                 a non-empty idempotency key unique per case. The insert triggers'
//                 lookups use the same indexes (the rowid, (case_id, seq) and the
//                 partial index, whose `<> ''` term is repeated so it applies).
//   tasks         work items; closed tasks stay (open = 0, closed_at set).
//   timers        pending timers only; a fired or cancelled timer is deleted.
//                 (case_id, timer_id) is unique: scheduling an id again replaces it.
//
// Times are INTEGER seconds since the Unix epoch (UTC); JSON columns are TEXT.
// Every hot query is an index search whose cost grows with log(rows), never with
// a table scan or a sort over more than one case's rows:
//   cases_by_tenant / cases_by_workflow / cases_by_state  ListCases, one per filter
//                                                         shape, keyset-paged on id
//   cases_by_parent                       Children (partial: only spawned cases)
//   events (case_id, seq)                 History, the seq uniqueness check
//   events_idempotency                    FindEventByIdempotencyKey
//   tasks_by_case, tasks_by_agency        a case's tasks; an agency's open tasks
//   timers (case_id, timer_id), timers_by_due   per-case timers; DueTimers
//
// Version 2 adds cases.parent_id (linked sub-flows); version 3 the audit log:
//   audit         append-only, one hash chain per tenant (store.h, AuditEntry):
//                 (tenant, seq) is unique and serves ListAudit and verification;
//                 audit_by_case serves a case's entries. Triggers refuse UPDATE,
//                 DELETE and a replacing INSERT, as for events.
//   audit_heads   the last seq and hash of each tenant's chain, written in the
//                 same transaction as the entry; a removed tail shows up as a
//                 head that points past the last row. It only moves forward.
//
// Version 4 adds timer postponement and the live versions:
//   timers        gain attempts (failed attempts so far) and not_before (not
//                 retried before this time); both default to 0, so existing
//                 and newly scheduled timers are due at due_at as before.
//   live_versions the live definition version of each (tenant, workflow), its
//                 primary key; version references definitions (id).
//
// Migrations: PRAGMA user_version holds the schema version. kMigrations[i] takes
// version i to i + 1; a later version appends a script and bumps kSchemaVersion.
#include "store/sqlite/schema.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "store/sqlite/sqlite_handle.h"

namespace kasane::sqlite {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE definitions (
  id            INTEGER PRIMARY KEY,
  tenant        TEXT    NOT NULL,
  workflow      TEXT    NOT NULL,
  content_hash  TEXT    NOT NULL,
  bundle        TEXT    NOT NULL,
  deployed_at   INTEGER NOT NULL,
  deployed_by   TEXT    NOT NULL,
  UNIQUE (tenant, content_hash)
);
CREATE INDEX definitions_by_workflow ON definitions (tenant, workflow, id);

CREATE TABLE cases (
  id                  INTEGER PRIMARY KEY,
  tenant              TEXT    NOT NULL,
  workflow            TEXT    NOT NULL,
  definition_version  INTEGER NOT NULL REFERENCES definitions (id),
  state               TEXT    NOT NULL,
  version             INTEGER NOT NULL CHECK (version >= 1),
  data                TEXT    NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX cases_by_tenant   ON cases (tenant, id);
CREATE INDEX cases_by_workflow ON cases (tenant, workflow, id);
CREATE INDEX cases_by_state    ON cases (tenant, workflow, state, id);

CREATE TABLE case_members (
  case_id   INTEGER NOT NULL REFERENCES cases (id),
  agency    TEXT    NOT NULL,
  relation  TEXT    NOT NULL,
  PRIMARY KEY (case_id, agency, relation)
) WITHOUT ROWID;

CREATE TABLE events (
  id                  INTEGER PRIMARY KEY,
  case_id             INTEGER NOT NULL REFERENCES cases (id),
  seq                 INTEGER NOT NULL CHECK (seq >= 1),
  at                  INTEGER NOT NULL,
  actor               TEXT    NOT NULL,
  role                TEXT    NOT NULL,
  agency              TEXT    NOT NULL,
  event               TEXT    NOT NULL,
  from_state          TEXT    NOT NULL,
  to_state            TEXT    NOT NULL,
  payload             TEXT    NOT NULL,
  decisions           TEXT    NOT NULL,
  definition_version  INTEGER NOT NULL,
  idempotency_key     TEXT    NOT NULL DEFAULT '',
  UNIQUE (case_id, seq)
);
CREATE UNIQUE INDEX events_idempotency ON events (case_id, idempotency_key)
  WHERE idempotency_key <> '';
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
-- INSERT OR REPLACE deletes the conflicting row without firing DELETE triggers,
-- so an insert that would collide is refused before any conflict handling runs.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
  WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
    OR EXISTS (SELECT 1 FROM events WHERE case_id = NEW.case_id AND seq = NEW.seq)
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_unique_idempotency_key BEFORE INSERT ON events
  WHEN NEW.idempotency_key <> '' AND EXISTS (
    SELECT 1 FROM events WHERE case_id = NEW.case_id AND idempotency_key = NEW.idempotency_key
                           AND idempotency_key <> '')
  BEGIN SELECT RAISE(ABORT, 'idempotency key already used on this case'); END;

CREATE TABLE tasks (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  kind        TEXT    NOT NULL,
  agency      TEXT    NOT NULL,
  role        TEXT    NOT NULL,
  title_ja    TEXT    NOT NULL,
  title_en    TEXT    NOT NULL,
  due_at      INTEGER,
  open        INTEGER NOT NULL CHECK (open IN (0, 1)),
  created_at  INTEGER NOT NULL,
  closed_at   INTEGER
);
CREATE INDEX tasks_by_case   ON tasks (case_id);
CREATE INDEX tasks_by_agency ON tasks (agency, open);

CREATE TABLE timers (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases (id),
  timer_id  TEXT    NOT NULL,
  event     TEXT    NOT NULL,
  due_at    INTEGER NOT NULL,
  state     TEXT    NOT NULL,
  UNIQUE (case_id, timer_id)
);
CREATE INDEX timers_by_due ON timers (due_at);
)sql";

// v2: linked sub-flows. A spawned case points at the case that opened it.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE cases ADD COLUMN parent_id INTEGER REFERENCES cases (id);
CREATE INDEX cases_by_parent ON cases (parent_id, id) WHERE parent_id IS NOT NULL;
)sql";

// v3: the hash-chained audit log and its per-tenant chain heads.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  tenant     TEXT    NOT NULL,
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  at         INTEGER NOT NULL,
  actor      TEXT    NOT NULL,
  role       TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  case_id    INTEGER,
  detail     TEXT    NOT NULL,
  prev_hash  TEXT    NOT NULL,
  hash       TEXT    NOT NULL,
  UNIQUE (tenant, seq)
);
CREATE INDEX audit_by_case ON audit (tenant, case_id, seq) WHERE case_id IS NOT NULL;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
    OR EXISTS (SELECT 1 FROM audit WHERE tenant = NEW.tenant AND seq = NEW.seq)
  BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

CREATE TABLE audit_heads (
  tenant  TEXT    PRIMARY KEY,
  seq     INTEGER NOT NULL CHECK (seq >= 1),
  hash    TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER audit_heads_forward BEFORE UPDATE ON audit_heads
  WHEN NEW.tenant <> OLD.tenant OR NEW.seq <> OLD.seq + 1
  BEGIN SELECT RAISE(ABORT, 'an audit chain head only moves forward'); END;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
  BEGIN SELECT RAISE(ABORT, 'audit chain heads are never deleted'); END;
)sql";

// v4: postponed timers and the live version of each workflow.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE timers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE timers ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;

CREATE TABLE live_versions (
  tenant      TEXT    NOT NULL,
  workflow    TEXT    NOT NULL,
  version     INTEGER NOT NULL REFERENCES definitions (id),
  disk_hash   TEXT    NOT NULL,
  changed_at  INTEGER NOT NULL,
  changed_by  TEXT    NOT NULL,
  PRIMARY KEY (tenant, workflow)
) WITHOUT ROWID;
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4};

}  // namespace

const char* MigrationScript(int from_version) { return kMigrations.at(static_cast<size_t>(from_version)); }

namespace {

// Runs a one-row PRAGMA and returns its first column as text.
Result<std::string> QueryText(sqlite3* db, const std::string& sql, const std::string& op) {
  Result<Statement> stmt = Prepare(db, sql, op);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("sqlite " + op + ": returned no row");
  return stmt->ColumnText(0);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

Status ValidateStoreOptions(const StoreOptions& options) {
  const std::string sync = Upper(options.synchronous);
  if (sync != "FULL" && sync != "NORMAL" && sync != "OFF") {
    return Status::InvalidArgument("store option synchronous must be FULL, NORMAL or OFF, not '" + options.synchronous +
                                   "'");
  }
  if (options.busy_timeout_ms < 0) {
    return Status::InvalidArgument("store option busy_timeout_ms must not be negative, got " +
                                   std::to_string(options.busy_timeout_ms));
  }
  return Status::OK();
}

Status ConfigureConnection(sqlite3* db, const StoreOptions& options) {
  KASANE_RETURN_IF_ERROR(ValidateStoreOptions(options));
  // First, so that switching the journal mode already waits for other connections.
  const int rc = sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "set busy_timeout");

  const std::string wanted = options.wal ? "wal" : "delete";
  Result<std::string> mode = QueryText(db, "PRAGMA journal_mode=" + wanted, "set journal_mode");
  if (!mode.ok()) return mode.status();
  // An in-memory database has no file to keep a WAL beside; it stays "memory".
  const std::string got = Lower(*mode);
  if (got != wanted && got != "memory") {
    return Status::IOError("sqlite set journal_mode: asked for " + wanted + ", database is in " + got + " mode");
  }

  // Validated above: only FULL, NORMAL or OFF reach the SQL text.
  const std::string sync = "PRAGMA synchronous=" + Upper(options.synchronous);
  KASANE_RETURN_IF_ERROR(Exec(db, sync.c_str(), "set synchronous"));

  // 32 MiB of page cache (the default is 2 MiB): enough for the inner B-tree
  // pages of a million-case database, so a lookup reads at most its leaf.
  KASANE_RETURN_IF_ERROR(Exec(db, "PRAGMA cache_size=-32768", "set cache_size"));

  KASANE_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys=ON", "set foreign_keys"));
  Result<std::string> fk = QueryText(db, "PRAGMA foreign_keys", "read foreign_keys");
  if (!fk.ok()) return fk.status();
  if (*fk != "1") return Status::IOError("sqlite set foreign_keys: foreign key enforcement is unavailable");
  return Status::OK();
}

Result<int> ReadSchemaVersion(sqlite3* db) {
  Result<Statement> stmt = Prepare(db, "PRAGMA user_version", "read user_version");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("sqlite read user_version: returned no row");
  return static_cast<int>(stmt->ColumnInt(0));  // user_version is a 32-bit integer
}

Status MigrateSchema(sqlite3* db) {
  for (;;) {
    // The version is read inside the write transaction, so two processes opening a
    // fresh file at once cannot both run the same step.
    KASANE_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", "begin schema migration"));
    Result<int> current = ReadSchemaVersion(db);
    Status s = current.status();
    if (s.ok() && *current > kSchemaVersion) {
      s = Status::InvalidArgument("database schema version " + std::to_string(*current) +
                                  " is newer than this kasane supports (" + std::to_string(kSchemaVersion) + ")");
    }
    if (s.ok() && *current == kSchemaVersion) return Exec(db, "COMMIT", "finish schema migration");
    if (s.ok()) {
      const int next = *current + 1;
      const std::string step = "migrate schema to version " + std::to_string(next);
      s = Exec(db, kMigrations[static_cast<size_t>(*current)], step);
      // user_version lives in the database header, so it commits with the script.
      const std::string bump = "PRAGMA user_version=" + std::to_string(next);
      if (s.ok()) s = Exec(db, bump.c_str(), step);
      if (s.ok()) s = Exec(db, "COMMIT", step);
    }
    if (!s.ok()) {
      (void)Exec(db, "ROLLBACK", "roll back schema migration");
      return s;
    }
  }
}

}  // namespace kasane::sqlite
