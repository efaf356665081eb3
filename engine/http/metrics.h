// Metrics: request counters for GET /metrics (Prometheus text format).
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "runtime/timer_scheduler.h"

namespace kasane::http {

class Metrics {
 public:
  void CountResponse(int status);

  // kasane_http_requests_total{code="200"} 3, one line per status seen.
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::map<int, uint64_t> responses_;
};

// The scheduler's counters in the same format: kasane_timers_fired_total,
// _failed_total, _dropped_total, _retried_total, kasane_timers_due and
// kasane_timers_lag_seconds.
std::string RenderTimerMetrics(const TimerScheduler::Metrics& m);

}  // namespace kasane::http
