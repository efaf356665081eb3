#include "http/read_deadlines.h"

#include <sys/socket.h>

#include <algorithm>

namespace kasane::http {

ReadDeadlines::ReadDeadlines() : thread_([this] { Run(); }) {}

ReadDeadlines::~ReadDeadlines() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

uint64_t ReadDeadlines::Add(const Poco::Net::StreamSocket& socket, SteadyClock::duration after) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t id = ++last_id_;
  entries_.emplace(id, Entry{socket, SteadyClock::now() + after, true, false});
  wake_.notify_one();
  return id;
}

void ReadDeadlines::Arm(uint64_t id, SteadyClock::duration after) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.expired) return;
  it->second.deadline = SteadyClock::now() + after;
  it->second.armed = true;
  wake_.notify_one();
}

bool ReadDeadlines::Disarm(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return true;
  it->second.armed = false;
  return !it->second.expired;
}

void ReadDeadlines::Remove(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(id);
}

void ReadDeadlines::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const SteadyClock::time_point now = SteadyClock::now();
    SteadyClock::time_point next = now + std::chrono::minutes(1);
    for (auto& entry : entries_) {
      Entry& e = entry.second;
      if (!e.armed) continue;
      if (e.deadline > now) {
        next = std::min(next, e.deadline);
        continue;
      }
      // On the raw descriptor: a TLS socket ignores half shutdowns, and
      // its SSL state belongs to the thread reading it.
      ::shutdown(e.socket.impl()->sockfd(), SHUT_RD);
      e.armed = false;
      e.expired = true;
    }
    wake_.wait_until(lock, next);
  }
}

}  // namespace kasane::http
