// A span of time as written in a definition: "10 business_days", "3 days", "2 hours".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kasane {

struct Duration {
  enum class Unit { kMinutes, kHours, kDays, kWeeks, kBusinessDays };
  int64_t amount = 0;
  Unit unit = Unit::kDays;

  std::string ToString() const;
  friend bool operator==(const Duration&, const Duration&) = default;
};

// Parses "<N> <unit>" where unit is one of minute(s), hour(s), day(s), week(s),
// business_day(s). N must be a non-negative integer below 100000. Returns false
// (with *error set to a message naming the accepted units) otherwise.
bool ParseDuration(std::string_view text, Duration* out, std::string* error);

}  // namespace kasane
