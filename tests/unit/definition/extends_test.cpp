// `extends`: a child definition overlaid on its base.
#include <gtest/gtest.h>

#include "definition_test_util.h"

namespace kasane {
namespace {

using deftest::Fixture;

std::vector<std::string> StateIds(const Definition& d) {
  std::vector<std::string> ids;
  for (const State& s : d.states) ids.push_back(s.id);
  return ids;
}

std::vector<std::string> Events(const Definition& d) {
  std::vector<std::string> events;
  for (const Transition& t : d.transitions) events.push_back(t.event + ":" + t.to);
  return events;
}

class TownExtendsNationalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = deftest::LoadFile(Fixture("valid/town.yaml"));
    ASSERT_TRUE(out_.result.ok()) << out_.result.status().ToString() << "\n"
                                  << (out_.diags.empty() ? "" : out_.diags.front().ToString());
    def_ = out_.result->definition.get();
  }
  deftest::LoadOutcome out_;
  const Definition* def_ = nullptr;
};

TEST_F(TownExtendsNationalTest, ChildWinsForTitleAndSettingsMergeByKey) {
  EXPECT_EQ(def_->id, "town");
  EXPECT_EQ(def_->extends, "national");
  EXPECT_EQ(def_->title.ja, "ある町のフロー");
  EXPECT_TRUE(def_->title.en.empty());  // the child's title replaces the base's wholesale
  EXPECT_EQ(def_->description, "The national flow.");
  EXPECT_EQ(def_->settings.ToJson(), R"({"fiscal_year_start":4,"meeting":"shien","town_code":12345})");
}

TEST_F(TownExtendsNationalTest, EntriesMergeByIdReplaceWholesaleOrAreDeleted) {
  std::vector<std::string> roles;
  for (const Role& r : def_->roles) roles.push_back(r.id);
  EXPECT_EQ(roles, (std::vector<std::string>{"window", "takikan", "supervisor"}));  // person: ~
  // outreach: ~ removed it; assessment replaced in place; returned appended.
  EXPECT_EQ(StateIds(*def_), (std::vector<std::string>{"intake", "referred", "assessment", "closed", "returned"}));
  const State* assessment = def_->FindState("assessment");
  EXPECT_EQ(assessment->label.ja, "町のアセスメント");
  EXPECT_EQ(assessment->pos.file, Fixture("valid/town.yaml"));  // positions point where it was written
  EXPECT_EQ(def_->FindState("intake")->pos.file, Fixture("valid/national.yaml"));
  EXPECT_NE(def_->FindForm("intake"), nullptr);
}

TEST_F(TownExtendsNationalTest, TransitionsReplacedRemovedAndAppended) {
  EXPECT_EQ(Events(*def_), (std::vector<std::string>{"refer:referred",  // base
                                                      "accept:assessment",  // replaces: accept, in place
                                                      "close:closed",       // base, minus `from: assessment`
                                                      "abandon:closed",     // base, from "*"
                                                      "accept:returned",    // child
                                                      "finish:closed"}));   // child
  const Transition& accept = def_->transitions[1];
  EXPECT_EQ(accept.roles, (std::vector<std::string>{"takikan", "supervisor"}));
  ASSERT_EQ(accept.guards.size(), 1u);
  EXPECT_EQ(accept.pos.file, Fixture("valid/town.yaml"));
  EXPECT_EQ(def_->transitions[0].pos.file, Fixture("valid/national.yaml"));
  EXPECT_EQ(def_->transitions[2].from, std::vector<std::string>{"referred"});
  // "*" is expanded after the merge: the removed outreach state is not in it.
  EXPECT_EQ(def_->transitions[3].from, (std::vector<std::string>{"intake", "referred", "assessment"}));
  // Inherited transitions into or out of a removed state are dropped.
  EXPECT_TRUE(def_->TransitionsFor("intake", "reach_out").empty());
  EXPECT_TRUE(def_->TransitionsFor("outreach", "engage").empty());
}

TEST_F(TownExtendsNationalTest, PluginsMergeByNameChildConfigWins) {
  ASSERT_EQ(def_->plugins.size(), 2u);
  EXPECT_EQ(def_->plugins[0].name, "screening");
  EXPECT_EQ(*def_->plugins[0].config.find("threshold"), Value(2));
  EXPECT_EQ(def_->plugins[1].name, "consent");
  EXPECT_EQ(out_.result->sources.workflow_files.size(), 2u);
  EXPECT_TRUE(out_.result->sources.workflow_files.count("national.yaml"));
  EXPECT_EQ(out_.result->sources.plugin_sources.size(), 2u);
}

// In-memory text (the browser editor) extending a base on disk.
TEST(ExtendsTest, TextInMemoryExtendsFileOnDisk) {
  auto out = deftest::LoadText(Fixture("valid/edited.yaml"), R"(
workflow: edited
extends: national
transitions:
  - { remove: true, on: abandon, from: "*" }
  - { replaces: close, from: "*", to: closed, roles: [window] }
)");
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags[0].ToString());
  const Definition& d = *out.result->definition;
  EXPECT_EQ(Events(d), (std::vector<std::string>{"refer:referred", "reach_out:outreach", "engage:intake",
                                                 "accept:assessment", "close:closed"}));
  EXPECT_EQ(d.transitions.back().roles, std::vector<std::string>{"window"});
  EXPECT_EQ(d.transitions.back().from,
            (std::vector<std::string>{"intake", "outreach", "referred", "assessment"}));
  EXPECT_EQ(d.source_file, Fixture("valid/edited.yaml"));
}

TEST(ExtendsTest, ReplacingPartOfAWildcardKeepsTheRest) {
  auto out = deftest::LoadText(Fixture("valid/partial.yaml"), R"(
workflow: partial
extends: national
transitions:
  - { replaces: abandon, from: referred, to: closed, roles: [window], guard: screening.is_target }
  - { from: referred, to: closed, on: abandon, roles: [takikan] }
)");
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags[0].ToString());
  const Definition& d = *out.result->definition;
  auto abandon = d.TransitionsFor("referred", "abandon");
  ASSERT_EQ(abandon.size(), 2u);
  EXPECT_EQ(abandon[0]->roles, std::vector<std::string>{"window"});  // the replacement comes first
  EXPECT_EQ(abandon[1]->roles, std::vector<std::string>{"takikan"});
  auto from_intake = d.TransitionsFor("intake", "abandon");
  ASSERT_EQ(from_intake.size(), 1u);
  EXPECT_EQ(from_intake[0]->roles, std::vector<std::string>{"takikan"});  // the base's, still there
}

TEST(ExtendsTest, ChildErrorsPointAtTheChildAndBaseElementsStayValid) {
  auto out = deftest::LoadText(Fixture("valid/broken_child.yaml"), R"(workflow: broken_child
extends: national
states:
  referred: { labl: x }
transitions:
  - { from: assessment, to: nowhere, on: go, roles: [window] }
)");
  EXPECT_FALSE(out.result.ok());
  std::string file = Fixture("valid/broken_child.yaml");
  EXPECT_EQ(out.lines(), (std::vector<std::string>{
                             file + ":4:15: error: unknown key 'labl' in state 'referred' (did you mean 'label'?)",
                             file + ":6:29: error: undefined state 'nowhere' in 'to' of transition 'go'",
                         }));
}

TEST(ExtendsTest, ThreeLevelChain) {
  LoaderOptions options = deftest::TestOptions();
  SourceSet sources;
  sources.root = "c.yaml";
  sources.workflow_files["a.yaml"] = R"(workflow: a
title: A
roles: { r: R }
states: { s: { initial: true }, e: { final: true } }
transitions: [ { from: s, to: e, on: end, roles: [r] } ]
)";
  sources.workflow_files["b.yaml"] = "workflow: b\nextends: a\ntitle: B\nstates: { m: {} }\n"
                                     "transitions: [ { from: s, to: m, on: mid, roles: [r] }, "
                                     "{ from: m, to: e, on: end, roles: [r] } ]\n";
  sources.workflow_files["c.yaml"] = "workflow: c\nextends: b\nroles: { r: ~, q: Q }\n"
                                     "transitions:\n"
                                     "  - { replaces: end, from: \"*\", to: e, roles: [q] }\n"
                                     "  - { replaces: mid, from: s, to: m, roles: [q] }\n";
  std::vector<Diagnostic> diags;
  auto loaded = LoadFromSources(sources, options, &diags);
  ASSERT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags[0].ToString());
  const Definition& d = *loaded->definition;
  EXPECT_EQ(d.title.ja, "B");
  EXPECT_EQ(StateIds(d), (std::vector<std::string>{"s", "e", "m"}));
  EXPECT_EQ(Events(d), (std::vector<std::string>{"end:e", "mid:m"}));
  EXPECT_EQ(d.transitions[0].from, (std::vector<std::string>{"s", "m"}));
  EXPECT_EQ(d.transitions[0].roles, std::vector<std::string>{"q"});
  EXPECT_EQ(d.transitions[0].pos.file, "c.yaml");  // a bundle has no paths: positions name the file
}

}  // namespace
}  // namespace kasane

namespace kasane {
namespace {

std::vector<std::string> FieldIds(const Form& form) {
  std::vector<std::string> ids;
  for (const Field& f : form.fields) ids.push_back(f.id);
  return ids;
}

TEST(FormMergeTest, MergeTrueAddsReplacesAndRemovesFieldsOfTheBaseForm) {
  const std::string child =
      "workflow: merged\n"
      "extends: national\n"
      "title: { ja: 併合 }\n"
      "forms:\n"
      "  intake:\n"
      "    merge: true\n"
      "    fields:\n"
      "      main_complaint: { type: text, required: true, label: 主訴（町の様式） }\n"
      "      forgetfulness: { type: boolean, label: もの忘れ }\n";
  auto out = deftest::LoadText(deftest::Fixture("valid/merged.yaml"), child);
  ASSERT_TRUE(out.result.ok()) << (out.diags.empty() ? out.result.status().ToString() : out.diags.front().ToString());
  const Form* intake = out.result->definition->FindForm("intake");
  ASSERT_NE(intake, nullptr);
  EXPECT_EQ(FieldIds(*intake), (std::vector<std::string>{"main_complaint", "forgetfulness"}));
  EXPECT_TRUE(intake->fields[0].required);
  EXPECT_EQ(intake->fields[0].label.ja, "主訴（町の様式）");

  const std::string removing =
      "workflow: merged\n"
      "extends: national\n"
      "title: { ja: 併合 }\n"
      "forms:\n"
      "  intake:\n"
      "    merge: true\n"
      "    fields:\n"
      "      note: { type: text }\n"
      "      main_complaint: ~\n";
  auto removed = deftest::LoadText(deftest::Fixture("valid/merged.yaml"), removing);
  ASSERT_TRUE(removed.result.ok()) << (removed.diags.empty() ? "" : removed.diags.front().ToString());
  EXPECT_EQ(FieldIds(*removed.result->definition->FindForm("intake")), (std::vector<std::string>{"note"}));
}

TEST(FormMergeTest, WithoutMergeAFormReplacesTheBaseOneAndNullFieldsAreErrors) {
  const std::string child =
      "workflow: replaced\n"
      "extends: national\n"
      "title: { ja: 置換 }\n"
      "forms:\n"
      "  intake:\n"
      "    fields:\n"
      "      note: { type: text }\n"
      "      main_complaint: ~\n";
  auto out = deftest::LoadText(deftest::Fixture("valid/replaced.yaml"), child);
  ASSERT_FALSE(out.result.ok());
  ASSERT_FALSE(out.diags.empty());
  EXPECT_NE(out.diags.front().message.find("write the form with 'merge: true'"), std::string::npos)
      << out.diags.front().ToString();
}

}  // namespace
}  // namespace kasane
