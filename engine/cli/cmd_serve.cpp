// `kasane serve --config FILE [--port N] [--bind ADDR] [--db FILE]
//  [--workflows DIR] [--plugins DIR]`: the HTTP API.
//
// Settings: flags win over KASANE_PORT / KASANE_BIND / KASANE_DB, which win
// over the file. A bad configuration exits 1 with every problem listed.
// SIGINT and SIGTERM stop the server gracefully (requests in progress finish,
// then the timer scheduler). Due timers fire at start and every
// scheduler.interval_seconds (app/config.h).
// SIGHUP reloads every tenant's workflows from disk, all or nothing: changed
// files become new definition versions (running cases keep theirs); if any
// workflow fails to load, nothing changes and the problems are printed.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/config.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "http/server.h"

namespace kasane::cli {
namespace {

std::map<std::string, std::string> ServeEnvironment() {
  std::map<std::string, std::string> env;
  for (const char* name : {"KASANE_PORT", "KASANE_BIND", "KASANE_DB"}) {
    if (const char* v = std::getenv(name)) env[name] = v;
  }
  return env;
}

// Applies the flags over the config; false (with a diagnostic) for a bad --port.
bool ApplyFlags(const Args& args, ServerConfig* config, std::vector<Diagnostic>* diags) {
  if (args.has("port") && !ParsePort(args.get("port"), &config->port)) {
    diags->push_back({SourcePos{"--port", 0, 0}, "must be a port number (0-65535)"});
    return false;
  }
  if (args.has("bind")) config->bind = args.get("bind");
  if (args.has("db")) config->db_path = args.get("db");
  if (args.has("workflows")) config->workflows_dir = args.get("workflows");
  if (args.has("plugins")) config->plugins_dir = args.get("plugins");
  return true;
}

void PrintDiagnostics(const std::vector<Diagnostic>& diags) {
  for (const Diagnostic& d : diags) std::fprintf(stderr, "%s\n", d.ToString().c_str());
}

// On SIGHUP: the same reload as POST /api/v1/workflows/reload, for every tenant.
void ReloadOnSignal(App* app) {
  std::vector<Diagnostic> diags;
  auto reloaded = app->Reload("", "reload", &diags);
  if (!reloaded.ok()) {
    SortDiagnostics(&diags);  // a file shared by several tenants is reported once
    PrintDiagnostics(diags);
    std::fprintf(stderr, "kasane serve: %s\nkasane serve: reload refused, the running definitions are unchanged\n",
                 reloaded.status().ToString().c_str());
    return;
  }
  size_t changed = 0;
  for (const WorkflowRegistry::Deployment& d : *reloaded) changed += d.version != d.previous ? 1 : 0;
  std::fprintf(stderr, "kasane serve: reloaded %zu workflow(s) (%zu changed)\n", reloaded->size(), changed);
}

}  // namespace

int RunServe(int argc, char** argv) {
  Args args(argc, argv, 2, {"config", "port", "bind", "db", "workflows", "plugins"}, {});
  if (!args.error().empty() || !args.positional().empty()) {
    std::fprintf(stderr,
                 "kasane serve: %s\nusage: kasane serve [--config FILE] [--port N] [--bind ADDR] [--db FILE] "
                 "[--workflows DIR] [--plugins DIR]\n",
                 !args.error().empty() ? args.error().c_str() : "unexpected argument");
    return 2;
  }
  // Signals are blocked before any thread starts, so only sigwait sees them.
  sigset_t handled_signals;
  sigemptyset(&handled_signals);
  sigaddset(&handled_signals, SIGINT);
  sigaddset(&handled_signals, SIGTERM);
  sigaddset(&handled_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &handled_signals, nullptr);

  ServerConfig config;
  std::vector<Diagnostic> diags;
  bool ok = true;
  if (args.has("config")) ok = LoadServerConfigFile(args.get("config"), &config, &diags);
  ok = ApplyEnvironment(ServeEnvironment(), &config, &diags) && ok;
  ok = ApplyFlags(args, &config, &diags) && ok;
  if (!ok) {
    PrintDiagnostics(diags);
    std::fprintf(stderr, "kasane serve: %zu problem(s) in the configuration\n", diags.size());
    return 1;
  }

  // database.path is a store URL (store/open_store.h: sqlite:///var/lib/kasane/kasane.db?synchronous=NORMAL)
  // or a plain SQLite path, opened with database.synchronous.
  Result<std::unique_ptr<App>> app = App::Open(config, nullptr, &diags);
  if (!app.ok()) {
    SortDiagnostics(&diags);
    PrintDiagnostics(diags);
    std::fprintf(stderr, "kasane serve: %s\n", app.status().ToString().c_str());
    return 1;
  }

  http::HttpServer server(app->get());
  Status started = server.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "kasane serve: %s\n", started.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "kasane serve: listening on %s://%s:%u\n", config.tls_certificate.empty() ? "http" : "https",
               config.bind.c_str(),
               static_cast<unsigned>(server.port()));
  if (config.scheduler_enabled) {
    (*app)->scheduler()->Start();  // fires what fell due while the server was down, then every interval
    std::fprintf(stderr, "kasane serve: timers fire every %d s\n", config.scheduler_interval_seconds);
  }
  int signal_number = 0;
  while (sigwait(&handled_signals, &signal_number) == 0 && signal_number == SIGHUP) {
    ReloadOnSignal(app->get());
  }
  std::fprintf(stderr, "kasane serve: stopping (signal %d)\n", signal_number);
  server.Stop();
  (*app)->scheduler()->Stop();
  return 0;
}

}  // namespace kasane::cli
