#include "app/app.h"

#include <cctype>
#include <utility>

#include "app/startup.h"
#include "store/open_store.h"
#include "store/sqlite/open_sqlite.h"

namespace kasane {
namespace {

TimerScheduler::Options SchedulerOptionsFor(const ServerConfig& config) {
  TimerScheduler::Options options;
  options.interval = std::chrono::milliseconds(int64_t{config.scheduler_interval_seconds} * 1000);
  options.batch = config.scheduler_batch;
  return options;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenConfiguredStore(const ServerConfig& config) {
  std::string scheme = config.db_path.substr(0, 7);
  for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme == "sqlite:") return OpenStore(config.db_path);
  StoreOptions options;
  options.synchronous = config.synchronous;
  return OpenSqliteStore(config.db_path, options);
}

App::App(const ServerConfig& config, std::unique_ptr<Store> store, const Clock* clock)
    : config_(config),
      own_clock_(clock == nullptr ? std::make_unique<SystemClock>() : nullptr),
      clock_(clock != nullptr ? clock : own_clock_.get()),
      store_(std::move(store)),
      registry_(std::make_unique<WorkflowRegistry>(store_.get(), LoaderOptionsFor(config_))),
      engine_(std::make_unique<Engine>(store_.get(), registry_.get(), clock_, &calendar_)),
      cases_(std::make_unique<CaseService>(store_.get(), registry_.get(), engine_.get(), clock_)),
      audit_(std::make_unique<AuditLog>(store_.get())),
      scheduler_(std::make_unique<TimerScheduler>(engine_.get(), SchedulerOptionsFor(config_))) {}

App::~App() { scheduler_->Stop(); }

Result<std::unique_ptr<App>> App::Open(const ServerConfig& config, const Clock* clock,
                                       std::vector<Diagnostic>* diags) {
  Result<std::unique_ptr<Store>> store = OpenConfiguredStore(config);
  if (!store.ok()) return store.status().WithContext("cannot open " + config.db_path);
  return Open(config, std::move(*store), clock, diags);
}

Result<std::unique_ptr<App>> App::Open(const ServerConfig& config, std::unique_ptr<Store> store,
                                       const Clock* clock, std::vector<Diagnostic>* diags) {
  std::unique_ptr<App> app(new App(config, std::move(store), clock));
  Status deployed = DeployTenantWorkflows(app->config_, app->registry(), app->clock(), diags);
  if (!deployed.ok()) return deployed;
  return app;
}

Result<std::vector<WorkflowRegistry::Deployment>> App::Reload(const std::string& tenant_filter,
                                                              const std::string& deployed_by,
                                                              std::vector<Diagnostic>* diags) {
  AuditEntry by;
  by.actor = deployed_by;
  by.role = "operator";
  return ReloadWorkflows(config_, registry_.get(), *clock_, tenant_filter, by, diags);
}

}  // namespace kasane
