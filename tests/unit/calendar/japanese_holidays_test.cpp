#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "calendar/business_calendar.h"
#include "calendar/japanese_holidays.h"

namespace kasane {
namespace {

using HolidayList = std::vector<std::pair<std::string, std::string>>;

// Every holiday of `year` as ("YYYY-MM-DD", name), in date order.
HolidayList HolidaysOf(int year) {
  HolidayList out;
  for (CivilDate d{year, 1, 1}; d.year == year; d = AddDays(d, 1)) {
    std::string name = BusinessCalendar::HolidayName(d);
    if (!name.empty()) out.emplace_back(FormatDate(d), name);
  }
  return out;
}

CivilDate Date(int y, int m, int d) { return CivilDate{y, m, d}; }

// The expected lists below are the Cabinet Office (内閣府) published lists.
TEST(JapaneseHolidaysTest, Year2019) {
  const HolidayList expected = {
      {"2019-01-01", "元日"},         {"2019-01-14", "成人の日"},
      {"2019-02-11", "建国記念の日"}, {"2019-03-21", "春分の日"},
      {"2019-04-29", "昭和の日"},     {"2019-04-30", "国民の休日"},
      {"2019-05-01", "天皇の即位の日"}, {"2019-05-02", "国民の休日"},
      {"2019-05-03", "憲法記念日"},   {"2019-05-04", "みどりの日"},
      {"2019-05-05", "こどもの日"},   {"2019-05-06", "振替休日"},
      {"2019-07-15", "海の日"},       {"2019-08-11", "山の日"},
      {"2019-08-12", "振替休日"},     {"2019-09-16", "敬老の日"},
      {"2019-09-23", "秋分の日"},     {"2019-10-14", "体育の日"},
      {"2019-10-22", "即位礼正殿の儀"}, {"2019-11-03", "文化の日"},
      {"2019-11-04", "振替休日"},     {"2019-11-23", "勤労感謝の日"},
  };
  EXPECT_EQ(HolidaysOf(2019), expected);
}

TEST(JapaneseHolidaysTest, Year2020) {
  const HolidayList expected = {
      {"2020-01-01", "元日"},         {"2020-01-13", "成人の日"},
      {"2020-02-11", "建国記念の日"}, {"2020-02-23", "天皇誕生日"},
      {"2020-02-24", "振替休日"},     {"2020-03-20", "春分の日"},
      {"2020-04-29", "昭和の日"},     {"2020-05-03", "憲法記念日"},
      {"2020-05-04", "みどりの日"},   {"2020-05-05", "こどもの日"},
      {"2020-05-06", "振替休日"},     {"2020-07-23", "海の日"},
      {"2020-07-24", "スポーツの日"}, {"2020-08-10", "山の日"},
      {"2020-09-21", "敬老の日"},     {"2020-09-22", "秋分の日"},
      {"2020-11-03", "文化の日"},     {"2020-11-23", "勤労感謝の日"},
  };
  EXPECT_EQ(HolidaysOf(2020), expected);
}

TEST(JapaneseHolidaysTest, Year2021) {
  const HolidayList expected = {
      {"2021-01-01", "元日"},         {"2021-01-11", "成人の日"},
      {"2021-02-11", "建国記念の日"}, {"2021-02-23", "天皇誕生日"},
      {"2021-03-20", "春分の日"},     {"2021-04-29", "昭和の日"},
      {"2021-05-03", "憲法記念日"},   {"2021-05-04", "みどりの日"},
      {"2021-05-05", "こどもの日"},   {"2021-07-22", "海の日"},
      {"2021-07-23", "スポーツの日"}, {"2021-08-08", "山の日"},
      {"2021-08-09", "振替休日"},     {"2021-09-20", "敬老の日"},
      {"2021-09-23", "秋分の日"},     {"2021-11-03", "文化の日"},
      {"2021-11-23", "勤労感謝の日"},
  };
  EXPECT_EQ(HolidaysOf(2021), expected);
}

TEST(JapaneseHolidaysTest, Year2023) {
  const HolidayList expected = {
      {"2023-01-01", "元日"},         {"2023-01-02", "振替休日"},
      {"2023-01-09", "成人の日"},     {"2023-02-11", "建国記念の日"},
      {"2023-02-23", "天皇誕生日"},   {"2023-03-21", "春分の日"},
      {"2023-04-29", "昭和の日"},     {"2023-05-03", "憲法記念日"},
      {"2023-05-04", "みどりの日"},   {"2023-05-05", "こどもの日"},
      {"2023-07-17", "海の日"},       {"2023-08-11", "山の日"},
      {"2023-09-18", "敬老の日"},     {"2023-09-23", "秋分の日"},
      {"2023-10-09", "スポーツの日"}, {"2023-11-03", "文化の日"},
      {"2023-11-23", "勤労感謝の日"},
  };
  EXPECT_EQ(HolidaysOf(2023), expected);
}

TEST(JapaneseHolidaysTest, Year2024) {
  const HolidayList expected = {
      {"2024-01-01", "元日"},         {"2024-01-08", "成人の日"},
      {"2024-02-11", "建国記念の日"}, {"2024-02-12", "振替休日"},
      {"2024-02-23", "天皇誕生日"},   {"2024-03-20", "春分の日"},
      {"2024-04-29", "昭和の日"},     {"2024-05-03", "憲法記念日"},
      {"2024-05-04", "みどりの日"},   {"2024-05-05", "こどもの日"},
      {"2024-05-06", "振替休日"},     {"2024-07-15", "海の日"},
      {"2024-08-11", "山の日"},       {"2024-08-12", "振替休日"},
      {"2024-09-16", "敬老の日"},     {"2024-09-22", "秋分の日"},
      {"2024-09-23", "振替休日"},     {"2024-10-14", "スポーツの日"},
      {"2024-11-03", "文化の日"},     {"2024-11-04", "振替休日"},
      {"2024-11-23", "勤労感謝の日"},
  };
  EXPECT_EQ(HolidaysOf(2024), expected);
}

TEST(JapaneseHolidaysTest, Year2025) {
  const HolidayList expected = {
      {"2025-01-01", "元日"},         {"2025-01-13", "成人の日"},
      {"2025-02-11", "建国記念の日"}, {"2025-02-23", "天皇誕生日"},
      {"2025-02-24", "振替休日"},     {"2025-03-20", "春分の日"},
      {"2025-04-29", "昭和の日"},     {"2025-05-03", "憲法記念日"},
      {"2025-05-04", "みどりの日"},   {"2025-05-05", "こどもの日"},
      {"2025-05-06", "振替休日"},     {"2025-07-21", "海の日"},
      {"2025-08-11", "山の日"},       {"2025-09-15", "敬老の日"},
      {"2025-09-23", "秋分の日"},     {"2025-10-13", "スポーツの日"},
      {"2025-11-03", "文化の日"},     {"2025-11-23", "勤労感謝の日"},
      {"2025-11-24", "振替休日"},
  };
  EXPECT_EQ(HolidaysOf(2025), expected);
}

TEST(JapaneseHolidaysTest, Year2026) {
  const HolidayList expected = {
      {"2026-01-01", "元日"},         {"2026-01-12", "成人の日"},
      {"2026-02-11", "建国記念の日"}, {"2026-02-23", "天皇誕生日"},
      {"2026-03-20", "春分の日"},     {"2026-04-29", "昭和の日"},
      {"2026-05-03", "憲法記念日"},   {"2026-05-04", "みどりの日"},
      {"2026-05-05", "こどもの日"},   {"2026-05-06", "振替休日"},
      {"2026-07-20", "海の日"},       {"2026-08-11", "山の日"},
      {"2026-09-21", "敬老の日"},     {"2026-09-22", "国民の休日"},
      {"2026-09-23", "秋分の日"},     {"2026-10-12", "スポーツの日"},
      {"2026-11-03", "文化の日"},     {"2026-11-23", "勤労感謝の日"},
  };
  // 2026-11-23 is a Monday, so no substitute day follows it.
  EXPECT_EQ(Weekday(CivilDate{2026, 11, 23}), 1);
  EXPECT_EQ(HolidaysOf(2026), expected);
}

// Number of holidays per year, as in the Cabinet Office list.
TEST(JapaneseHolidaysTest, CountsPerYear2000To2027) {
  const int expected[] = {
      15, 19, 18, 15, 15, 16, 16, 19, 17, 17,  // 2000..2009
      16, 15, 18, 17, 17, 17, 17, 17, 20, 22,  // 2010..2019
      18, 17, 16, 17, 21, 19, 18, 17,          // 2020..2027
  };
  int year = 2000;
  for (int count : expected) {
    EXPECT_EQ(HolidaysOf(year).size(), static_cast<size_t>(count)) << year;
    ++year;
  }
}

TEST(JapaneseHolidaysTest, OneOffDays) {
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1989, 2, 24)), "昭和天皇の大喪の礼");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1990, 11, 12)), "即位礼正殿の儀");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1993, 6, 9)), "皇太子徳仁親王の結婚の儀");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1994, 6, 9)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2020, 10, 22)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2020, 5, 1)), "");
}

TEST(JapaneseHolidaysTest, FixedDaysBeforeHappyMonday) {
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1999, 1, 15)), "成人の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2000, 1, 15)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2000, 1, 10)), "成人の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1999, 10, 10)), "体育の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2000, 10, 9)), "体育の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2002, 7, 20)), "海の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2003, 7, 21)), "海の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1995, 7, 20)), "");  // 海の日 began in 1996
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2002, 9, 15)), "敬老の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2003, 9, 15)), "敬老の日");  // third Monday
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2004, 9, 15)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2015, 8, 11)), "");  // 山の日 began in 2016
}

TEST(JapaneseHolidaysTest, RenamedDays) {
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1988, 4, 29)), "天皇誕生日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2006, 4, 29)), "みどりの日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2007, 4, 29)), "昭和の日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2007, 5, 4)), "みどりの日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2018, 12, 23)), "天皇誕生日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2019, 12, 23)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2019, 2, 23)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2022, 10, 10)), "スポーツの日");
}

TEST(JapaneseHolidaysTest, SubstituteRuleChangedIn2007) {
  // 2003-05-04 was a Sunday sandwiched between holidays: before 2007 it stayed
  // a plain Sunday, and 5/5 (Monday) was not followed by a substitute day.
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2003, 5, 4)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2003, 5, 6)), "");
  // 2008-05-04 (Sunday, みどりの日): the substitute moves past 5/5 to 5/6.
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2008, 5, 6)), "振替休日");
  // Before 2007: only the Monday after a Sunday holiday.
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1998, 5, 4)), "振替休日");  // 5/3 Sunday
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1989, 1, 2)), "振替休日");
}

TEST(JapaneseHolidaysTest, SandwichedDays) {
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(1988, 5, 4)), "国民の休日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2009, 9, 22)), "国民の休日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2015, 9, 22)), "国民の休日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2032, 9, 21)), "国民の休日");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2037, 9, 22)), "国民の休日");
}

TEST(JapaneseHolidaysTest, EquinoxesStayNearTheirUsualDays) {
  for (int year = kFirstHolidayYear; year <= kLastHolidayYear; ++year) {
    const int spring = VernalEquinoxDay(year);
    const int autumn = AutumnalEquinoxDay(year);
    EXPECT_GE(spring, 19) << year;
    EXPECT_LE(spring, 21) << year;
    EXPECT_GE(autumn, 22) << year;
    EXPECT_LE(autumn, 24) << year;
    EXPECT_EQ(BusinessCalendar::HolidayName(Date(year, 3, spring)), "春分の日") << year;
    EXPECT_EQ(BusinessCalendar::HolidayName(Date(year, 9, autumn)), "秋分の日") << year;
  }
  // Published by the National Astronomical Observatory of Japan.
  EXPECT_EQ(VernalEquinoxDay(2012), 20);
  EXPECT_EQ(AutumnalEquinoxDay(2012), 22);
  EXPECT_EQ(VernalEquinoxDay(2027), 21);
  EXPECT_EQ(AutumnalEquinoxDay(2027), 23);
  EXPECT_EQ(VernalEquinoxDay(2028), 20);
  EXPECT_EQ(AutumnalEquinoxDay(2028), 22);
}

TEST(JapaneseHolidaysTest, EveryCommonYearHasItsCoreHolidays) {
  for (int year = 1990; year <= kLastHolidayYear; ++year) {
    EXPECT_EQ(BusinessCalendar::HolidayName(Date(year, 1, 1)), "元日") << year;
    EXPECT_EQ(BusinessCalendar::HolidayName(Date(year, 5, 3)), "憲法記念日") << year;
    EXPECT_EQ(BusinessCalendar::HolidayName(Date(year, 11, 3)), "文化の日") << year;
    EXPECT_GE(HolidaysOf(year).size(), 14u) << year;
  }
}

TEST(JapaneseHolidaysTest, InvalidOrUnsupportedDates) {
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2024, 2, 30)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(2024, 13, 1)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(kFirstHolidayYear - 1, 1, 1)), "");
  EXPECT_EQ(BusinessCalendar::HolidayName(Date(kLastHolidayYear + 1, 1, 1)), "");
  EXPECT_FALSE(BusinessCalendar::IsNationalHoliday(Date(2024, 1, 2)));
  EXPECT_TRUE(BusinessCalendar::IsNationalHoliday(Date(2024, 1, 1)));
}

}  // namespace
}  // namespace kasane
