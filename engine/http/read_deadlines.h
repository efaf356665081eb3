// ReadDeadlines: the server's per-connection request deadlines.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace kasane::http {

using SteadyClock = std::chrono::steady_clock;

// Bounds the time a connection may take to deliver a request. Poco's socket
// time-out bounds each read only, so a client sending a byte just before
// every time-out could hold a thread for ever; when a deadline passes this
// shuts the connection's read side, which ends the blocked read with
// end-of-stream. Thread-safe; one thread of its own.
class ReadDeadlines {
 public:
  ReadDeadlines();
  ~ReadDeadlines();
  ReadDeadlines(const ReadDeadlines&) = delete;
  ReadDeadlines& operator=(const ReadDeadlines&) = delete;

  // Watches `socket` (held open until Remove) with a deadline `after` from
  // now. Returns its id.
  uint64_t Add(const Poco::Net::StreamSocket& socket, SteadyClock::duration after);

  // A new deadline `after` from now, unless an earlier one has passed.
  void Arm(uint64_t id, SteadyClock::duration after);

  // Clears the deadline; false when it had passed (the read side is shut).
  bool Disarm(uint64_t id);

  void Remove(uint64_t id);

 private:
  struct Entry {
    Poco::Net::StreamSocket socket;
    SteadyClock::time_point deadline;
    bool armed;
    bool expired;
  };

  void Run();

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t last_id_ = 0;
  std::map<uint64_t, Entry> entries_;
  std::thread thread_;  // last: it starts once the members above exist
};

}  // namespace kasane::http
