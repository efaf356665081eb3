#include "http/login_throttle.h"

namespace kasane::http {

std::string LoginThrottle::Key(const std::string& tenant, const std::string& username) {
  std::string key = tenant;
  key.push_back('\0');  // tenant ids hold no NUL, so the pair maps to one key
  key += username;
  return key;
}

// Entries whose window and lockout have both passed carry no information.
void LoginThrottle::ForgetOldLocked(Timestamp now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    bool stale = now - it->second.last >= lockout_ && now - it->second.first >= window_;
    it = stale ? failures_.erase(it) : std::next(it);
  }
}

LoginThrottle::Verdict LoginThrottle::Check(const std::string& tenant, const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  Timestamp now = clock_->Now();
  ForgetOldLocked(now);
  auto it = failures_.find(Key(tenant, username));
  if (it == failures_.end() || it->second.count < max_failures_) return Verdict::kAllowed;
  if (now - it->second.last >= lockout_) return Verdict::kAllowed;
  return ++it->second.refused == 1 ? Verdict::kRefusedFirst : Verdict::kRefusedAgain;
}

void LoginThrottle::RecordFailure(const std::string& tenant, const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  Timestamp now = clock_->Now();
  Failures& f = failures_[Key(tenant, username)];
  if (f.count == 0 || now - f.first >= window_) f = Failures{0, now, now, 0};
  ++f.count;
  f.last = now;
}

void LoginThrottle::RecordSuccess(const std::string& tenant, const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(Key(tenant, username));
}

}  // namespace kasane::http
