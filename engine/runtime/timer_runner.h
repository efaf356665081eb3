// Fires due timers through Engine::Fire, as the timer (Actor::Timer()).
#pragma once

#include "runtime/engine.h"

namespace kasane {

struct TimerRunStats {
  int due = 0;      // timers found due in this run
  int fired = 0;    // committed transitions
  int dropped = 0;  // the case had moved on, or a guard refused: the timer is deleted
  int retry = 0;    // lost a race with a concurrent write: tried again at the next run
  int failed = 0;   // the transition failed (a plugin error, a store error): retried after a back-off
  Timestamp oldest_due = 0;  // due time of the oldest timer found due; 0 when none
  Status first_failure;      // why the first failed timer failed (may hold case data: never log its message)
};

// How long a timer that failed `attempts` times waits before its next try:
// one minute, doubling with each failure, at most an hour.
int64_t TimerBackoffSeconds(int attempts);

// Fires every timer due at the engine clock's now (at most `limit`, oldest due
// first). A timer fires at most once: its row is deleted in the same
// transaction as the transition it causes, and a timer whose state was left
// meanwhile does not fire (the store refuses the commit). Each fired timer
// writes an audit entry (action "case.timer", actor "timer") in its
// transaction. A failure is counted and the timer postponed; it never stops
// the run. Errors only when the due timers cannot be read.
// Thread-safe (as Engine::Fire), though one runner at a time is the intent.
Result<TimerRunStats> RunDueTimers(Engine* engine, int limit = 1000);

}  // namespace kasane
