// CallWatchdog: the wall-clock last resort behind the sandbox's count hook.
//
// The count hook checks the CPU deadline every thousand VM instructions, but
// one instruction can do a lot of C work (hashing or comparing a long string,
// a concatenation, a library function). Once a watched call's deadline has
// passed, the watchdog sends its thread a signal every kResend until the call
// is unwatched; the sandbox's handler (sandbox.cpp) then arms the hook to run
// at the very next instruction, which ends the call. So no call runs past its
// deadline by more than the one C operation in progress.
//
// Thread safety: all members may be called from any thread. One process-wide
// instance; its thread starts with the first Watch and is never joined.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <pthread.h>

namespace kasane {

class CallWatchdog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr Clock::duration kResend = std::chrono::milliseconds(2);

  static CallWatchdog& Instance();

  // From `deadline` on, the calling thread receives `signal` every kResend
  // until Unwatch(id). The handler for `signal` must be installed.
  uint64_t Watch(Clock::time_point deadline, int signal);

  // Stops the signals of `id` (0 and unknown ids are ignored). Once it
  // returns no further signal is sent for `id`, though one may be in flight.
  void Unwatch(uint64_t id);

  // Signals sent so far (for tests and the attack benchmark).
  uint64_t signals_sent() const;

 private:
  CallWatchdog() = default;
  void Run();

  struct Watched {
    pthread_t thread;
    int signal;
    Clock::time_point next;  // when to signal next
  };

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool started_ = false;
  uint64_t last_id_ = 0;
  uint64_t signals_sent_ = 0;
  Clock::time_point next_wake_ = Clock::time_point::max();  // when Run wakes next
  std::map<uint64_t, Watched> watched_;
};

}  // namespace kasane
