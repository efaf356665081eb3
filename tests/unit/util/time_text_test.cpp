#include <gtest/gtest.h>

#include "util/text.h"
#include "util/time.h"

namespace kasane {
namespace {

TEST(TimeTest, CivilDaysRoundTripAcrossCenturies) {
  for (int64_t days = -800000; days <= 800000; days += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(days)), days);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
}

TEST(TimeTest, WeekdayKnownDates) {
  EXPECT_EQ(Weekday({2023, 9, 1}), 5);   // Friday
  EXPECT_EQ(Weekday({2024, 1, 1}), 1);   // Monday
  EXPECT_EQ(Weekday({1970, 1, 1}), 4);   // Thursday
  EXPECT_EQ(Weekday({1969, 12, 28}), 0); // Sunday
}

TEST(TimeTest, ParsesJstByDefaultAndExplicitOffsets) {
  Timestamp a = 0, b = 0, c = 0, d = 0;
  ASSERT_TRUE(ParseTimestamp("2023-09-01T09:00", &a));
  ASSERT_TRUE(ParseTimestamp("2023-09-01T00:00:00Z", &b));
  ASSERT_TRUE(ParseTimestamp("2023-09-01T09:00:00+09:00", &c));
  ASSERT_TRUE(ParseTimestamp("2023-09-01", &d));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(a - d, 9 * 3600);
  EXPECT_EQ(FormatJst(a), "2023-09-01T09:00:00+09:00");
  EXPECT_EQ(FormatDate(JstDate(b)), "2023-09-01");
}

TEST(TimeTest, RejectsImpossibleDates) {
  Timestamp t = 0;
  CivilDate d;
  EXPECT_FALSE(ParseDate("2023-02-29", &d));
  EXPECT_TRUE(ParseDate("2024-02-29", &d));
  EXPECT_FALSE(ParseTimestamp("2023-13-01", &t));
  EXPECT_FALSE(ParseTimestamp("2023-09-01T25:00", &t));
  EXPECT_FALSE(ParseTimestamp("2023-09-01T09:00+0900", &t));
  EXPECT_FALSE(ParseTimestamp("yesterday", &t));
}

TEST(TextTest, DidYouMeanFindsCloseIdentifiersOnly) {
  std::vector<std::string> keys = {"initial", "final", "label", "timers"};
  EXPECT_EQ(DidYouMean("intial", keys), "initial");
  EXPECT_EQ(DidYouMean("timer", keys), "timers");
  EXPECT_EQ(DidYouMean("completely_else", keys), "");
  EXPECT_EQ(DidYouMeanSuffix("lable", keys), " (did you mean 'label'?)");
}

TEST(TextTest, SplitQualifiedName) {
  std::string a, b;
  ASSERT_TRUE(SplitQualifiedName("consent.given", &a, &b));
  EXPECT_EQ(a, "consent");
  EXPECT_EQ(b, "given");
  EXPECT_FALSE(SplitQualifiedName("consent", &a, &b));
  EXPECT_FALSE(SplitQualifiedName(".given", &a, &b));
  EXPECT_FALSE(SplitQualifiedName("consent.", &a, &b));
}

}  // namespace
}  // namespace kasane
