// Fires due timers through Engine::Fire, as the built-in `system` actor.
#pragma once

#include "runtime/engine.h"

namespace kasane {

struct TimerRunStats {
  int fired = 0;    // committed transitions
  int dropped = 0;  // the case had moved on, or a guard refused: the timer is deleted
  int retry = 0;    // lost a race (version conflict) or a transient error: left for the next run
};

// Fires every timer due at the engine clock's now (at most `limit`). A timer
// fires exactly once: its row is deleted in the same transaction as the
// transition it causes.
Result<TimerRunStats> RunDueTimers(Engine* engine, int limit = 1000);

}  // namespace kasane
