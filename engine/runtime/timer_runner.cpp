#include "runtime/timer_runner.h"

#include <algorithm>

#include "runtime/audit_log.h"

namespace kasane {
namespace {

// The audit entry written with a timer's transition; the engine fills in the
// case's tenant, the store the case id.
AuditEntry TimerAuditEntry(const TimerRecord& timer, Timestamp now) {
  return MakeAuditEntry("", now, "timer", "system", "case.timer", std::nullopt, timer.event);
}

// Whether a refusal means the timer no longer applies (delete it) rather
// than a failure worth trying again.
bool TimerNoLongerApplies(Status::Code code) {
  switch (code) {
    case Status::Code::kInvalidArgument:   // the event cannot be fired in the case's state
    case Status::Code::kGuardDenied:       // a guard refused
    case Status::Code::kNotFound:          // the case is gone
    case Status::Code::kPermissionDenied:  // the transition is not the timer's
      return true;
    default:
      return false;
  }
}

}  // namespace

int64_t TimerBackoffSeconds(int attempts) {
  int64_t seconds = 60;
  for (int i = 1; i < attempts && seconds < 3600; ++i) seconds *= 2;
  return std::min<int64_t>(seconds, 3600);
}

Result<TimerRunStats> RunDueTimers(Engine* engine, int limit) {
  const Timestamp now = engine->clock().Now();
  auto due = engine->store()->DueTimers(now, limit);
  if (!due.ok()) return due.status();
  TimerRunStats stats;
  stats.due = static_cast<int>(due->size());
  for (const TimerRecord& timer : *due) {
    if (stats.oldest_due == 0 || timer.due_at < stats.oldest_due) stats.oldest_due = timer.due_at;
    FireRequest req;
    req.case_id = timer.case_id;
    req.event = timer.event;
    req.actor = Actor::Timer();
    req.consumed_timer = timer.id;
    req.audit = TimerAuditEntry(timer, now);
    auto fired = engine->Fire(req);
    if (fired.ok()) {
      ++stats.fired;
      continue;
    }
    const Status::Code code = fired.status().code();
    if (TimerNoLongerApplies(code)) {
      KASANE_RETURN_IF_ERROR(engine->store()->DeleteTimer(timer.id));
      ++stats.dropped;
      continue;
    }
    // A conflict: another write reached the case first. Try again at the next
    // run, unless the timer went with it (its state was left).
    const bool conflict = code == Status::Code::kConflict;
    const Status postponed =
        engine->store()->PostponeTimer(timer.id, conflict ? now : now + TimerBackoffSeconds(timer.attempts + 1));
    if (postponed.code() == Status::Code::kNotFound) {
      ++stats.dropped;
    } else if (conflict) {
      ++stats.retry;
    } else {
      if (stats.failed++ == 0) stats.first_failure = fired.status();
    }
  }
  return stats;
}

}  // namespace kasane
