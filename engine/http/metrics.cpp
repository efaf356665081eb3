#include "http/metrics.h"

namespace kasane::http {

void Metrics::CountResponse(int status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++responses_[status];
}

std::string Metrics::Render() const {
  std::string out =
      "# HELP kasane_http_requests_total HTTP requests answered, by status code.\n"
      "# TYPE kasane_http_requests_total counter\n";
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [code, count] : responses_) {
    out += "kasane_http_requests_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(count) + "\n";
  }
  return out;
}

std::string RenderTimerMetrics(const TimerScheduler::Metrics& m) {
  std::string out;
  auto line = [&out](const char* name, const char* type, const char* help, int64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           std::to_string(value) + "\n";
  };
  line("kasane_timers_runs_total", "counter", "Scheduler runs since start.", m.runs);
  line("kasane_timers_fired_total", "counter", "Timers fired since start.", m.fired);
  line("kasane_timers_failed_total", "counter", "Timer attempts that failed and were postponed.", m.failed);
  line("kasane_timers_dropped_total", "counter", "Timers that no longer applied (the case moved on).", m.dropped);
  line("kasane_timers_retried_total", "counter", "Timers retried after losing a race with another write.",
       m.retried);
  line("kasane_timers_read_errors_total", "counter", "Scheduler runs that could not read the due timers.", m.errors);
  line("kasane_timers_due", "gauge", "Timers found due by the last run.", m.due);
  line("kasane_timers_lag_seconds", "gauge", "How late the oldest timer of the last run was.", m.lag_seconds);
  return out;
}

}  // namespace kasane::http
