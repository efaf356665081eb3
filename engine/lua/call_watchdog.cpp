#include "lua/call_watchdog.h"

#include <signal.h>

#include <thread>

namespace kasane {

CallWatchdog& CallWatchdog::Instance() {
  // Never destroyed: sandboxes may be unwatched during static destruction.
  static CallWatchdog* instance = new CallWatchdog();
  return *instance;
}

uint64_t CallWatchdog::Watch(Clock::time_point deadline, int signal) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) {
    started_ = true;
    std::thread([this] { Run(); }).detach();
  }
  uint64_t id = ++last_id_;
  watched_.emplace(id, Watched{pthread_self(), signal, deadline});
  // The thread already wakes by then otherwise: most calls end long before
  // it, so most calls cost no wake-up.
  if (deadline < next_wake_) wake_.notify_one();
  return id;
}

void CallWatchdog::Unwatch(uint64_t id) {
  if (id == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  watched_.erase(id);
}

uint64_t CallWatchdog::signals_sent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return signals_sent_;
}

void CallWatchdog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    Clock::time_point earliest = Clock::time_point::max();
    const Clock::time_point now = Clock::now();
    for (auto& [id, w] : watched_) {
      if (w.next <= now) {
        // Under the lock, so an unwatched call is never signalled afterwards.
        pthread_kill(w.thread, w.signal);
        ++signals_sent_;
        w.next = now + kResend;
      }
      if (w.next < earliest) earliest = w.next;
    }
    next_wake_ = earliest;
    if (earliest == Clock::time_point::max()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, earliest);
    }
  }
}

}  // namespace kasane
