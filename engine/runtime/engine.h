// Engine: the one way a case changes.
//
//   Fire(case, event, actor, payload)
//     1. authorize   the actor belongs to the case's tenant, its agency may see
//                    the case (runtime/case_access.h), and its role (and
//                    agency) may fire the event here
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
#include "runtime/case_access.h"
#include "runtime/case_cache.h"
#include "runtime/clock.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"

namespace kasane {

// Who acts. A user acts in one tenant, through one agency and one role; the
// engine checks all three against the case. The timer scheduler is the one
// actor of kind kTimer: it acts only with a pending timer (FireRequest::
// consumed_timer), in the tenant of that timer's case, as role "system". No
// user can be the timer: a user whose role is "system" is refused.
struct Actor {
  enum class Kind { kUser, kTimer };
  std::string id;      // user id; "system" for the timer
  std::string role;    // role id in the definition
  std::string agency;  // agency id; empty for the timer
  std::string tenant;  // the user's tenant; empty for the timer
  Kind kind = Kind::kUser;

  static Actor Timer() { return Actor{kSystemRole, kSystemRole, "", "", Kind::kTimer}; }
  bool is_timer() const { return kind == Kind::kTimer; }
  Viewer viewer() const { return Viewer{tenant, agency}; }
};

struct CreateRequest {
  std::string tenant;    // must be the actor's
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
  // How often Fire runs a request that named no expected_version again after
  // losing a race with another write, before it answers Conflict.
  static constexpr int kConflictRetries = 16;

  // All pointers must outlive the engine. `calendar` is used for business-day
  // timers. `cache_cases` bounds the snapshot cache (0 disables it).
  Engine(Store* store, WorkflowRegistry* registry, const Clock* clock, const BusinessCalendar* calendar,
         size_t cache_cases = kDefaultCacheCases)
      : store_(store), registry_(registry), clock_(clock), calendar_(calendar), cache_(cache_cases) {}

  Result<CaseRecord> Create(const CreateRequest& req);
  // Fires one event. With expected_version set, a case at another version is
  // a Conflict. Without it, the event applies to the case as it is: a race
  // lost to another write is run again on the new version (kConflictRetries).
  // Thread-safe.
  Result<FireResult> Fire(const FireRequest& req);

  // Fire and AvailableActions answer NotFound "no such case" for a case of
  // another tenant or one the actor's agency may not see, exactly as for a
  // case that does not exist; a member that sees only a restricted meeting's
  // record (Visibility::kMeetingOnly) may fire only that meeting's events
  // (PermissionDenied otherwise).

  // Transitions from the case's state that `actor`'s role may fire, each with
  // whether its guards allow it now and, if not, why; for a meeting-only
  // member only the restricted meetings' events.
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
  // Step 1 of Fire for one case: tenant, visibility and the timer's rule.
  // Returns what the actor may see of the case.
  static Result<Visibility> Authorize(const CaseRecord& c, const Definition& def, const Actor& actor,
                                      bool with_timer);
  // A request whose idempotency key was already used: answer it from the journal.
  Result<FireResult> Replay(const FireRequest& req, const EventRecord& seen);

  Store* store_;
  WorkflowRegistry* registry_;
  const Clock* clock_;
  const BusinessCalendar* calendar_;
  CaseCache cache_;
};

}  // namespace kasane
