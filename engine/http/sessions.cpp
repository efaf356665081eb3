#include "http/sessions.h"

#include <openssl/rand.h>

#include <array>

namespace kasane::http {

Result<std::string> RandomToken() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Status::Internal("session token: RAND_bytes failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

Result<Session> SessionTable::Create(const Session& user) {
  Result<std::string> token = RandomToken();
  if (!token.ok()) return token.status();
  Result<std::string> csrf = RandomToken();
  if (!csrf.ok()) return csrf.status();
  Session s = user;
  s.token = std::move(*token);
  s.csrf_token = std::move(*csrf);
  s.created = s.last_used = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  ExpireLocked(s.created);  // keeps the table bounded by live sessions
  sessions_[s.token] = s;
  return s;
}

std::optional<Session> SessionTable::Use(const std::string& token) {
  const Timestamp now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  Session& s = it->second;
  if (now - s.last_used >= idle_seconds_ || now - s.created >= absolute_seconds_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_used = now;
  return s;
}

void SessionTable::Remove(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(token);
}

size_t SessionTable::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

void SessionTable::ExpireLocked(Timestamp now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const Session& s = it->second;
    if (now - s.last_used >= idle_seconds_ || now - s.created >= absolute_seconds_) {
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace kasane::http
