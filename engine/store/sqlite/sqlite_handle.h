// Thin RAII wrappers over the SQLite C API: a connection handle, a prepared
// statement, a scope that resets a cached statement, and a transaction guard.
//
// Errors are Status values that name the operation and carry sqlite3_errmsg.
// None of these types are thread-safe; the owner serialises access.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace kasane::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
// An open connection; closed when the handle goes away.
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// "sqlite <op>: <message>" with a Status code chosen from the SQLite result code:
// constraint failures become AlreadyExists (unique) or InvalidArgument (foreign
// key, check, not null, a trigger's RAISE), damaged files Corruption, everything else IOError.
Status SqliteError(sqlite3* db, int rc, std::string_view op);

// Opens a read-write connection with extended result codes, creating the file
// when `create` is set and it does not exist.
Result<DbHandle> OpenDatabase(const std::string& path, bool create = true);

// Runs one or more SQL statements that return no rows we need.
Status Exec(sqlite3* db, const char* sql, std::string_view op);

// A prepared statement. Move-only; finalized on destruction. `op` names the
// statement in error messages ("insert event").
//
// Bound text is NOT copied (SQLITE_STATIC): the string must outlive every
// Step() that uses it, which is why temporaries cannot be bound.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::string op) : db_(db), stmt_(stmt), op_(std::move(op)) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based. A failed bind is remembered and reported by the next Step().
  void BindInt(int index, int64_t value);
  void BindText(int index, const std::string& value);
  void BindText(int index, std::string&& value) = delete;
  void BindNull(int index);
  void BindOptionalInt(int index, const std::optional<int64_t>& value);

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, ignoring any rows (for INSERT/UPDATE/DELETE).
  Status Run();
  // Resets for reuse and clears every binding.
  void Reset();

  // Columns are 0-based; only valid after Step() returned true.
  int64_t ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string ColumnText(int col) const;
  bool ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<int64_t> ColumnOptionalInt(int col) const;

  sqlite3_stmt* get() const { return stmt_; }
  const std::string& op() const { return op_; }
  // Rows changed by the last completed INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const { return sqlite3_changes64(db_); }
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

 private:
  void NoteBind(int rc);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string op_;
  int bind_rc_ = SQLITE_OK;
};

// Prepares `sql` once, for repeated use (SQLITE_PREPARE_PERSISTENT).
Result<Statement> Prepare(sqlite3* db, std::string_view sql, std::string op);

// Borrows a cached statement for one use and resets it (clearing bindings) on
// scope exit, so an early return never leaves a statement mid-step.
class StatementScope {
 public:
  explicit StatementScope(Statement& stmt) : stmt_(stmt) {}
  ~StatementScope() { stmt_.Reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  Statement* operator->() { return &stmt_; }
  Statement& operator*() { return stmt_; }

 private:
  Statement& stmt_;
};

// Runs BEGIN on construction via Begin(); rolls back on destruction unless
// Commit() succeeded. The begin/commit/rollback statements are cached by the owner.
class Transaction {
 public:
  Transaction(Statement& begin, Statement& commit, Statement& rollback)
      : begin_(begin), commit_(commit), rollback_(rollback) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin();
  Status Commit();

 private:
  Statement& begin_;
  Statement& commit_;
  Statement& rollback_;
  bool open_ = false;
};

}  // namespace kasane::sqlite
