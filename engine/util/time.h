// Time in kasane: absolute instants as seconds since the Unix epoch (UTC), and
// civil dates in Japan Standard Time (UTC+9, no daylight saving), which is the
// only zone municipal deadlines are counted in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kasane {

using Timestamp = int64_t;  // seconds since 1970-01-01T00:00:00Z

constexpr int64_t kJstOffsetSeconds = 9 * 3600;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(int64_t days);
// 0 = Sunday ... 6 = Saturday.
int Weekday(const CivilDate& d);
bool IsValidDate(const CivilDate& d);
CivilDate AddDays(const CivilDate& d, int64_t n);

// The JST calendar date of an instant, and the instant of a JST date at hh:mm:ss.
CivilDate JstDate(Timestamp t);
Timestamp JstMidnight(const CivilDate& d);
// Seconds since JST midnight of the instant's date.
int64_t JstSecondsOfDay(Timestamp t);

// "2023-09-01"
std::string FormatDate(const CivilDate& d);
// "2023-09-01T09:00:00+09:00"
std::string FormatJst(Timestamp t);
// Accepts "YYYY-MM-DD" (JST midnight), "YYYY-MM-DDThh:mm[:ss]" (JST) and the
// same with "Z" or "+hh:mm"/"-hh:mm". Returns false on anything else.
bool ParseTimestamp(std::string_view text, Timestamp* out);
bool ParseDate(std::string_view text, CivilDate* out);

}  // namespace kasane
