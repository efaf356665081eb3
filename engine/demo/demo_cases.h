// Demo cases: a handful of fictional households per town, taken through the
// town's real flow by the engine so they stand in the states a newcomer
// should see (just received, screening, assessment, plan, support, closed,
// returned, shared at a 支援会議 ...).
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"
#include "util/time.h"

namespace kasane::demo {

// Every demo event lies within this many days before `now`; deploy the
// workflows at or before now minus this, so they predate the cases.
inline constexpr int kDemoHistoryDays = 180;

// One case made, with the state it was meant to reach (and did).
struct SeededCase {
  std::string tenant;
  CaseId id = 0;
  std::string state;
  std::string summary;  // one line in Japanese, for the command's output
};

// Creates the demo cases of every tenant in `tenants` that has seeds, through
// an Engine over `store` and `registry` (the tenants' workflows must already
// be deployed there). Events are dated over the months before `now` on
// business days, never after `now`. Actors are the `users` whose role and
// agency match, or a staff id of the agency. Each action is also appended to
// the tenant's audit log. Fails on the first event the flow refuses, or when
// a case does not end in its intended state.
Result<std::vector<SeededCase>> SeedDemoCases(Store* store, WorkflowRegistry* registry,
                                              const std::vector<TenantConfig>& tenants,
                                              const std::vector<UserConfig>& users, Timestamp now);

}  // namespace kasane::demo
