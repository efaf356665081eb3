#include "runtime/timer_runner.h"

namespace kasane {

Result<TimerRunStats> RunDueTimers(Engine* engine, int limit) {
  auto due = engine->store()->DueTimers(engine->clock().Now(), limit);
  if (!due.ok()) return due.status();
  TimerRunStats stats;
  for (const TimerRecord& timer : *due) {
    FireRequest req;
    req.case_id = timer.case_id;
    req.event = timer.event;
    req.actor = Actor::Timer();
    req.consumed_timer = timer.id;
    auto fired = engine->Fire(req);
    if (fired.ok()) {
      ++stats.fired;
      continue;
    }
    switch (fired.status().code()) {
      case Status::Code::kConflict:
      case Status::Code::kIOError:
        ++stats.retry;
        break;
      default:
        KASANE_RETURN_IF_ERROR(engine->store()->DeleteTimer(timer.id));
        ++stats.dropped;
    }
  }
  return stats;
}

}  // namespace kasane
