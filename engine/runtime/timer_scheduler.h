// TimerScheduler: the thread that makes time pass in a running server. It
// fires due timers (RunDueTimers) at once when started — catching up on every
// timer that fell due while the server was down, oldest first — and then every
// `interval`. A run that finds a full batch runs again at once.
//
// Thread-safe: Start and Stop from one controlling thread, metrics() from any.
// The engine must outlive the scheduler; the destructor stops it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "runtime/engine.h"
#include "runtime/timer_runner.h"

namespace kasane {

class TimerScheduler {
 public:
  struct Options {
    std::chrono::milliseconds interval{60'000};
    int batch = 500;  // timers per run
  };

  // Totals since start, for GET /metrics.
  struct Metrics {
    int64_t runs = 0;
    int64_t fired = 0;
    int64_t dropped = 0;
    int64_t retried = 0;
    int64_t failed = 0;
    int64_t due = 0;          // timers found due by the last run
    int64_t lag_seconds = 0;  // how late the oldest timer of the last run was
    int64_t errors = 0;       // runs that could not read the due timers
  };

  TimerScheduler(Engine* engine, Options options);
  ~TimerScheduler();
  TimerScheduler(const TimerScheduler&) = delete;
  TimerScheduler& operator=(const TimerScheduler&) = delete;

  void Start();  // no-op when running
  void Stop();   // wakes the thread and joins it; a run in progress finishes its current timer batch

  // One run now, on the caller's thread (what the thread does each interval).
  Result<TimerRunStats> RunOnce();

  Metrics metrics() const;

 private:
  void Loop();

  Engine* engine_;
  Options options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Metrics metrics_;
  std::mutex run_mu_;  // one run at a time
  std::thread thread_;
};

}  // namespace kasane
