// The pattern cost estimate that guards string.find/match/gmatch/gsub.
#include "lua/pattern_cost.h"

#include "lua/work_cost.h"

#include <gtest/gtest.h>

#include <string>

namespace kasane {
namespace {

TEST(PatternCostTest, UnanchoredSearchCostsPositionsTimesWidth) {
  std::string s(1000, 'x');
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "abc", true), 1001.0 * 3);
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^abc", true), 4.0);
  EXPECT_DOUBLE_EQ(EstimatePatternCost("", "", true), 1.0);
}

TEST(PatternCostTest, RepetitionCountsTheLongestRunItsClassMatches) {
  // "aaa bb a": the longest run of 'a' is 3, of %s is 1, of '.' is 8.
  const std::string s = "aaa bb a";
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^a*", true), 3.0 * 4);
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^%s+", true), 4.0 * 2);
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^.-$", true), 4.0 * 9);
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^[ab]*", true), 6.0 * 4);  // runs of [ab] are 3, 2, 1
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^[^a]*", true), 6.0 * 5);  // " bb " is 4 long
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^%a?", true), 4.0 * 2);
}

TEST(PatternCostTest, SetsEscapesAndCapturesAreParsedLikeLua) {
  const std::string s = "a]]]b";
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^[]]*", true), 5.0 * 4);  // ']' first in a set is literal
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^%]*", true), 4.0 * 4);   // escaped ']'
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^(%a)*", true), 6.0);     // '*' after ')' is a literal item
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^%f[%a]", true), 7.0);    // frontier: no repetition
}

TEST(PatternCostTest, BalanceAndBackReferencesCountTheSubject) {
  const std::string s(99, '(');
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^%b()", true), 5.0 * 100);
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^(.)%1", true), 6.0 * 100);
}

TEST(PatternCostTest, GmatchHasNoAnchor) {
  const std::string s(9, 'x');
  EXPECT_DOUBLE_EQ(EstimatePatternCost(s, "^x", false), 10.0 * 2);
}

// What the default 50 ms budget affords (sandbox.cpp charges steps * kPatternStep).
constexpr double kDefaultBudgetSteps = 50e6 / work_cost::kPatternStep;

TEST(PatternCostTest, PathologicalPatternsGoOverTheDefaultBudget) {
  std::string a30(30, 'a');
  std::string stars;
  for (int i = 0; i < 30; ++i) stars += "a*";
  EXPECT_GT(EstimatePatternCost(a30, stars + "b", true), kDefaultBudgetSteps);
  std::string big(100000, 'a');
  EXPECT_GT(EstimatePatternCost(big, "a*b", true), kDefaultBudgetSteps);  // n^2 from an unanchored greedy item
  EXPECT_GT(EstimatePatternCost(big, "%b()", true), kDefaultBudgetSteps);
  EXPECT_LT(EstimatePatternCost(big, "^%s*(.-)%s*$", true), kDefaultBudgetSteps);  // trimming stays cheap
}

TEST(PatternCostTest, TheEstimateStopsGrowingAtItsCap) {
  std::string big(100000, 'a');
  std::string stars;
  for (int i = 0; i < 10; ++i) stars += "a*";
  const double cost = EstimatePatternCost(big, stars, false);
  EXPECT_GT(cost, kMaxPatternCost);
  EXPECT_LT(cost, kMaxPatternCost * 1e6);
}

TEST(PatternCostTest, MalformedPatternsDoNotCrash) {
  for (const char* p : {"[", "[^", "%", "[a-", "%b", "%f", "%f[", "(("}) {
    double cost = EstimatePatternCost("abc", p, true);
    EXPECT_GE(cost, 1.0) << p;
  }
}

TEST(PatternCostTest, PlainFindCostsPositionsTimesNeedle) {
  EXPECT_DOUBLE_EQ(EstimatePlainFindCost(std::string(99, 'a'), "abc"), 300.0);
}

}  // namespace
}  // namespace kasane
