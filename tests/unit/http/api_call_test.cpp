// The small helpers every handler uses: ids, query integers, bilingual labels.
#include "http/api_call.h"

#include <gtest/gtest.h>

namespace kasane::http {
namespace {

TEST(ApiCallTest, ParseIdAcceptsOnlyPositiveDecimalIds) {
  EXPECT_EQ(ParseId("42"), 42);
  EXPECT_EQ(ParseId("0"), std::nullopt);
  EXPECT_EQ(ParseId("-1"), std::nullopt);
  EXPECT_EQ(ParseId("1e3"), std::nullopt);
  EXPECT_EQ(ParseId(""), std::nullopt);
  EXPECT_EQ(ParseId("9999999999999999999"), std::nullopt);  // 19 digits: refused, never overflows
}

TEST(ApiCallTest, QueryIntChecksItsRange) {
  Request req;
  Reply problem;
  EXPECT_EQ(QueryInt(req, "limit", 50, 1, 200, &problem), 50);  // absent: the fallback
  req.query["limit"] = "200";
  EXPECT_EQ(QueryInt(req, "limit", 50, 1, 200, &problem), 200);
  req.query["limit"] = "201";
  EXPECT_EQ(QueryInt(req, "limit", 50, 1, 200, &problem), std::nullopt);
  EXPECT_EQ(problem.status, 400);
  EXPECT_NE(problem.body.find("'limit'"), std::string::npos);
  req.query["limit"] = "12abc";
  EXPECT_EQ(QueryInt(req, "limit", 50, 1, 200, &problem), std::nullopt);
}

TEST(ApiCallTest, ALabelMissingALanguageFallsBackToTheOtherThenTheId) {
  const Value both = LocalizedJson(LocalizedText{"受付", "Intake"}, "intake");
  EXPECT_EQ(both.find("ja")->as_string(), "受付");
  EXPECT_EQ(both.find("en")->as_string(), "Intake");
  const Value ja_only = LocalizedJson(LocalizedText{"家族", ""}, "family");
  EXPECT_EQ(ja_only.find("en")->as_string(), "家族");
  const Value en_only = LocalizedJson(LocalizedText{"", "Family"}, "family");
  EXPECT_EQ(en_only.find("ja")->as_string(), "Family");
  const Value none = LocalizedJson(LocalizedText{}, "family");
  EXPECT_EQ(none.find("ja")->as_string(), "family");
  EXPECT_EQ(none.find("en")->as_string(), "family");
}

}  // namespace
}  // namespace kasane::http
