// LoginThrottle: refuses logins to an account after repeated failures.
//
// After `max_failures` failed logins for one (tenant, user name) within
// `window_seconds`, further attempts are refused without checking the password
// until `lockout_seconds` have passed since the last failure. The account need
// not exist: guessing names is throttled the same way, and a refusal looks the
// same for every name. Time comes from the engine's Clock. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "runtime/clock.h"

namespace kasane::http {

class LoginThrottle {
 public:
  // `clock` must outlive the throttle.
  LoginThrottle(const Clock* clock, int max_failures, int64_t window_seconds, int64_t lockout_seconds)
      : clock_(clock), max_failures_(max_failures), window_(window_seconds), lockout_(lockout_seconds) {}

  enum class Verdict {
    kAllowed,
    kRefusedFirst,  // the first refusal of this lockout: worth an audit entry
    kRefusedAgain,  // counted, not audited one by one (a flood costs no rows)
  };
  // Whether a login for this account may be tried now.
  Verdict Check(const std::string& tenant, const std::string& username);
  bool Allowed(const std::string& tenant, const std::string& username) {
    return Check(tenant, username) == Verdict::kAllowed;
  }
  void RecordFailure(const std::string& tenant, const std::string& username);
  // A successful login clears the account's failures.
  void RecordSuccess(const std::string& tenant, const std::string& username);

 private:
  struct Failures {
    int count = 0;
    Timestamp first = 0;
    Timestamp last = 0;
    int refused = 0;  // attempts refused since the lockout began
  };
  static std::string Key(const std::string& tenant, const std::string& username);
  void ForgetOldLocked(Timestamp now);

  const Clock* clock_;
  const int max_failures_;
  const int64_t window_;
  const int64_t lockout_;
  std::mutex mu_;
  std::map<std::string, Failures> failures_;
};

}  // namespace kasane::http
