// `meetings:`: the case meetings of a town and their confidentiality rules.
// The error classes of the validator are fixture files (meeting_*.yaml).
#include <gtest/gtest.h>

#include "definition_test_util.h"

namespace kasane {
namespace {

using Lines = std::vector<std::string>;

// Roles, forms and states a meeting can refer to, followed by `meetings`.
std::string Base(const std::string& id, const std::string& meetings) {
  return "workflow: " + id + R"(
title: 基本
roles: { r: R }
forms:
  referral:
    fields:
      consent_share: { type: boolean }
  shien_record:
    fields:
      shien_attendees:
        type: records
        fields: { agency: { type: text }, name: { type: text } }
  jusou_record:
    fields:
      jusou_attendees:
        type: records
        fields: { agency: { type: choice, choices: { a: A, b: B } } }
states:
  s: { initial: true, form: referral }
  e: { final: true }
transitions:
  - { from: s, to: e, on: end, roles: [r] }
)" + meetings;
}

Result<LoadedWorkflow> LoadChain(const std::map<std::string, std::string>& files, const std::string& root,
                                 std::vector<Diagnostic>* diags) {
  SourceSet sources;
  sources.root = root;
  for (const auto& [name, text] : files) sources.workflow_files[name] = text;
  return LoadFromSources(sources, deftest::TestOptions(), diags);
}

std::vector<std::string> MeetingIds(const Definition& d) {
  std::vector<std::string> ids;
  for (const MeetingSpec& m : d.meetings) ids.push_back(m.id);
  return ids;
}

TEST(MeetingsTest, ParsesEveryKeyAndKeepsFileOrder) {
  auto out = deftest::LoadText("m.yaml", Base("m", R"(meetings:
  shien:
    label: { ja: 支援会議, en: Support meeting }
    form: shien_record
    attendees: shien_attendees
    restricted: true
  jusou:
    ja: 重層的支援会議
    form: jusou_record
    attendees: jusou_attendees
    consent_field: consent_share
)"));
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags[0].ToString());
  const Definition& d = *out.result->definition;
  ASSERT_EQ(MeetingIds(d), (std::vector<std::string>{"shien", "jusou"}));
  const MeetingSpec& shien = d.meetings[0];
  EXPECT_EQ(shien.label.ja, "支援会議");
  EXPECT_EQ(shien.label.en, "Support meeting");
  EXPECT_EQ(shien.form, "shien_record");
  EXPECT_EQ(shien.attendees, "shien_attendees");
  EXPECT_TRUE(shien.restricted);
  EXPECT_EQ(shien.consent_field, "");
  EXPECT_EQ(shien.pos.file, "m.yaml");
  EXPECT_EQ(shien.pos.line, 24);
  EXPECT_EQ(shien.pos.column, 3);
  const MeetingSpec& jusou = d.meetings[1];
  EXPECT_EQ(jusou.label.ja, "重層的支援会議");
  EXPECT_EQ(jusou.consent_field, "consent_share");
  EXPECT_FALSE(jusou.restricted);  // the default
}

TEST(MeetingsTest, FindMeetingAndMeetingForForm) {
  auto out = deftest::LoadText("m.yaml", Base("m", R"(meetings:
  shien: { form: shien_record, attendees: shien_attendees, restricted: true }
  jusou: { form: jusou_record, attendees: jusou_attendees }
)"));
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags[0].ToString());
  const Definition& d = *out.result->definition;
  ASSERT_NE(d.FindMeeting("jusou"), nullptr);
  EXPECT_EQ(d.FindMeeting("jusou")->form, "jusou_record");
  EXPECT_EQ(d.FindMeeting("shien_record"), nullptr);  // by meeting id, not form
  ASSERT_NE(d.MeetingForForm("shien_record"), nullptr);
  EXPECT_EQ(d.MeetingForForm("shien_record")->id, "shien");
  EXPECT_EQ(d.MeetingForForm("jusou_record")->id, "jusou");
  EXPECT_EQ(d.MeetingForForm("referral"), nullptr);
  EXPECT_EQ(d.MeetingForForm(""), nullptr);
}

TEST(MeetingsTest, NoMeetingsIsValidAndEmpty) {
  auto out = deftest::LoadText("m.yaml", Base("m", "meetings: {}\n"));
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags[0].ToString());
  EXPECT_TRUE(out.result->definition->meetings.empty());
  EXPECT_EQ(out.result->definition->FindMeeting("shien"), nullptr);
}

TEST(MeetingsTest, ShapeErrorsAreReportedAtTheirValues) {
  auto out = deftest::LoadText("m.yaml", Base("m", R"(meetings:
  shien: { form: Shien, attendees: shien_attendees, restricted: "yes" }
  jusou: [jusou_record]
)"));
  EXPECT_FALSE(out.result.ok());
  EXPECT_EQ(out.lines(),
            (Lines{"m.yaml:24:18: error: invalid form id 'Shien' (ids start with a lowercase letter and use only a-z, "
                   "0-9, '_' and '-', at most 64 characters)",
                   "m.yaml:24:65: error: 'restricted' must be a boolean, got the string 'yes'",
                   "m.yaml:25:10: error: meeting 'jusou' must be a map, got a list"}));
}

// A town overlays the base's meetings by id, like agencies.
TEST(MeetingsTest, ExtendsReplacesByIdInheritsAddsAndRemoves) {
  const std::string base = Base("base", R"(meetings:
  shien: { form: shien_record, attendees: shien_attendees, restricted: true }
  jusou: { form: jusou_record, attendees: jusou_attendees, consent_field: consent_share }
)");
  const std::string town = R"(workflow: town
extends: base
forms:
  kentou_record:
    fields:
      kentou_attendees: { type: records, fields: { agency: { type: text } } }
meetings:
  shien: { label: 町の支援会議, form: shien_record, attendees: shien_attendees }
  kentou: { form: kentou_record, attendees: kentou_attendees, restricted: true }
)";
  std::vector<Diagnostic> diags;
  auto loaded = LoadChain({{"base.yaml", base}, {"town.yaml", town}}, "town.yaml", &diags);
  ASSERT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags[0].ToString());
  const Definition& d = *loaded->definition;
  EXPECT_EQ(MeetingIds(d), (std::vector<std::string>{"shien", "jusou", "kentou"}));
  const MeetingSpec* shien = d.FindMeeting("shien");
  EXPECT_EQ(shien->label.ja, "町の支援会議");
  EXPECT_FALSE(shien->restricted);  // replaced wholesale: the town did not write `restricted`
  EXPECT_EQ(shien->pos.file, "town.yaml");
  const MeetingSpec* jusou = d.FindMeeting("jusou");
  EXPECT_EQ(jusou->consent_field, "consent_share");  // inherited unchanged
  EXPECT_EQ(jusou->pos.file, "base.yaml");
  EXPECT_EQ(d.MeetingForForm("kentou_record")->id, "kentou");

  const std::string removing = "workflow: town\nextends: base\nmeetings:\n  jusou: ~\n";
  diags.clear();
  loaded = LoadChain({{"base.yaml", base}, {"town.yaml", removing}}, "town.yaml", &diags);
  ASSERT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags[0].ToString());
  EXPECT_EQ(MeetingIds(*loaded->definition), std::vector<std::string>{"shien"});
  EXPECT_EQ(loaded->definition->MeetingForForm("jusou_record"), nullptr);
}

TEST(MeetingsTest, ExtendsChecksTheMergedResult) {
  const std::string base = Base("base", R"(meetings:
  jusou: { form: jusou_record, attendees: jusou_attendees }
)");
  // The town replaces the meeting's form: the inherited meeting no longer fits.
  const std::string town = R"(workflow: town
extends: base
forms:
  jusou_record:
    fields:
      decision: { type: text }
meetings:
  gone: ~
)";
  std::vector<Diagnostic> diags;
  auto loaded = LoadChain({{"base.yaml", base}, {"town.yaml", town}}, "town.yaml", &diags);
  EXPECT_FALSE(loaded.ok());
  EXPECT_EQ(deftest::Lines(diags),
            (Lines{"base.yaml:24:3: error: 'attendees' of meeting 'jusou' names field 'jusou_attendees', but form "
                   "'jusou_record' has no such field",
                   "town.yaml:8:3: error: cannot remove meeting 'gone': base 'base' has no meeting 'gone'"}));
}

TEST(MeetingsTest, RemovingWithoutExtendsIsAnError) {
  auto out = deftest::LoadText("m.yaml", Base("m", "meetings:\n  shien: ~\n"));
  EXPECT_FALSE(out.result.ok());
  EXPECT_EQ(out.lines(), (Lines{"m.yaml:24:3: error: 'shien: ~' removes an inherited meeting, but this definition "
                                "has no 'extends'"}));
}

// The national flow declares both meetings; every town inherits them.
TEST(MeetingsTest, NationalFlowDeclaresBothMeetings) {
  LoaderOptions options = deftest::TestOptions();
  options.plugins_dir = std::string(KASANE_SOURCE_DIR) + "/plugins";
  auto out = deftest::LoadFile(std::string(KASANE_SOURCE_DIR) + "/workflows/national.yaml", options);
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags[0].ToString());
  const Definition& d = *out.result->definition;
  const MeetingSpec* shien = d.FindMeeting("shien_kaigi");
  ASSERT_NE(shien, nullptr);
  EXPECT_TRUE(shien->restricted);
  EXPECT_TRUE(shien->consent_field.empty());
  EXPECT_EQ(d.MeetingForForm("shien_kaigi_record"), shien);
  const MeetingSpec* jusou = d.FindMeeting("jusou_kaigi");
  ASSERT_NE(jusou, nullptr);
  EXPECT_FALSE(jusou->restricted);
  EXPECT_EQ(jusou->consent_field, "consent_share");
  EXPECT_EQ(d.MeetingForForm("jusou_kaigi_record"), jusou);
}

}  // namespace
}  // namespace kasane
