// `kasane audit verify --db FILE [--tenant T]`: checks the audit log's hash
// chains and names the first entry that was edited, removed, reordered or forged.
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "store/sqlite/open_sqlite.h"
#include "store/store.h"

namespace kasane::cli {

int RunAudit(int argc, char** argv) {
  Args args(argc, argv, 2, {"db", "tenant"}, {});
  if (!args.error().empty() || args.positional().size() != 1 || args.positional()[0] != "verify" ||
      args.get("db").empty()) {
    std::fprintf(stderr, "kasane audit: %s\nusage: kasane audit verify --db FILE [--tenant T]\n",
                 !args.error().empty() ? args.error().c_str() : "give the verify subcommand and --db FILE");
    return 2;
  }
  const std::string path = args.get("db");
  // Opening would create an empty database; verifying one proves nothing.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::fprintf(stderr, "kasane audit: no database file at %s\n", path.c_str());
    return 2;
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) {
    std::fprintf(stderr, "kasane audit: cannot open %s: %s\n", path.c_str(), store.status().ToString().c_str());
    return 1;
  }
  Result<AuditVerification> v = (*store)->VerifyAudit(args.get("tenant"));
  if (!v.ok()) {
    std::fprintf(stderr, "kasane audit: %s\n", v.status().ToString().c_str());
    return 1;
  }
  if (!v->ok) {
    std::printf("audit chain BROKEN: %s\n", v->problem.c_str());
    return 1;
  }
  std::string tenants;
  for (const std::string& t : v->tenants) tenants += (tenants.empty() ? "" : ", ") + t;
  std::printf("audit chain ok: %lld entries (tenants: %s)\n", static_cast<long long>(v->entries),
              tenants.empty() ? "none" : tenants.c_str());
  return 0;
}

}  // namespace kasane::cli
