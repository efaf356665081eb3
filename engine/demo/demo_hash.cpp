// HashDemoPasswords: PBKDF2 at the production count is slow on purpose, so the
// accounts are hashed on a few threads.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "demo/demo_config.h"

namespace kasane::demo {

Status HashDemoPasswords(DemoConfig* config, int iterations, int threads, const HashProgress& progress) {
  std::vector<DemoAccount>& accounts = config->accounts;
  const size_t total = accounts.size();
  std::atomic<size_t> next{0};
  std::mutex mu;  // guards done, first_error and progress calls
  size_t done = 0;
  Status first_error;

  auto work = [&] {
    for (size_t i = next++; i < total; i = next++) {
      Result<std::string> hash = security::HashPassword(accounts[i].password, iterations);
      std::lock_guard<std::mutex> lock(mu);
      if (!hash.ok()) {
        if (first_error.ok()) {
          first_error = hash.status().WithContext("hashing the password of " + accounts[i].user.username);
        }
        continue;
      }
      accounts[i].user.password_hash = std::move(*hash);  // each index is written by one thread only
      ++done;
      if (progress) progress(done, total);
    }
  };

  const size_t n = std::min(static_cast<size_t>(std::max(threads, 1)), std::max<size_t>(total, 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads: the ones running (and this one) finish the work
    }
  }
  work();
  for (std::thread& t : pool) t.join();
  return first_error;
}

}  // namespace kasane::demo
