#include "util/value.h"

#include <gtest/gtest.h>

namespace kasane {
namespace {

TEST(ValueTest, ObjectKeysSerialiseSortedSoHashesAreStable) {
  Value v;
  v["zeta"] = Value(1);
  v["alpha"] = Value("あ");
  v["mid"] = Value(Array{Value(true), Value(), Value(2.5)});
  EXPECT_EQ(v.ToJson(), R"({"alpha":"あ","mid":[true,null,2.5],"zeta":1})");
}

TEST(ValueTest, EscapesControlCharactersAndQuotes) {
  Value v(std::string("a\"b\\c\n\x01"));
  EXPECT_EQ(v.ToJson(), R"("a\"b\\c\n\u0001")");
}

TEST(ValueTest, IntegerAndDoubleCompareByValue) {
  EXPECT_EQ(Value(2), Value(2.0));
  EXPECT_FALSE(Value(2) == Value(2.5));
  EXPECT_FALSE(Value("2") == Value(2));
}

TEST(JsonTest, RoundTripsNestedData) {
  const std::string text = R"({"a":[1,-2,3.25,"x",{"b":null}],"c":false,"d":"日本語"})";
  auto parsed = ParseJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->ToJson(), text);
  EXPECT_TRUE(parsed->find("a")->as_array()[0].is_int());
  EXPECT_TRUE(parsed->find("a")->as_array()[2].is_double());
}

TEST(JsonTest, DecodesUnicodeEscapesIncludingSurrogatePairs) {
  auto parsed = ParseJson(R"("\u672c\ud83d\ude00")");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->as_string(), "本😀");
}

TEST(JsonTest, RejectsMalformedInputWithOffset) {
  for (const char* bad : {"{", "[1,]", "{\"a\" 1}", "tru", "01", "\"abc", "{\"a\":1} x", "\"\\ud800\"", "[1 2]",
                          "{\"a\":1,\"a\":2}"}) {
    auto parsed = ParseJson(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_NE(parsed.status().message().find("at byte"), std::string::npos) << bad;
  }
}

TEST(JsonTest, RefusesNestingBeyondTheLimit) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto parsed = ParseJson(deep, 64);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nesting deeper than 64"), std::string::npos);
  EXPECT_TRUE(ParseJson(deep, 128).ok());
}

TEST(StatusTest, CodeNamesRoundTrip) {
  Status s = Status::GuardDenied("本人同意が記録されていません");
  EXPECT_EQ(s.ToString(), "guard_denied: 本人同意が記録されていません");
  Status::Code code;
  ASSERT_TRUE(Status::ParseCodeName("guard_denied", &code));
  EXPECT_EQ(code, Status::Code::kGuardDenied);
  EXPECT_FALSE(Status::ParseCodeName("guard-denied", &code));
  EXPECT_EQ(s.WithContext("plugin consent").message(), "plugin consent: 本人同意が記録されていません");
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> good(3);
  Result<int> bad(Status::NotFound("x"));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace kasane
