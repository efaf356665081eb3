#include "util/time.h"

#include <cstdio>

namespace kasane {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const CivilDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t m = d.month;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int Weekday(const CivilDate& d) {
  int64_t z = DaysFromCivil(d);
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

bool IsValidDate(const CivilDate& d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return CivilFromDays(DaysFromCivil(d)) == d;
}

CivilDate AddDays(const CivilDate& d, int64_t n) { return CivilFromDays(DaysFromCivil(d) + n); }

static int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

CivilDate JstDate(Timestamp t) { return CivilFromDays(FloorDiv(t + kJstOffsetSeconds, 86400)); }
Timestamp JstMidnight(const CivilDate& d) { return DaysFromCivil(d) * 86400 - kJstOffsetSeconds; }
int64_t JstSecondsOfDay(Timestamp t) { return t - JstMidnight(JstDate(t)); }

std::string FormatDate(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatJst(Timestamp t) {
  CivilDate d = JstDate(t);
  int64_t s = JstSecondsOfDay(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", d.year, d.month, d.day,
                static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return buf;
}

namespace {
bool ReadInt(std::string_view s, size_t pos, size_t len, int* out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

bool ParseDate(std::string_view s, CivilDate* out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  CivilDate d;
  if (!ReadInt(s, 0, 4, &d.year) || !ReadInt(s, 5, 2, &d.month) || !ReadInt(s, 8, 2, &d.day)) return false;
  if (!IsValidDate(d)) return false;
  *out = d;
  return true;
}

bool ParseTimestamp(std::string_view s, Timestamp* out) {
  CivilDate d;
  if (s.size() < 10 || !ParseDate(s.substr(0, 10), &d)) return false;
  if (s.size() == 10) {
    *out = JstMidnight(d);
    return true;
  }
  if (s[10] != 'T' && s[10] != ' ') return false;
  int hh = 0, mm = 0, ss = 0;
  if (!ReadInt(s, 11, 2, &hh) || s.size() < 16 || s[13] != ':' || !ReadInt(s, 14, 2, &mm)) return false;
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!ReadInt(s, pos + 1, 2, &ss)) return false;
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 60) return false;
  int64_t offset = kJstOffsetSeconds;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      offset = 0;
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh = 0, om = 0;
      if (!ReadInt(s, pos + 1, 2, &oh) || !ReadInt(s, pos + 4, 2, &om)) return false;
      offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    } else {
      return false;
    }
  }
  *out = DaysFromCivil(d) * 86400 + hh * 3600 + mm * 60 + ss - offset;
  return true;
}

}  // namespace kasane
