// SessionTable: the logged-in browsers, in memory (a restart logs everyone out).
//
// A session ends when it was not used for `idle_seconds` or, however busy, when
// it is `absolute_seconds` old. Time comes from the engine's Clock, so tests
// can move it. Tokens are 32 random bytes as hex (cookie value and CSRF token
// alike); the table keys sessions by the cookie token.
//
// Thread-safe: every method may be called from any server thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "runtime/clock.h"
#include "util/status.h"

namespace kasane::http {

struct Session {
  std::string token;       // the cookie value
  std::string csrf_token;  // must come back in X-CSRF-Token on state-changing requests
  std::string tenant;
  std::string username;
  std::string role;
  std::string agency;
  std::string name;
  Timestamp created = 0;
  Timestamp last_used = 0;
};

// 32 bytes from the OpenSSL generator as 64 hex digits; Internal on failure.
Result<std::string> RandomToken();

class SessionTable {
 public:
  // `clock` must outlive the table.
  SessionTable(const Clock* clock, int64_t idle_seconds, int64_t absolute_seconds)
      : clock_(clock), idle_seconds_(idle_seconds), absolute_seconds_(absolute_seconds) {}

  // Starts a session for the user described by `user` (token fields ignored)
  // with fresh tokens. Internal when no random token could be made.
  Result<Session> Create(const Session& user);

  // The live session for `token`, marked as used now; nullopt when unknown or
  // timed out (a timed-out session is removed).
  std::optional<Session> Use(const std::string& token);

  // Ends the session; unknown tokens are ignored.
  void Remove(const std::string& token);

  size_t size() const;

 private:
  // Removes every timed-out session. Caller holds mu_.
  void ExpireLocked(Timestamp now);

  const Clock* clock_;
  const int64_t idle_seconds_;
  const int64_t absolute_seconds_;
  mutable std::mutex mu_;
  std::map<std::string, Session> sessions_;
};

}  // namespace kasane::http
