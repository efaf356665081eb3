// The kasane SQLite schema, its migrations and the connection settings every
// kasane connection uses (the store, the benchmark's raw ceiling, bulk seeding).
#pragma once

#include <sqlite3.h>

#include "store/sqlite/open_sqlite.h"
#include "util/status.h"

namespace kasane::sqlite {

// The schema version this build writes; PRAGMA user_version holds the stored one.
inline constexpr int kSchemaVersion = 4;

// The SQL that takes the schema from `from_version` to from_version + 1
// (0 <= from_version < kSchemaVersion). Exposed for migration tests.
const char* MigrationScript(int from_version);

// Validates options.synchronous: FULL, NORMAL or OFF (any letter case).
Status ValidateStoreOptions(const StoreOptions& options);

// Applies the options to a fresh connection: the busy timeout, journal_mode
// (WAL when options.wal, DELETE otherwise; an in-memory database keeps its
// "memory" journal), synchronous, a 32 MiB page cache and foreign_keys=ON.
// Must run outside any transaction.
Status ConfigureConnection(sqlite3* db, const StoreOptions& options);

// Brings the schema up to kSchemaVersion, one transaction per migration step.
// Refuses a database written by a newer kasane (user_version > kSchemaVersion).
Status MigrateSchema(sqlite3* db);

// The stored schema version (PRAGMA user_version).
Result<int> ReadSchemaVersion(sqlite3* db);

}  // namespace kasane::sqlite
