// Japanese national holidays computed by rule, without tables or I/O.
#pragma once

#include <string>

#include "util/time.h"

namespace kasane {

// Years whose holidays are computed exactly. The equinox approximation used
// for 春分の日/秋分の日 is valid for 1980..2099; outside that range the
// function returns "" for every date.
constexpr int kFirstHolidayYear = 1980;
constexpr int kLastHolidayYear = 2099;

// Japanese name of the holiday on `d` ("元日", "振替休日", "国民の休日", ...),
// or "" for an ordinary day, an invalid date or a year outside the range above.
// Thread-safe; no allocation beyond the returned string.
std::string JapaneseHolidayName(const CivilDate& d);

// 春分の日 / 秋分の日 day of month (March / September) for a supported year.
int VernalEquinoxDay(int year);
int AutumnalEquinoxDay(int year);

}  // namespace kasane
