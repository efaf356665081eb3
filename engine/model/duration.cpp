#include "model/duration.h"

#include "util/text.h"

namespace kasane {

std::string Duration::ToString() const {
  const char* name = "days";
  switch (unit) {
    case Unit::kMinutes: name = "minutes"; break;
    case Unit::kHours: name = "hours"; break;
    case Unit::kDays: name = "days"; break;
    case Unit::kWeeks: name = "weeks"; break;
    case Unit::kBusinessDays: name = "business_days"; break;
  }
  return std::to_string(amount) + " " + name;
}

bool ParseDuration(std::string_view text, Duration* out, std::string* error) {
  std::string s = Trim(text);
  size_t i = 0;
  int64_t n = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    n = n * 10 + (s[i] - '0');
    if (n >= 100000) {
      *error = "duration '" + s + "' is too long (at most 99999 units)";
      return false;
    }
    ++i;
  }
  if (i == 0) {
    *error = "duration '" + s + "' must start with a number, e.g. '10 business_days'";
    return false;
  }
  std::string unit = Trim(std::string_view(s).substr(i));
  Duration d;
  d.amount = n;
  if (unit == "minute" || unit == "minutes") d.unit = Duration::Unit::kMinutes;
  else if (unit == "hour" || unit == "hours") d.unit = Duration::Unit::kHours;
  else if (unit == "day" || unit == "days") d.unit = Duration::Unit::kDays;
  else if (unit == "week" || unit == "weeks") d.unit = Duration::Unit::kWeeks;
  else if (unit == "business_day" || unit == "business_days") d.unit = Duration::Unit::kBusinessDays;
  else {
    *error = "unknown duration unit '" + unit +
             "' (use minutes, hours, days, weeks or business_days)" +
             DidYouMeanSuffix(unit, {"minutes", "hours", "days", "weeks", "business_days"});
    return false;
  }
  *out = d;
  return true;
}

}  // namespace kasane
