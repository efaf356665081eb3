// A valid definition loads into the expected model.
#include <gtest/gtest.h>

#include "definition_test_util.h"

namespace kasane {
namespace {

using deftest::Fixture;

class FullDefinitionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = deftest::LoadFile(Fixture("valid/full.yaml"));
    ASSERT_TRUE(out_.result.ok()) << out_.result.status().ToString() << "\n"
                                  << (out_.diags.empty() ? "" : out_.diags.front().ToString());
    ASSERT_TRUE(out_.diags.empty());
    def_ = out_.result->definition.get();
  }

  std::vector<std::string> StateIds() const {
    std::vector<std::string> ids;
    for (const State& s : def_->states) ids.push_back(s.id);
    return ids;
  }

  deftest::LoadOutcome out_;
  const Definition* def_ = nullptr;
};

TEST_F(FullDefinitionTest, HeaderAndSettings) {
  EXPECT_EQ(def_->id, "full");
  EXPECT_EQ(def_->title.ja, "全機能の定義");
  EXPECT_EQ(def_->title.en, "Every feature");
  EXPECT_EQ(def_->description, "Used by the loader tests.");
  EXPECT_TRUE(def_->extends.empty());
  EXPECT_EQ(def_->source_file, Fixture("valid/full.yaml"));
  EXPECT_EQ(def_->content_hash.size(), 64u);
  EXPECT_EQ(def_->settings.ToJson(), R"({"fiscal_year_start":4,"windows":["madoguchi","shakyo"]})");
}

TEST_F(FullDefinitionTest, RolesAndAgenciesInEveryLabelForm) {
  ASSERT_EQ(def_->roles.size(), 3u);
  EXPECT_EQ(def_->roles[0].id, "window");
  EXPECT_EQ(def_->roles[0].label.ja, "相談窓口");  // plain string = ja
  EXPECT_EQ(def_->roles[1].label.en, "Coordinator");  // ja:/en: inline
  EXPECT_EQ(def_->roles[2].label.ja, "統括者");  // label: { ja, en }
  EXPECT_EQ(def_->roles[2].label.en, "Supervisor");
  EXPECT_EQ(def_->roles[1].pos.line, 10);
  EXPECT_EQ(def_->roles[1].pos.column, 3);

  const Agency* madoguchi = def_->FindAgency("madoguchi");
  ASSERT_NE(madoguchi, nullptr);
  EXPECT_EQ(madoguchi->label.en, "Welfare policy division");
  EXPECT_EQ(madoguchi->kind, "window");
  EXPECT_EQ(madoguchi->roles, std::vector<std::string>{"window"});
  EXPECT_EQ(madoguchi->categories, (std::vector<std::string>{"高齢", "子ども"}));
  const Agency* shakyo = def_->FindAgency("shakyo");
  ASSERT_NE(shakyo, nullptr);
  EXPECT_EQ(shakyo->label.ja, "社会福祉協議会");
  EXPECT_EQ(shakyo->roles, (std::vector<std::string>{"takikan", "supervisor"}));
}

TEST_F(FullDefinitionTest, FormsAndEveryFieldType) {
  const Form* intake = def_->FindForm("intake");
  ASSERT_NE(intake, nullptr);
  EXPECT_EQ(intake->label.en, "Intake sheet");
  ASSERT_EQ(intake->fields.size(), 7u);
  const Field* complaint = intake->FindField("main_complaint");
  ASSERT_NE(complaint, nullptr);
  EXPECT_EQ(complaint->type, FieldType::kText);
  EXPECT_TRUE(complaint->required);
  EXPECT_EQ(complaint->label.ja, "主訴");
  EXPECT_EQ(complaint->max_length, 2000);
  const Field* issues = intake->FindField("issues");
  ASSERT_NE(issues, nullptr);
  EXPECT_EQ(issues->type, FieldType::kInteger);
  EXPECT_EQ(issues->min, 0);
  EXPECT_EQ(issues->max, 99);
  EXPECT_FALSE(issues->required);
  EXPECT_EQ(intake->FindField("urgent")->type, FieldType::kBoolean);
  EXPECT_EQ(intake->FindField("received_on")->type, FieldType::kDate);
  const Field* category = intake->FindField("category");
  ASSERT_EQ(category->type, FieldType::kChoice);
  ASSERT_EQ(category->choices.size(), 2u);
  EXPECT_EQ(category->choices[0].id, "elderly");
  EXPECT_EQ(category->choices[0].label.en, "Elderly");
  EXPECT_EQ(category->FindChoice("child")->label.ja, "子ども");
  EXPECT_EQ(intake->FindField("needs")->type, FieldType::kMultiChoice);
  const Field* members = intake->FindField("members");
  ASSERT_EQ(members->type, FieldType::kRecords);
  EXPECT_EQ(members->min, 1);
  EXPECT_EQ(members->max, 20);
  ASSERT_EQ(members->record_fields.size(), 2u);
  EXPECT_EQ(members->record_fields[0].id, "name");
  EXPECT_TRUE(members->record_fields[0].required);
  EXPECT_EQ(members->record_fields[1].type, FieldType::kInteger);
  // Field ids are one namespace; "urgent" is declared in two forms with one type.
  EXPECT_NE(def_->FindForm("plan")->FindField("urgent"), nullptr);
  EXPECT_EQ(def_->FindField("consent_share")->label.ja, "同意");
}

TEST_F(FullDefinitionTest, StatesKeepFileOrder) {
  EXPECT_EQ(StateIds(), (std::vector<std::string>{"intake", "referred", "support", "closed", "withdrawn"}));
  const State* intake = def_->InitialState();
  ASSERT_NE(intake, nullptr);
  EXPECT_EQ(intake->id, "intake");
  EXPECT_EQ(intake->label.ja, "相談受付");
  EXPECT_EQ(intake->label.en, "Intake");
  EXPECT_EQ(intake->form, "intake");
  ASSERT_EQ(intake->on_enter.size(), 1u);
  EXPECT_EQ(intake->on_enter[0].QualifiedName(), "consent.record");
  EXPECT_TRUE(intake->on_enter[0].args.is_null());
  EXPECT_TRUE(def_->FindState("closed")->final);
  EXPECT_TRUE(def_->FindState("withdrawn")->final);
  EXPECT_FALSE(def_->FindState("support")->final);
  EXPECT_EQ(def_->FindState("support")->label.en, "Support");
}

TEST_F(FullDefinitionTest, TimersAndCallArguments) {
  const State* referred = def_->FindState("referred");
  ASSERT_NE(referred, nullptr);
  ASSERT_EQ(referred->timers.size(), 2u);
  EXPECT_EQ(referred->timers[0].id, "remind");  // defaults to the event
  EXPECT_EQ(referred->timers[0].fire, "remind");
  EXPECT_EQ(referred->timers[0].after, (Duration{10, Duration::Unit::kBusinessDays}));
  EXPECT_EQ(referred->timers[1].id, "escalation");
  EXPECT_EQ(referred->timers[1].after, (Duration{3, Duration::Unit::kDays}));
  ASSERT_EQ(referred->on_exit.size(), 1u);
  EXPECT_EQ(referred->on_exit[0].plugin, "screening");
  EXPECT_EQ(referred->on_exit[0].function, "score");
  EXPECT_EQ(referred->on_exit[0].args.ToJson(), R"({"tags":["a","b"],"weight":2})");
}

TEST_F(FullDefinitionTest, TransitionsWithGuardsActionsTasks) {
  ASSERT_EQ(def_->transitions.size(), 7u);
  const Transition& refer = def_->transitions[0];
  EXPECT_EQ(refer.from, std::vector<std::string>{"intake"});
  EXPECT_EQ(refer.to, "referred");
  EXPECT_EQ(refer.event, "refer");
  EXPECT_EQ(refer.label.en, "Refer");
  EXPECT_EQ(refer.roles, std::vector<std::string>{"window"});
  ASSERT_EQ(refer.guards.size(), 1u);
  EXPECT_EQ(refer.guards[0].QualifiedName(), "screening.is_target");
  EXPECT_EQ(refer.guards[0].args.ToJson(), R"({"strict":true})");
  ASSERT_EQ(refer.actions.size(), 1u);
  EXPECT_EQ(refer.actions[0].QualifiedName(), "consent.record");
  EXPECT_EQ(refer.requires_fields, (std::vector<std::string>{"main_complaint", "received_on"}));
  EXPECT_EQ(refer.form, "intake");
  ASSERT_EQ(refer.tasks.size(), 1u);
  EXPECT_EQ(refer.tasks[0].kind, "screening");
  EXPECT_EQ(refer.tasks[0].agency, "shakyo");
  EXPECT_EQ(refer.tasks[0].role, "takikan");
  EXPECT_EQ(refer.tasks[0].title.en, "Screening");
  ASSERT_TRUE(refer.tasks[0].due.has_value());
  EXPECT_EQ(*refer.tasks[0].due, (Duration{5, Duration::Unit::kBusinessDays}));
  EXPECT_EQ(refer.pos.line, 62);
  EXPECT_EQ(refer.pos.column, 5);

  // Two transitions on one event from one state: guarded first, unguarded last.
  auto on_refer = def_->TransitionsFor("intake", "refer");
  ASSERT_EQ(on_refer.size(), 2u);
  EXPECT_EQ(on_refer[0]->to, "referred");
  EXPECT_EQ(on_refer[1]->to, "closed");
  EXPECT_TRUE(on_refer[1]->guards.empty());

  // An internal transition: no `to`, the case stays.
  auto remind = def_->TransitionsFor("referred", "remind");
  ASSERT_EQ(remind.size(), 1u);
  EXPECT_TRUE(remind[0]->to.empty());
  EXPECT_EQ(remind[0]->roles, std::vector<std::string>{"system"});

  auto accept = def_->TransitionsFor("referred", "accept");
  ASSERT_EQ(accept.size(), 1u);
  ASSERT_EQ(accept[0]->guards.size(), 2u);  // `guards:` is the same as `guard:`
  EXPECT_EQ(accept[0]->guards[1].QualifiedName(), "screening.is_target");
  EXPECT_EQ(accept[0]->close_tasks, (std::vector<std::string>{"screening", "reminder"}));
}

TEST_F(FullDefinitionTest, FromStarMeansEveryNonFinalState) {
  const Transition& withdraw = def_->transitions.back();
  EXPECT_EQ(withdraw.event, "withdraw");
  EXPECT_EQ(withdraw.from, (std::vector<std::string>{"intake", "referred", "support"}));
  EXPECT_TRUE(def_->TransitionsFor("closed", "withdraw").empty());
}

TEST_F(FullDefinitionTest, PluginsAreLoadedWithCompletedConfig) {
  ASSERT_EQ(def_->plugins.size(), 2u);
  EXPECT_EQ(def_->plugins[0].name, "consent");
  const PluginUse* screening = def_->FindPlugin("screening");
  ASSERT_NE(screening, nullptr);
  ASSERT_TRUE(screening->config.is_object());
  EXPECT_EQ(*screening->config.find("threshold"), Value(3));
  const Value* mode = screening->config.find("mode");  // a default from the plugin's schema
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(*mode, Value("strict"));
  const Value* required_for = def_->FindPlugin("consent")->config.find("required_for");
  ASSERT_NE(required_for, nullptr);
  EXPECT_EQ(required_for->ToJson(), R"(["jusou_kaigi"])");

  ASSERT_EQ(out_.result->plugins.size(), 2u);
  ASSERT_TRUE(out_.result->plugins.count("screening"));
  const PluginInfo& info = out_.result->plugins.at("screening")->info();
  EXPECT_EQ(info.name, "screening");
  EXPECT_EQ(info.guards, std::vector<std::string>{"is_target"});
  EXPECT_EQ(out_.result->sources.plugin_sources.size(), 2u);
  EXPECT_EQ(out_.result->sources.workflow_files.size(), 1u);
  EXPECT_EQ(out_.result->sources.root, "full.yaml");
}

}  // namespace
}  // namespace kasane
