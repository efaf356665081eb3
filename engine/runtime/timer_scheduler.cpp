#include "runtime/timer_scheduler.h"

#include <algorithm>
#include <cstdio>

namespace kasane {

TimerScheduler::TimerScheduler(Engine* engine, Options options) : engine_(engine), options_(options) {}

TimerScheduler::~TimerScheduler() { Stop(); }

void TimerScheduler::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void TimerScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Result<TimerRunStats> TimerScheduler::RunOnce() {
  std::lock_guard<std::mutex> run_lock(run_mu_);
  Result<TimerRunStats> ran = RunDueTimers(engine_, options_.batch);
  std::lock_guard<std::mutex> lock(mu_);
  ++metrics_.runs;
  if (!ran.ok()) {
    ++metrics_.errors;
    return ran;
  }
  metrics_.fired += ran->fired;
  metrics_.dropped += ran->dropped;
  metrics_.retried += ran->retry;
  metrics_.failed += ran->failed;
  metrics_.due = ran->due;
  metrics_.lag_seconds = ran->oldest_due > 0 ? std::max<int64_t>(0, engine_->clock().Now() - ran->oldest_due) : 0;
  return ran;
}

TimerScheduler::Metrics TimerScheduler::metrics() const {
  std::lock_guard<std::mutex> lock(mu_);
  return metrics_;
}

void TimerScheduler::Loop() {
  for (;;) {
    Result<TimerRunStats> ran = RunOnce();
    // Only codes and counts: a failure's message may carry case data.
    if (!ran.ok()) {
      std::fprintf(stderr, "kasane serve: timers could not be read (%s)\n", std::string(ran.status().code_name()).c_str());
    } else if (ran->failed > 0) {
      std::fprintf(stderr, "kasane serve: timers fired %d, failed %d (first: %s), retried later\n", ran->fired,
                   ran->failed, std::string(ran->first_failure.code_name()).c_str());
    } else if (ran->fired > 0) {
      std::fprintf(stderr, "kasane serve: timers fired %d\n", ran->fired);
    }
    // Catching up: a full batch that made progress is followed by the next at once.
    const bool full_batch = ran.ok() && ran->due >= options_.batch && ran->fired + ran->dropped > 0;
    std::unique_lock<std::mutex> lock(mu_);
    if (stopping_) return;
    if (full_batch) continue;  // catching up: the next batch at once
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    if (stopping_) return;
  }
}

}  // namespace kasane
