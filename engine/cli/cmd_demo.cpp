// `kasane demo init --dir DIR [--workflows DIR] [--plugins DIR] [--force]`:
// everything `kasane serve` needs to start with demo data — DIR/kasane.yaml
// (five towns, one account per role), DIR/logins.txt (mode 0600, the only
// copy of the passwords) and DIR/kasane.db with fictional cases in many states.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "demo/demo_accounts.h"
#include "demo/demo_cases.h"
#include "demo/demo_config.h"
#include "app/app.h"
#include "runtime/clock.h"

namespace fs = std::filesystem;

namespace kasane::cli {
namespace {

constexpr const char* kUsageLine =
    "usage: kasane demo init --dir DIR [--workflows DIR] [--plugins DIR] [--force]";

const char* const kDatabaseFiles[] = {"kasane.db", "kasane.db-wal", "kasane.db-shm", "kasane.db-journal"};

int Fail(const std::string& message) {
  std::fprintf(stderr, "kasane demo: %s\n", message.c_str());
  return 1;
}

std::string Absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal().string();
}

bool AnyDatabaseFile(const std::string& dir) {
  std::error_code ec;
  for (const char* name : kDatabaseFiles) {
    if (fs::exists(fs::path(dir) / name, ec)) return true;
  }
  return false;
}

Status RemoveDatabaseFiles(const std::string& dir) {
  for (const char* name : kDatabaseFiles) {
    std::error_code ec;
    fs::remove(fs::path(dir) / name, ec);
    if (ec) return Status::IOError("cannot remove " + (fs::path(dir) / name).string() + ": " + ec.message());
  }
  return Status::OK();
}

// Writes `text` to `path` readable by the owner only, replacing any old file.
Status WritePrivateFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("cannot write " + path);
  bool ok = ::fchmod(fd, 0600) == 0;  // an existing file keeps its old mode otherwise
  for (size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  return ok ? Status::OK() : Status::IOError("cannot write " + path);
}

void PrintSummary(const std::vector<demo::SeededCase>& cases) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_tenant;  // in seeding order
  for (const demo::SeededCase& c : cases) {
    if (by_tenant.empty() || by_tenant.back().first != c.tenant) by_tenant.push_back({c.tenant, {}});
    by_tenant.back().second.push_back(c.state);
  }
  for (const auto& [tenant, states] : by_tenant) {
    std::string list;
    for (const std::string& s : states) list += (list.empty() ? "" : ", ") + s;
    std::fprintf(stderr, "  %-11s %zu cases (%s)\n", tenant.c_str(), states.size(), list.c_str());
  }
}

// Deploys every tenant's workflows, checks the accounts against them and adds
// the demo cases. Returns the tenants' main definitions for the logins table.
Result<demo::MainDefinitions> SeedDatabase(const demo::DemoConfig& config, Timestamp now) {
  // Deployed before the oldest demo event; `kasane serve` finds the same versions.
  ManualClock deploy_clock(now - int64_t{demo::kDemoHistoryDays} * 24 * 3600);
  std::vector<Diagnostic> diags;
  Result<std::unique_ptr<App>> app = App::Open(config.server, &deploy_clock, &diags);
  if (!app.ok()) {
    SortDiagnostics(&diags);
    for (const Diagnostic& d : diags) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    return app.status();
  }
  WorkflowRegistry& registry = *(*app)->registry();
  Result<demo::MainDefinitions> defs = demo::ActiveMainDefinitions(config, registry);
  if (!defs.ok()) return defs.status();
  KASANE_RETURN_IF_ERROR(demo::CheckDemoAccounts(config, *defs));
  std::vector<UserConfig> users;
  for (const demo::DemoAccount& a : config.accounts) users.push_back(a.user);
  Result<std::vector<demo::SeededCase>> cases =
      demo::SeedDemoCases((*app)->store(), &registry, config.server.tenants, users, now);
  if (!cases.ok()) return cases.status().WithContext("seeding demo cases");
  std::fprintf(stderr, "kasane demo: %zu cases created\n", cases->size());
  PrintSummary(*cases);
  return defs;
}

int Init(const demo::DemoPaths& paths, bool force) {
  const std::string& dir = paths.dir;
  const std::string config_path = dir + "/kasane.yaml";
  std::error_code ec;
  for (const std::string& d : {paths.workflows_dir, paths.plugins_dir}) {
    if (!fs::is_directory(d, ec)) {
      return Fail("no directory " + d + " (run from the source tree, or pass --workflows and --plugins)");
    }
  }
  if (!force && fs::exists(config_path, ec)) return Fail(config_path + " already exists; pass --force to replace it");
  if (!force && AnyDatabaseFile(dir)) {
    return Fail("a database already exists in " + dir + "; pass --force to replace it");
  }
  fs::create_directories(dir, ec);
  if (ec) return Fail("cannot create " + dir + ": " + ec.message());
  const std::string logins_path = dir + "/logins.txt";
  // --force: nothing of the old demo may outlive a failed run and mix with the new one.
  for (const std::string& old : {config_path, logins_path}) {
    if (fs::remove(old, ec); ec) return Fail("cannot remove " + old + ": " + ec.message());
  }
  if (Status s = RemoveDatabaseFiles(dir); !s.ok()) return Fail(s.message());

  Result<demo::DemoConfig> config = demo::NewDemoConfig(paths);
  if (!config.ok()) return Fail(config.status().ToString());
  const Timestamp now = SystemClock().Now();
  Result<demo::MainDefinitions> defs = SeedDatabase(*config, now);
  if (!defs.ok()) {
    (void)RemoveDatabaseFiles(dir);  // a half-seeded database is no demo
    return Fail(defs.status().ToString());
  }

  const size_t total = config->accounts.size();
  auto progress = [](size_t done, size_t n) {
    std::fprintf(stderr, "\rkasane demo: hashing passwords %zu/%zu", done, n);
    std::fflush(stderr);
  };
  Status hashed = demo::HashDemoPasswords(&*config, security::kDefaultPasswordIterations, 2, progress);
  std::fprintf(stderr, "\n");
  if (!hashed.ok()) {
    (void)RemoveDatabaseFiles(dir);
    return Fail(hashed.ToString());
  }
  const std::string logins = demo::RenderLoginsTable(*config, *defs);
  // kasane.yaml last: its presence means the demo is complete.
  for (const auto& [path, text] :
       {std::pair{logins_path, logins}, std::pair{config_path, demo::RenderConfigYaml(*config)}}) {
    if (Status s = WritePrivateFile(path, text); !s.ok()) return Fail(s.message());
  }
  std::fputs(logins.c_str(), stdout);
  std::printf("\nWrote %s, %s (%zu accounts) and %s.\nStart the server with:\n  kasane serve --config %s\n",
              config_path.c_str(), logins_path.c_str(), total, config->server.db_path.c_str(), config_path.c_str());
  return 0;
}

}  // namespace

int RunDemo(int argc, char** argv) {
  Args args(argc, argv, 2, {"dir", "workflows", "plugins"}, {"force"});
  if (!args.error().empty() || args.positional().size() != 1 || args.positional()[0] != "init" ||
      args.get("dir").empty()) {
    std::fprintf(stderr, "kasane demo: %s\n%s\n",
                 !args.error().empty() ? args.error().c_str() : "give the init subcommand and --dir DIR", kUsageLine);
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  demo::DemoPaths paths;
  paths.dir = Absolute(args.get("dir"));
  paths.workflows_dir = Absolute(args.get("workflows", "workflows"));
  paths.plugins_dir = Absolute(args.get("plugins", "plugins"));
  const int code = Init(paths, args.has("force"));
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  if (code == 0) std::fprintf(stderr, "kasane demo: done in %.1f s\n", took.count());
  return code;
}

}  // namespace kasane::cli
