#include <gtest/gtest.h>

#include "model/definition.h"
#include "model/duration.h"

namespace kasane {
namespace {

TEST(DurationTest, ParsesEveryUnit) {
  Duration d;
  std::string err;
  ASSERT_TRUE(ParseDuration("10 business_days", &d, &err));
  EXPECT_EQ(d, (Duration{10, Duration::Unit::kBusinessDays}));
  ASSERT_TRUE(ParseDuration("1 business_day", &d, &err));
  EXPECT_EQ(d.unit, Duration::Unit::kBusinessDays);
  ASSERT_TRUE(ParseDuration("3 days", &d, &err));
  EXPECT_EQ(d, (Duration{3, Duration::Unit::kDays}));
  ASSERT_TRUE(ParseDuration("2 hours", &d, &err));
  ASSERT_TRUE(ParseDuration("30 minutes", &d, &err));
  ASSERT_TRUE(ParseDuration("2 weeks", &d, &err));
  EXPECT_EQ(d.ToString(), "2 weeks");
}

TEST(DurationTest, RejectsWithHelpfulMessages) {
  Duration d;
  std::string err;
  EXPECT_FALSE(ParseDuration("10 buisness_days", &d, &err));
  EXPECT_NE(err.find("did you mean 'business_days'"), std::string::npos) << err;
  EXPECT_FALSE(ParseDuration("ten days", &d, &err));
  EXPECT_NE(err.find("must start with a number"), std::string::npos);
  EXPECT_FALSE(ParseDuration("100000 days", &d, &err));
  EXPECT_NE(err.find("too long"), std::string::npos);
}

TEST(DefinitionTest, LookupsAndTransitionsFor) {
  Definition def;
  def.states = {State{.id = "a", .initial = true}, State{.id = "b"}, State{.id = "c", .final = true}};
  Transition t1;
  t1.from = {"a", "b"};
  t1.to = "c";
  t1.event = "close";
  Transition t2;
  t2.from = {"a"};
  t2.to = "b";
  t2.event = "next";
  def.transitions = {t1, t2};
  def.forms = {Form{.id = "f", .fields = {Field{.id = "x"}}}};
  EXPECT_EQ(def.InitialState()->id, "a");
  EXPECT_EQ(def.TransitionsFor("b", "close").size(), 1u);
  EXPECT_EQ(def.TransitionsFor("b", "next").size(), 0u);
  EXPECT_EQ(def.TransitionsFrom("a").size(), 2u);
  EXPECT_NE(def.FindField("x"), nullptr);
  EXPECT_EQ(def.FindField("y"), nullptr);
  FieldType type;
  ASSERT_TRUE(ParseFieldType("multi_choice", &type));
  EXPECT_STREQ(FieldTypeName(type), "multi_choice");
  EXPECT_FALSE(ParseFieldType("float", &type));
}

}  // namespace
}  // namespace kasane
