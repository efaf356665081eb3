#include "calendar/business_calendar.h"

#include <gtest/gtest.h>

#include <string>

namespace kasane {
namespace {

CivilDate Date(int y, int m, int d) { return CivilDate{y, m, d}; }

Timestamp At(const std::string& text) {
  Timestamp t = 0;
  EXPECT_TRUE(ParseTimestamp(text, &t)) << text;
  return t;
}

TEST(BusinessCalendarTest, YearEndClosureDefault) {
  BusinessCalendar cal;
  EXPECT_FALSE(cal.IsYearEndClosure(Date(2024, 12, 28)));
  for (int day = 29; day <= 31; ++day) EXPECT_TRUE(cal.IsYearEndClosure(Date(2024, 12, day))) << day;
  for (int day = 1; day <= 3; ++day) EXPECT_TRUE(cal.IsYearEndClosure(Date(2025, 1, day))) << day;
  EXPECT_FALSE(cal.IsYearEndClosure(Date(2025, 1, 4)));
  EXPECT_FALSE(cal.IsYearEndClosure(Date(2025, 6, 30)));
  // 2025-12-29 (Mon) .. 2026-01-02 (Fri) are weekdays closed only by the closure.
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 12, 29)));
  EXPECT_FALSE(cal.IsBusinessDay(Date(2026, 1, 2)));
  EXPECT_TRUE(cal.IsBusinessDay(Date(2025, 12, 26)));
  EXPECT_TRUE(cal.IsBusinessDay(Date(2026, 1, 5)));
}

TEST(BusinessCalendarTest, YearEndClosureConfigurable) {
  CalendarOptions off;
  off.year_end_closure = false;
  BusinessCalendar open_cal(off);
  EXPECT_FALSE(open_cal.IsYearEndClosure(Date(2025, 12, 30)));
  EXPECT_TRUE(open_cal.IsBusinessDay(Date(2025, 12, 30)));
  EXPECT_FALSE(open_cal.IsBusinessDay(Date(2026, 1, 1)));  // still 元日

  CalendarOptions shorter;
  shorter.closure_start_day = 28;
  shorter.closure_end_day = 4;
  BusinessCalendar cal(shorter);
  EXPECT_TRUE(cal.IsYearEndClosure(Date(2026, 12, 28)));
  EXPECT_TRUE(cal.IsYearEndClosure(Date(2027, 1, 4)));
  EXPECT_FALSE(cal.IsYearEndClosure(Date(2027, 1, 5)));
  EXPECT_FALSE(cal.IsYearEndClosure(Date(2026, 12, 27)));
}

TEST(BusinessCalendarTest, WeekendsHolidaysAndExtraDays) {
  CalendarOptions opts;
  opts.extra_closed_days = {Date(2025, 6, 10), Date(2025, 6, 12)};
  opts.extra_open_days = {Date(2025, 6, 14), Date(2025, 6, 12)};
  BusinessCalendar cal(opts);
  EXPECT_TRUE(cal.IsBusinessDay(Date(2025, 6, 9)));     // Monday
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 6, 10)));   // town closure
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 6, 12)));   // closed wins over open
  EXPECT_TRUE(cal.IsBusinessDay(Date(2025, 6, 14)));    // Saturday opening
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 6, 15)));   // Sunday
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 6, 21)));   // Saturday
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 7, 21)));   // 海の日
  EXPECT_FALSE(cal.IsBusinessDay(Date(2025, 11, 24)));  // 振替休日
  EXPECT_EQ(cal.options().extra_closed_days.size(), 2u);
}

TEST(BusinessCalendarTest, AddBusinessDaysAcrossGoldenWeek) {
  BusinessCalendar cal;
  // 2025: 4/29 (Tue) 昭和の日, 5/3-5/6 holidays and weekend.
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 4, 28), 1), Date(2025, 4, 30));
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 4, 30), 2), Date(2025, 5, 2));
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 5, 2), 1), Date(2025, 5, 7));
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 5, 3), 1), Date(2025, 5, 7));
  // 4/28, 4/30, 5/1, 5/2, 5/7, 5/8, 5/9, 5/12, 5/13, 5/14.
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 4, 25), 10), Date(2025, 5, 14));
  // 2019: ten days off from 4/27 to 5/6.
  EXPECT_EQ(cal.AddBusinessDays(Date(2019, 4, 26), 1), Date(2019, 5, 7));
}

TEST(BusinessCalendarTest, AddBusinessDaysAcrossNewYear) {
  BusinessCalendar cal;
  EXPECT_EQ(cal.AddBusinessDays(Date(2024, 12, 27), 1), Date(2025, 1, 6));
  EXPECT_EQ(cal.AddBusinessDays(Date(2024, 12, 26), 2), Date(2025, 1, 6));
  // 2026-01-12 is 成人の日: 1/5..1/9 then 1/13.
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 12, 26), 6), Date(2026, 1, 13));
}

TEST(BusinessCalendarTest, AddZeroAndNegativeBusinessDays) {
  BusinessCalendar cal;
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 5, 7), 0), Date(2025, 5, 7));
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 5, 3), 0), Date(2025, 5, 7));
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 5, 7), -1), Date(2025, 5, 2));
  EXPECT_EQ(cal.AddBusinessDays(Date(2025, 1, 6), -1), Date(2024, 12, 27));
}

TEST(BusinessCalendarTest, DueAfterElapsedUnits) {
  BusinessCalendar cal;
  const Timestamp from = At("2025-05-02T15:30:00+09:00");
  EXPECT_EQ(cal.DueAfter(from, Duration{90, Duration::Unit::kMinutes}), At("2025-05-02T17:00:00+09:00"));
  EXPECT_EQ(cal.DueAfter(from, Duration{10, Duration::Unit::kHours}), At("2025-05-03T01:30:00+09:00"));
  EXPECT_EQ(cal.DueAfter(from, Duration{3, Duration::Unit::kDays}), At("2025-05-05T15:30:00+09:00"));
  EXPECT_EQ(cal.DueAfter(from, Duration{2, Duration::Unit::kWeeks}), At("2025-05-16T15:30:00+09:00"));
  EXPECT_EQ(cal.DueAfter(from, Duration{0, Duration::Unit::kDays}), from);
}

TEST(BusinessCalendarTest, DueAfterBusinessDays) {
  BusinessCalendar cal;
  const Timestamp from = At("2025-05-02T15:30:00+09:00");
  EXPECT_EQ(cal.DueAfter(from, Duration{1, Duration::Unit::kBusinessDays}), At("2025-05-07T09:00:00+09:00"));
  EXPECT_EQ(cal.DueAfter(from, Duration{10, Duration::Unit::kBusinessDays}), At("2025-05-20T09:00:00+09:00"));
  // 0 business days: now if today is a business day, else the next opening.
  EXPECT_EQ(cal.DueAfter(from, Duration{0, Duration::Unit::kBusinessDays}), from);
  EXPECT_EQ(cal.DueAfter(At("2025-05-04T12:00:00+09:00"), Duration{0, Duration::Unit::kBusinessDays}),
            At("2025-05-07T09:00:00+09:00"));
}

TEST(BusinessCalendarTest, DueAfterBusinessDaysUsesTheJstDate) {
  BusinessCalendar cal;
  // 16:00 UTC on 5/1 is already 5/2 01:00 in Japan.
  const Timestamp from = At("2025-05-01T16:00:00Z");
  EXPECT_EQ(cal.DueAfter(from, Duration{1, Duration::Unit::kBusinessDays}), At("2025-05-07T09:00:00+09:00"));
  // 14:00 UTC on 5/1 is still 5/1 23:00 in Japan.
  EXPECT_EQ(cal.DueAfter(At("2025-05-01T14:00:00Z"), Duration{1, Duration::Unit::kBusinessDays}),
            At("2025-05-02T09:00:00+09:00"));
}

TEST(BusinessCalendarTest, DueAfterHonoursBusinessDayStart) {
  CalendarOptions opts;
  opts.business_day_start_seconds = 8 * 3600 + 30 * 60;
  BusinessCalendar cal(opts);
  EXPECT_EQ(cal.DueAfter(At("2024-12-27T10:00:00+09:00"), Duration{1, Duration::Unit::kBusinessDays}),
            At("2025-01-06T08:30:00+09:00"));
}

}  // namespace
}  // namespace kasane
