// Opening the SQLite backend of the Store directly, with typed options.
// Most callers open a store by URL instead (store/open_store.h).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"
#include "util/status.h"

namespace kasane {

// Tuning that matters for durability and speed. Defaults are the production ones.
struct StoreOptions {
  std::string synchronous = "FULL";  // FULL | NORMAL | OFF (any letter case)
  bool wal = true;                   // journal_mode WAL; false: DELETE
  int busy_timeout_ms = 5000;        // must not be negative
};

// Opens (creating if needed) a SQLite database at `path` (":memory:" for a
// private in-memory one) with the given options, and migrates its schema.
// Invalid options are InvalidArgument.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const StoreOptions& options = {});

}  // namespace kasane
