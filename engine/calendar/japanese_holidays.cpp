#include "calendar/japanese_holidays.h"

namespace kasane {

namespace {

bool InRange(int year) { return year >= kFirstHolidayYear && year <= kLastHolidayYear; }

// Day of month of the n-th Monday (n >= 1) of year/month.
int NthMonday(int year, int month, int n) {
  const int first_weekday = Weekday(CivilDate{year, month, 1});
  const int first_monday = 1 + (8 - first_weekday) % 7;
  return first_monday + 7 * (n - 1);
}

// The standard approximation (base 1980, valid 1980..2099) in micro-days so that
// the floor is exact and independent of floating point rounding.
int EquinoxDay(int64_t base_micro_days, int year) {
  const int64_t since = year - 1980;
  return static_cast<int>((base_micro_days + 242194 * since) / 1000000 - since / 4);
}

// 国民の祝日 proper, including the one-off days that special laws made
// national holidays. Substitute and sandwiched holidays are derived from these.
const char* StatutoryHoliday(const CivilDate& date) {
  const int y = date.year;
  const int m = date.month;
  const int d = date.day;
  if (!InRange(y)) return nullptr;
  switch (m) {
    case 1:
      if (d == 1) return "元日";
      if (d == (y < 2000 ? 15 : NthMonday(y, 1, 2))) return "成人の日";
      break;
    case 2:
      if (d == 11) return "建国記念の日";
      if (d == 23 && y >= 2020) return "天皇誕生日";
      if (y == 1989 && d == 24) return "昭和天皇の大喪の礼";
      break;
    case 3:
      if (d == VernalEquinoxDay(y)) return "春分の日";
      break;
    case 4:
      if (d == 29) return y <= 1988 ? "天皇誕生日" : (y <= 2006 ? "みどりの日" : "昭和の日");
      break;
    case 5:
      if (d == 1 && y == 2019) return "天皇の即位の日";
      if (d == 3) return "憲法記念日";
      if (d == 4 && y >= 2007) return "みどりの日";
      if (d == 5) return "こどもの日";
      break;
    case 6:
      if (y == 1993 && d == 9) return "皇太子徳仁親王の結婚の儀";
      break;
    case 7:
      // 2020 and 2021 moved 海の日 and スポーツの日 around the Tokyo Olympics.
      if (y == 2020) {
        if (d == 23) return "海の日";
        if (d == 24) return "スポーツの日";
      } else if (y == 2021) {
        if (d == 22) return "海の日";
        if (d == 23) return "スポーツの日";
      } else if (y >= 2003) {
        if (d == NthMonday(y, 7, 3)) return "海の日";
      } else if (y >= 1996 && d == 20) {
        return "海の日";
      }
      break;
    case 8:
      if (y >= 2016 && d == (y == 2020 ? 10 : (y == 2021 ? 8 : 11))) return "山の日";
      break;
    case 9:
      if (d == (y < 2003 ? 15 : NthMonday(y, 9, 3))) return "敬老の日";
      if (d == AutumnalEquinoxDay(y)) return "秋分の日";
      break;
    case 10:
      if (y < 2000) {
        if (d == 10) return "体育の日";
      } else if (y != 2020 && y != 2021 && d == NthMonday(y, 10, 2)) {
        return y < 2020 ? "体育の日" : "スポーツの日";
      }
      if (y == 2019 && d == 22) return "即位礼正殿の儀";
      break;
    case 11:
      if (d == 3) return "文化の日";
      if (d == 23) return "勤労感謝の日";
      if (y == 1990 && d == 12) return "即位礼正殿の儀";
      break;
    case 12:
      if (d == 23 && y >= 1989 && y <= 2018) return "天皇誕生日";
      break;
    default:
      break;
  }
  return nullptr;
}

bool IsStatutory(const CivilDate& d) { return StatutoryHoliday(d) != nullptr; }

// 振替休日. Until 2006 only the Monday after a Sunday holiday; from 2007 the
// first non-holiday after a Sunday holiday, so a run of holidays that
// contains a Sunday is followed by one substitute day.
bool IsSubstituteHoliday(const CivilDate& d) {
  if (d.year < 2007) {
    const CivilDate sunday = AddDays(d, -1);
    return Weekday(d) == 1 && IsStatutory(sunday);
  }
  for (CivilDate prev = AddDays(d, -1); IsStatutory(prev); prev = AddDays(prev, -1)) {
    if (Weekday(prev) == 0) return true;
  }
  return false;
}

// 国民の休日 (from the 1985 amendment): a day between two statutory holidays.
// Until 2006 a Sunday in that position stayed an ordinary Sunday.
bool IsSandwichedHoliday(const CivilDate& d) {
  if (d.year < 1986) return false;
  if (d.year < 2007 && Weekday(d) == 0) return false;
  return IsStatutory(AddDays(d, -1)) && IsStatutory(AddDays(d, 1));
}

}  // namespace

int VernalEquinoxDay(int year) { return EquinoxDay(20843100, year); }
int AutumnalEquinoxDay(int year) { return EquinoxDay(23248800, year); }

std::string JapaneseHolidayName(const CivilDate& d) {
  if (!IsValidDate(d) || !InRange(d.year)) return "";
  if (const char* name = StatutoryHoliday(d)) return name;
  if (IsSubstituteHoliday(d)) return "振替休日";
  if (IsSandwichedHoliday(d)) return "国民の休日";
  return "";
}

}  // namespace kasane
