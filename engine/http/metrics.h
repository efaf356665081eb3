// Metrics: request counters for GET /metrics (Prometheus text format).
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kasane::http {

class Metrics {
 public:
  void CountResponse(int status);

  // kasane_http_requests_total{code="200"} 3, one line per status seen.
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::map<int, uint64_t> responses_;
};

}  // namespace kasane::http
