#include "http/metrics.h"

namespace kasane::http {

void Metrics::CountResponse(int status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++responses_[status];
}

std::string Metrics::Render() const {
  std::string out =
      "# HELP kasane_http_requests_total HTTP requests answered, by status code.\n"
      "# TYPE kasane_http_requests_total counter\n";
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [code, count] : responses_) {
    out += "kasane_http_requests_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(count) + "\n";
  }
  return out;
}

}  // namespace kasane::http
