// Engine: the one way a case changes.
//
//   Fire(case, event, actor, payload)
//     1. authorize   the actor's role (and agency) may fire the event here
//     2. validate    the payload against the transition's form; required fields
//     3. guards      Lua, sandboxed; the first transition whose guards all allow wins
//     4. actions     on_exit, transition actions, on_enter: each only adds to a ChangeSet
//     5. commit      the ChangeSet in ONE store transaction, version-checked
//
// Nothing is written unless every step succeeds. Thread-safe: concurrent
// fires on the same case are resolved by the store's version check (one wins,
// the other gets Status::Conflict). Guards run against the case as the engine
// last wrote it (CaseCache). A success is safe on a stale snapshot because the
// commit is version-checked; any failure on a snapshot is retried once from
// the database, so only the database's answer reaches the caller.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calendar/business_calendar.h"
#include "runtime/case_cache.h"
#include "runtime/clock.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"

namespace kasane {

struct Actor {
  std::string id;      // user id, or "system" for timers
  std::string role;    // role id in the definition
  std::string agency;  // agency id; empty when the actor belongs to none (system)
};

struct CreateRequest {
  std::string tenant;
  std::string workflow;  // definition id; the active version is pinned
  std::string initial_state;  // empty: the first initial state
  Actor actor;
  Value data;  // initial field values, checked against the initial state's form
  std::optional<AuditEntry> audit;  // written with the case, in its transaction (case_id filled in)
};

struct FireRequest {
  CaseId case_id = 0;
  std::string event;
  Actor actor;
  Value payload;                          // field -> value
  std::optional<int64_t> expected_version;  // the version the caller saw; stale -> Conflict
  std::string idempotency_key;            // a retried request with the same key is answered, not re-run
  std::optional<int64_t> consumed_timer;  // set by the timer runner
  std::optional<AuditEntry> audit;        // written with the change, in its transaction (not on a replay)
};

struct FireResult {
  CaseRecord case_after;
  EventRecord event;
  bool replayed = false;  // true when answered from the idempotency key
  std::vector<CaseRecord> spawned;  // linked child cases the transition opened
};

// One action a user could take now, for the console and the API.
struct AvailableAction {
  std::string event;
  LocalizedText label;
  std::string to;      // target state; empty for internal transitions
  bool allowed = false;
  std::string reason;  // why not, for the caseworker (Japanese)
};

class Engine {
 public:
  static constexpr size_t kDefaultCacheCases = 4096;

  // All pointers must outlive the engine. `calendar` is used for business-day
  // timers. `cache_cases` bounds the snapshot cache (0 disables it).
  Engine(Store* store, WorkflowRegistry* registry, const Clock* clock, const BusinessCalendar* calendar,
         size_t cache_cases = kDefaultCacheCases)
      : store_(store), registry_(registry), clock_(clock), calendar_(calendar), cache_(cache_cases) {}

  Result<CaseRecord> Create(const CreateRequest& req);
  Result<FireResult> Fire(const FireRequest& req);

  // Transitions from the case's state that `actor`'s role may fire, each with
  // whether its guards allow it now and, if not, why.
  Result<std::vector<AvailableAction>> AvailableActions(CaseId case_id, const Actor& actor);

  const Clock& clock() const { return *clock_; }
  Store* store() { return store_; }
  WorkflowRegistry* registry() { return registry_; }

 private:
  struct OpenCaseArgs {
    std::string tenant;
    std::string workflow;
    std::string initial_state;
    Actor actor;
    Value data;
    std::string event;  // "create" or "spawn"
    Timestamp now = 0;
    std::vector<MembershipChange> members;
  };
  // Everything a new case is created with: the active version, its initial
  // state (checked), data checked against the state's form, entry actions,
  // timers and members. Writes nothing.
  Result<NewCase> OpenCase(const OpenCaseArgs& args);
  // One attempt; `used_cache` tells whether the case came from the cache.
  Result<FireResult> FireOnce(const FireRequest& req, bool allow_cache, bool* used_cache);
  // A request whose idempotency key was already used: answer it from the journal.
  Result<FireResult> Replay(const FireRequest& req, const EventRecord& seen);

  Store* store_;
  WorkflowRegistry* registry_;
  const Clock* clock_;
  const BusinessCalendar* calendar_;
  CaseCache cache_;
};

}  // namespace kasane
