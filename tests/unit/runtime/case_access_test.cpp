#include "runtime/case_access.h"

#include <gtest/gtest.h>

namespace kasane {
namespace {

// A definition with the national flow's two meetings.
Definition MeetingsDefinition() {
  Definition def;
  def.id = "town";
  Form shien;
  shien.id = "shien_kaigi_record";
  shien.fields = {Field{"shien_kaigi_attendees"}, Field{"shien_kaigi_decision"}};
  Form jusou;
  jusou.id = "jusou_kaigi_record";
  jusou.fields = {Field{"meeting_attendees"}, Field{"meeting_decision"}};
  def.forms = {shien, jusou};
  MeetingSpec s;
  s.id = "shien_kaigi";
  s.form = "shien_kaigi_record";
  s.attendees = "shien_kaigi_attendees";
  s.restricted = true;
  MeetingSpec j;
  j.id = "jusou_kaigi";
  j.form = "jusou_kaigi_record";
  j.attendees = "meeting_attendees";
  j.consent_field = "consent_share";
  def.meetings = {s, j};
  return def;
}

Value Attendees(std::initializer_list<const char*> agencies) {
  Array out;
  for (const char* a : agencies) {
    Object o;
    o["agency"] = Value(a);
    out.emplace_back(std::move(o));
  }
  return Value(std::move(out));
}

CaseRecord SharedCase() {
  CaseRecord c;
  c.tenant = "maibara";
  c.data["main_complaint"] = Value("8050");
  c.data["shien_kaigi_attendees"] = Attendees({"houkatsu", "police"});
  c.data["shien_kaigi_decision"] = Value("見守りの役割分担");
  c.members = {{"houkatsu", "referrer"}, {"police", "shien_kaigi"}, {"houkatsu", "shien_kaigi"},
               {"school", "jusou_kaigi"}};
  return c;
}

TEST(CaseAccessTest, NonMembersAndOtherTenantsSeeNothing) {
  const Definition def = MeetingsDefinition();
  const CaseRecord c = SharedCase();
  EXPECT_EQ(VisibilityOf(c, def, {"maibara", "hoikuen"}), Visibility::kNone);
  EXPECT_EQ(VisibilityOf(c, def, {"sakata", "houkatsu"}), Visibility::kNone);  // same agency id, other tenant
  EXPECT_EQ(VisibilityOf(c, def, {"maibara", ""}), Visibility::kNone);
  EXPECT_TRUE(VisibleData(c.data, def, {"maibara", "hoikuen"}, Visibility::kNone).as_object().empty());
}

TEST(CaseAccessTest, MeetingMemberWaitsForConsent) {
  const Definition def = MeetingsDefinition();
  CaseRecord c = SharedCase();
  EXPECT_EQ(VisibilityOf(c, def, {"maibara", "school"}), Visibility::kNone);
  c.data["consent_share"] = Value(false);
  EXPECT_EQ(VisibilityOf(c, def, {"maibara", "school"}), Visibility::kNone);
  c.data["consent_share"] = Value(true);
  EXPECT_EQ(VisibilityOf(c, def, {"maibara", "school"}), Visibility::kFull);
}

TEST(CaseAccessTest, SupportMeetingAttendeeSeesOnlyTheMeetingRecord) {
  const Definition def = MeetingsDefinition();
  const CaseRecord c = SharedCase();
  const Viewer police{"maibara", "police"};
  ASSERT_EQ(VisibilityOf(c, def, police), Visibility::kMeetingOnly);
  const Value seen = VisibleData(c.data, def, police, Visibility::kMeetingOnly);
  EXPECT_NE(seen.find("shien_kaigi_decision"), nullptr);
  EXPECT_EQ(seen.find("main_complaint"), nullptr);
}

TEST(CaseAccessTest, FullMemberWhoDidNotAttendDoesNotSeeTheSupportMeetingRecord) {
  const Definition def = MeetingsDefinition();
  CaseRecord c = SharedCase();
  c.members.push_back({"shakyo", "assigned"});
  const Viewer shakyo{"maibara", "shakyo"};
  ASSERT_EQ(VisibilityOf(c, def, shakyo), Visibility::kFull);
  const Value seen = VisibleData(c.data, def, shakyo, Visibility::kFull);
  EXPECT_NE(seen.find("main_complaint"), nullptr);
  EXPECT_EQ(seen.find("shien_kaigi_decision"), nullptr);
  EXPECT_EQ(seen.find("shien_kaigi_attendees"), nullptr);
  // The referrer attended: it sees both.
  const Viewer houkatsu{"maibara", "houkatsu"};
  ASSERT_EQ(VisibilityOf(c, def, houkatsu), Visibility::kFull);
  const Value all = VisibleData(c.data, def, houkatsu, Visibility::kFull);
  EXPECT_NE(all.find("main_complaint"), nullptr);
  EXPECT_NE(all.find("shien_kaigi_decision"), nullptr);
}

TEST(CaseAccessTest, AnEventPayloadIsJudgedByItsOwnAttendees) {
  const Definition def = MeetingsDefinition();
  Value payload;
  payload["shien_kaigi_attendees"] = Attendees({"police"});
  payload["shien_kaigi_decision"] = Value("共有内容");
  const Value for_police = VisibleData(payload, def, {"maibara", "police"}, Visibility::kFull);
  EXPECT_NE(for_police.find("shien_kaigi_decision"), nullptr);
  const Value for_houkatsu = VisibleData(payload, def, {"maibara", "houkatsu"}, Visibility::kFull);
  EXPECT_TRUE(for_houkatsu.as_object().empty());
}

TEST(CaseAccessTest, AttendeesMayBeAgencyIds) {
  Array ids{Value("police"), Value("school")};
  EXPECT_TRUE(AttendeesInclude(Value(ids), "school"));
  EXPECT_FALSE(AttendeesInclude(Value(ids), "shakyo"));
  EXPECT_FALSE(AttendeesInclude(Value("police"), "police"));
}

}  // namespace
}  // namespace kasane
