#include "store/sqlite/sqlite_handle.h"

#include <utility>

namespace kasane::sqlite {

Status SqliteError(sqlite3* db, int rc, std::string_view op) {
  std::string msg = "sqlite ";
  msg += op;
  msg += ": ";
  // sqlite3_errmsg describes the most recent failure on the connection, which is
  // this one; without a connection only the code's generic text is known.
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::AlreadyExists(std::move(msg));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_TRIGGER:  // RAISE(ABORT, ...): the schema refused the write
      return Status::InvalidArgument(std::move(msg));
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(std::move(msg));
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return Status::Internal(std::move(msg));
    default:
      return Status::IOError(std::move(msg));
  }
}

Result<DbHandle> OpenDatabase(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  // The owner serialises access, so SQLite's own per-connection mutex is not needed.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);  // even a failed open allocates a handle that must be closed
  if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "open '" + path + "'");
  sqlite3_extended_result_codes(db.get(), 1);
  return db;
}

Status Exec(sqlite3* db, const char* sql, std::string_view op) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, sqlite3_extended_errcode(db), op);
  return Status::OK();
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      op_(std::move(other.op_)),
      bind_rc_(std::exchange(other.bind_rc_, SQLITE_OK)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    op_ = std::move(other.op_);
    bind_rc_ = std::exchange(other.bind_rc_, SQLITE_OK);
  }
  return *this;
}

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::BindInt(int index, int64_t value) { NoteBind(sqlite3_bind_int64(stmt_, index, value)); }

void Statement::BindText(int index, const std::string& value) {
  // A null destructor is SQLITE_STATIC: no copy, the caller keeps the string alive.
  NoteBind(
      sqlite3_bind_text64(stmt_, index, value.data(), static_cast<sqlite3_uint64>(value.size()), nullptr, SQLITE_UTF8));
}

void Statement::BindNull(int index) { NoteBind(sqlite3_bind_null(stmt_, index)); }

void Statement::BindOptionalInt(int index, const std::optional<int64_t>& value) {
  if (value.has_value()) {
    BindInt(index, *value);
  } else {
    BindNull(index);
  }
}

Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) {
    const int rc = bind_rc_;
    bind_rc_ = SQLITE_OK;
    return SqliteError(db_, rc, op_ + " (binding parameters)");
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, sqlite3_extended_errcode(db_), op_);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::OK();
  }
}

void Statement::Reset() {
  // sqlite3_reset repeats the last step's error, which Step() already reported.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return std::string();
  const int bytes = sqlite3_column_bytes(stmt_, col);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(bytes));
}

std::optional<int64_t> Statement::ColumnOptionalInt(int col) const {
  if (ColumnIsNull(col)) return std::nullopt;
  return ColumnInt(col);
}

Result<Statement> Prepare(sqlite3* db, std::string_view sql, std::string op) {
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db, sqlite3_extended_errcode(db), "prepare " + op);
  }
  return Statement(db, stmt, std::move(op));
}

Transaction::~Transaction() {
  if (!open_) return;
  // Best effort: after a failed COMMIT SQLite may already have rolled back, and
  // the guard must not mask the error that brought us here.
  StatementScope scope(rollback_);
  (void)scope->Run();
}

Status Transaction::Begin() {
  StatementScope scope(begin_);
  KASANE_RETURN_IF_ERROR(scope->Run());
  open_ = true;
  return Status::OK();
}

Status Transaction::Commit() {
  StatementScope scope(commit_);
  KASANE_RETURN_IF_ERROR(scope->Run());
  open_ = false;
  return Status::OK();
}

}  // namespace kasane::sqlite
