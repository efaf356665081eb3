// BusinessCalendar: which days a municipal office is open.
//
// Knows Japanese national holidays under the 国民の祝日に関する法律 (fixed days,
// Happy Monday days, the equinoxes, 振替休日 substitute holidays, 国民の休日
// sandwiched days, and the one-off changes of 2019-2021), weekends, and the
// year-end closure (12/29-1/3 by default). Immutable after construction and
// safe to share between threads.
#pragma once

#include <string>
#include <vector>

#include "model/duration.h"
#include "util/time.h"

namespace kasane {

struct CalendarOptions {
  bool year_end_closure = true;  // 12/29 .. 1/3 closed
  int closure_start_day = 29;    // December day the closure starts
  int closure_end_day = 3;       // January day the closure ends
  std::vector<CivilDate> extra_closed_days;  // town-specific closures
  std::vector<CivilDate> extra_open_days;    // exceptional openings
  int business_day_start_seconds = 9 * 3600;  // "10 business_days" is due at 09:00 JST
};

class BusinessCalendar {
 public:
  explicit BusinessCalendar(CalendarOptions options = {});

  // Japanese name of the national holiday on that date ("元日", "振替休日"...), or "".
  // Computed by rule for 1980..2099 (the validity range of the equinox
  // formula); dates outside that range and invalid dates return "".
  static std::string HolidayName(const CivilDate& d);
  static bool IsNationalHoliday(const CivilDate& d) { return !HolidayName(d).empty(); }

  bool IsYearEndClosure(const CivilDate& d) const;
  // extra_closed_days beat extra_open_days; extra_open_days beat weekends,
  // holidays and the year-end closure.
  bool IsBusinessDay(const CivilDate& d) const;

  // The n-th business day after `d` (n >= 1; n == 0 returns d if it is a business day, else the next one;
  // n < 0 counts backwards to the |n|-th business day before `d`).
  CivilDate AddBusinessDays(const CivilDate& d, int64_t n) const;

  // When a timer armed at `from` for `after` falls due. Calendar units count in
  // JST; business days are due at business_day_start on the n-th business day
  // after the date of `from`. Minutes, hours, days and weeks are elapsed time
  // (Japan has no daylight saving). 0 business_days is `from` itself when its
  // JST date is a business day, else the start of the next business day.
  Timestamp DueAfter(Timestamp from, const Duration& after) const;

  const CalendarOptions& options() const { return options_; }

 private:
  CalendarOptions options_;
};

}  // namespace kasane
