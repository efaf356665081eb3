#include "calendar/business_calendar.h"

#include <algorithm>
#include <utility>

#include "calendar/japanese_holidays.h"

namespace kasane {

BusinessCalendar::BusinessCalendar(CalendarOptions options) : options_(std::move(options)) {}

std::string BusinessCalendar::HolidayName(const CivilDate& d) { return JapaneseHolidayName(d); }

bool BusinessCalendar::IsYearEndClosure(const CivilDate& d) const {
  if (!options_.year_end_closure) return false;
  return (d.month == 12 && d.day >= options_.closure_start_day) ||
         (d.month == 1 && d.day <= options_.closure_end_day);
}

bool BusinessCalendar::IsBusinessDay(const CivilDate& d) const {
  const auto listed = [&d](const std::vector<CivilDate>& days) {
    return std::find(days.begin(), days.end(), d) != days.end();
  };
  // A listed closure beats a listed opening: closing is the conservative reading.
  if (listed(options_.extra_closed_days)) return false;
  if (listed(options_.extra_open_days)) return true;
  const int weekday = Weekday(d);
  if (weekday == 0 || weekday == 6) return false;
  if (IsYearEndClosure(d)) return false;
  return !IsNationalHoliday(d);
}

CivilDate BusinessCalendar::AddBusinessDays(const CivilDate& d, int64_t n) const {
  CivilDate day = d;
  if (n == 0) {
    while (!IsBusinessDay(day)) day = AddDays(day, 1);
    return day;
  }
  const int64_t step = n > 0 ? 1 : -1;
  int64_t remaining = n > 0 ? n : -n;
  while (remaining > 0) {
    day = AddDays(day, step);
    if (IsBusinessDay(day)) --remaining;
  }
  return day;
}

Timestamp BusinessCalendar::DueAfter(Timestamp from, const Duration& after) const {
  switch (after.unit) {
    case Duration::Unit::kMinutes:
      return from + after.amount * 60;
    case Duration::Unit::kHours:
      return from + after.amount * 3600;
    case Duration::Unit::kDays:
      return from + after.amount * 86400;
    case Duration::Unit::kWeeks:
      return from + after.amount * 7 * 86400;
    case Duration::Unit::kBusinessDays:
      break;
  }
  const CivilDate start = JstDate(from);
  if (after.amount <= 0 && IsBusinessDay(start)) return from;
  const CivilDate due = AddBusinessDays(start, after.amount);
  return JstMidnight(due) + options_.business_day_start_seconds;
}

}  // namespace kasane
