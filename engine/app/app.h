// App: the composition root of a running kasane. Built from a ServerConfig, it
// owns the store, the workflow registry, the business calendar, the engine,
// the case service, the audit log and the timer scheduler, and deploys the
// tenants' workflows. http/ translates
// requests into calls on it; cli/ and demo/ start from it.
//
// Thread-safe as its parts are (Store, WorkflowRegistry, Engine, TimerScheduler);
// config() is read-only after Open.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "calendar/business_calendar.h"
#include "definition/diagnostic.h"
#include "runtime/audit_log.h"
#include "runtime/case_service.h"
#include "runtime/clock.h"
#include "runtime/engine.h"
#include "runtime/timer_scheduler.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"

namespace kasane {

// Opens the store config.db_path names (a store URL, or a plain SQLite path
// opened with database.synchronous), without deploying anything: for tools
// that only read what a server wrote.
Result<std::unique_ptr<Store>> OpenConfiguredStore(const ServerConfig& config);

class App {
 public:
  // Opens the store config.db_path names — a store URL (store/open_store.h)
  // or a plain SQLite path opened with database.synchronous — and deploys
  // every tenant's workflows from disk as "startup". `clock` is the time the
  // core runs on: null for the system clock; otherwise it must outlive the App
  // (tests). IOError or InvalidArgument when the store cannot be opened;
  // InvalidArgument with every problem in *diags when a workflow does not
  // load (nothing is deployed then).
  static Result<std::unique_ptr<App>> Open(const ServerConfig& config, const Clock* clock,
                                           std::vector<Diagnostic>* diags);
  // The same over a store that is already open.
  static Result<std::unique_ptr<App>> Open(const ServerConfig& config, std::unique_ptr<Store> store,
                                           const Clock* clock, std::vector<Diagnostic>* diags);

  ~App();  // stops the scheduler first
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  const ServerConfig& config() const { return config_; }
  Store* store() const { return store_.get(); }
  WorkflowRegistry* registry() const { return registry_.get(); }
  Engine* engine() const { return engine_.get(); }
  // The one way requests read or change cases (runtime/case_service.h).
  CaseService* cases() const { return cases_.get(); }
  AuditLog* audit() const { return audit_.get(); }
  const Clock& clock() const { return *clock_; }
  const BusinessCalendar& calendar() const { return calendar_; }
  TimerScheduler* scheduler() const { return scheduler_.get(); }

  // Reloads the workflows from disk, all or nothing (app/startup.h:
  // ReloadWorkflows), for one tenant or, with "", for all; audited as
  // `deployed_by` with the role "operator" (SIGHUP: "reload").
  Result<std::vector<WorkflowRegistry::Deployment>> Reload(const std::string& tenant_filter,
                                                           const std::string& deployed_by,
                                                           std::vector<Diagnostic>* diags);

 private:
  App(const ServerConfig& config, std::unique_ptr<Store> store, const Clock* clock);

  ServerConfig config_;
  std::unique_ptr<Clock> own_clock_;  // set when no clock was given
  const Clock* clock_;
  std::unique_ptr<Store> store_;
  BusinessCalendar calendar_;
  std::unique_ptr<WorkflowRegistry> registry_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<TimerScheduler> scheduler_;
};

}  // namespace kasane
