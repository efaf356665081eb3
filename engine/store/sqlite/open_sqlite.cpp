#include "store/sqlite/open_sqlite.h"

#include <utility>

#include "store/sqlite/sqlite_store.h"

namespace kasane {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const StoreOptions& options) {
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path, options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(store).value());
}

}  // namespace kasane
