// ChangeSet: everything one transition changes, collected before anything is
// written. Guards and actions (Lua or declarative) only add entries here; the
// store applies the whole set in one transaction or not at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/localized_text.h"
#include "util/time.h"
#include "util/value.h"

namespace kasane {

struct TaskChange {
  std::string kind;
  std::string agency;
  std::string role;
  LocalizedText title;
  std::optional<Timestamp> due_at;
};

struct TimerChange {
  std::string timer_id;  // unique per case among pending timers
  std::string event;     // fired as role `system` when due
  Timestamp due_at = 0;
  std::string state;     // the state that owns it (cancelled when the case leaves it); the engine
                         // assigns plugin timers to the state the case ends up in
};

// A decision recorded on the case: a screening result, a meeting outcome...
struct Decision {
  std::string key;
  Value value;
  std::string source;  // "plugin.function" or "transition"
};

// Agencies that are members of a case see it (referrer, assigned, lead...).
struct MembershipChange {
  std::string agency;
  std::string relation;  // referrer | assigned | lead | meeting | ...
  bool remove = false;
};

struct ChangeSet {
  Object data_patch;  // field -> new value; a null value removes the field
  std::vector<TaskChange> tasks_created;
  std::vector<std::string> task_kinds_closed;
  std::vector<TimerChange> timers_scheduled;
  std::vector<std::string> timers_cancelled;  // timer ids
  bool cancel_state_timers = false;           // cancel timers owned by the state left
  std::vector<Decision> decisions;
  std::vector<MembershipChange> memberships;

  bool empty() const {
    return data_patch.empty() && tasks_created.empty() && task_kinds_closed.empty() &&
           timers_scheduled.empty() && timers_cancelled.empty() && !cancel_state_timers &&
           decisions.empty() && memberships.empty();
  }
};

}  // namespace kasane
