// Validation rules not covered by the fixture files, each with its exact
// diagnostic, and the guarantee that one run reports every problem.
#include <gtest/gtest.h>

#include <algorithm>

#include "definition/yaml_value.h"
#include "definition_test_util.h"

namespace kasane {
namespace {

// A minimal valid definition with `extra` spliced in at the top level and
// `transitions` replacing its list. The file is m.yaml.
std::vector<std::string> Check(const std::string& extra, const std::string& states = "",
                               const std::string& transitions = "") {
  std::string text = "workflow: m\ntitle: t\nroles: { r: R }\n" + extra +
                     "states:\n  s: { initial: true }\n  e: { final: true }\n" + states +
                     "transitions:\n  - { from: s, to: e, on: end, roles: [r] }\n" + transitions;
  auto out = deftest::LoadText("m.yaml", text);
  EXPECT_EQ(out.result.ok(), out.diags.empty());
  return out.lines();
}

using Lines = std::vector<std::string>;

TEST(RulesTest, MinimalDefinitionIsValid) { EXPECT_EQ(Check(""), Lines{}); }

TEST(RulesTest, ReportsEveryProblemAtOnce) {
  std::string text = R"(workflow: many
title: { ja: 多数, jp: x }
roles: { r: R }
states:
  s: { initial: true, timers: [{ after: 2 fortnights, fire: nag }] }
  lost: {}
  e: { final: true }
transitions:
  - { from: s, to: e, on: end, roles: [r, nobody] }
  - { from: s, to: e, on: fin, roles: [r], requires: [ghost] }
)";
  auto out = deftest::LoadText("many.yaml", text);
  EXPECT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.status().message(), "many.yaml: 5 errors");
  EXPECT_EQ(out.lines(),
            (Lines{"many.yaml:2:18: error: unknown key 'jp' in 'title' (did you mean 'ja'?)",
                   "many.yaml:5:41: error: bad duration in 'after': unknown duration unit 'fortnights' (use "
                   "minutes, hours, days, weeks or business_days)",
                   "many.yaml:6:3: error: state 'lost' is unreachable from the initial state",
                   "many.yaml:9:43: error: undefined role 'nobody' in transition 'end'",
                   "many.yaml:10:55: error: undefined field 'ghost' in 'requires' of transition 'fin'"}));
}

TEST(RulesTest, ColumnsCountCharactersAlsoAfterAByteOrderMark) {
  const std::string text = "workflow: m\ntitle: { ja: 多数多数, jp: x }\n";
  const Lines plain = deftest::LoadText("m.yaml", text).lines();
  const Lines bom = deftest::LoadText("m.yaml", "\xef\xbb\xbf" + text).lines();
  const std::string expected = "m.yaml:2:20: error: unknown key 'jp' in 'title' (did you mean 'ja'?)";
  EXPECT_NE(std::find(plain.begin(), plain.end(), expected), plain.end());
  EXPECT_NE(std::find(bom.begin(), bom.end(), expected), bom.end());
}

TEST(RulesTest, TopLevelShapes) {
  EXPECT_EQ(Check("settings: [1]\n"), Lines{"m.yaml:4:11: error: 'settings' must be a map, got a list"});
  EXPECT_EQ(Check("description: { a: 1 }\n"), Lines{"m.yaml:4:14: error: 'description' must be a string, got a map"});
  EXPECT_EQ(Check("plugins: { use: consent }\n"),
            Lines{"m.yaml:4:10: error: 'plugins' must be a list of { use: name, with: {config} }, got a map"});
  EXPECT_EQ(Check("roles2: {}\n"), Lines{"m.yaml:4:1: error: unknown key 'roles2' at the top level (did you mean "
                                         "'roles'?)"});
  auto out = deftest::LoadText("m.yaml", "workflow: Bad\n");
  EXPECT_EQ(out.lines(), (Lines{"m.yaml:1:1: error: missing required key 'title' at the top level",
                                "m.yaml:1:1: error: missing required key 'states' at the top level",
                                "m.yaml:1:1: error: missing required key 'transitions' at the top level",
                                "m.yaml:1:11: error: invalid workflow id 'Bad' (ids start with a lowercase letter "
                                "and use only a-z, 0-9, '_' and '-', at most 64 characters)"}));
}

TEST(RulesTest, BilingualText) {
  EXPECT_EQ(Check("agencies: { a: { label: {} } }\n"), Lines{"m.yaml:4:25: error: 'label' needs 'ja' or 'en'"});
  EXPECT_EQ(Check("agencies: { a: { label: [x] } }\n"),
            Lines{"m.yaml:4:25: error: 'label' must be a string or a map with 'ja' and 'en', got a list"});
  EXPECT_EQ(Check("agencies: { a: { label: x, ja: y } }\n"),
            Lines{"m.yaml:4:18: error: use either 'label' or 'ja'/'en', not both"});
}

TEST(RulesTest, Fields) {
  auto form = [](const std::string& field) { return "forms: { f: { fields: { x: " + field + " } } }\n"; };
  EXPECT_EQ(Check(form("{ type: txt }")),
            Lines{"m.yaml:4:36: error: unknown field type 'txt' (use text, integer, boolean, date, choice, "
                  "multi_choice or records) (did you mean 'text'?)"});
  EXPECT_EQ(Check(form("{ label: x }")), Lines{"m.yaml:4:28: error: missing required key 'type' in field 'x'"});
  EXPECT_EQ(Check(form("{ type: text, choices: { a: A } }")),
            Lines{"m.yaml:4:42: error: 'choices' is only allowed for choice and multi_choice fields; field 'x' is "
                  "text"});
  EXPECT_EQ(Check(form("{ type: integer, max_length: 3 }")),
            Lines{"m.yaml:4:45: error: 'max_length' is only allowed for text fields; field 'x' is integer"});
  EXPECT_EQ(Check(form("{ type: integer, min: 5, max: 1 }")),
            Lines{"m.yaml:4:50: error: 'min' (5) is greater than 'max' (1)"});
  EXPECT_EQ(Check(form("{ type: integer, min: 1.5 }")),
            Lines{"m.yaml:4:50: error: 'min' must be an integer, got '1.5'"});
  EXPECT_EQ(Check(form("{ type: multi_choice, choices: {} }")),
            Lines{"m.yaml:4:25: error: multi_choice field 'x' has no choices"});
  EXPECT_EQ(Check(form("{ type: text, required: yes }")),
            Lines{"m.yaml:4:52: error: 'required' must be a boolean, got 'yes'"});
  EXPECT_EQ(Check(form("{ type: text, required: \"true\" }")),
            Lines{"m.yaml:4:52: error: 'required' must be a boolean, got the string 'true'"});
}

TEST(RulesTest, States) {
  EXPECT_EQ(Check("", "  x: 5\n", "  - { from: s, to: x, on: go, roles: [r] }\n"),
            Lines{"m.yaml:7:6: error: state 'x' must be a map, got '5'"});
  EXPECT_EQ(Check("", "  x: { timers: [{ fire: go }] }\n",
                  "  - { from: s, to: x, on: in, roles: [r] }\n  - { from: x, to: e, on: go, roles: [r] }\n"),
            Lines{"m.yaml:7:17: error: missing required key 'after' in timer"});
  EXPECT_EQ(Check("", "  x: { on_enter: [consent] }\n",
                  "  - { from: s, to: x, on: in, roles: [r] }\n  - { from: x, to: e, on: go, roles: [r] }\n"),
            Lines{"m.yaml:7:19: error: call 'consent' must be written plugin.function (e.g. consent.given)"});
}

TEST(RulesTest, Transitions) {
  EXPECT_EQ(Check("", "", "  - { from: s, to: e, on: x, roles: [] }\n"),
            Lines{"m.yaml:9:37: error: 'roles' must name at least one role"});
  EXPECT_EQ(Check("", "", "  - { from: [s, \"*\"], to: e, on: x, roles: [r] }\n"),
            Lines{"m.yaml:9:17: error: '*' (every non-final state) must be used alone in 'from'"});
  EXPECT_EQ(Check("", "", "  - { from: s, to: e, on: x, roles: [system], guard: { call: a.b, with: 3 } }\n"),
            Lines{"m.yaml:9:73: error: 'with' must be a map of arguments, got '3'"});
  EXPECT_EQ(Check("", "", "  - { remove: true, on: end, from: s, roles: [r] }\n"),
            (Lines{"m.yaml:9:5: error: 'remove: true' drops an inherited transition, but this definition has no "
                   "'extends'",
                   "m.yaml:9:39: error: a transition with 'remove: true' takes only 'on' and 'from'; 'roles' has "
                   "no effect"}));
  EXPECT_EQ(Check("", "", "  - [from, s]\n"),
            Lines{"m.yaml:9:5: error: transition #2 must be a map, got a list"});
  EXPECT_EQ(Check("", "", "  - { from: s, to: e, on: x, roles: [r], tasks: [{ agency: a }] }\n"),
            (Lines{"m.yaml:9:50: error: missing required key 'kind' in task",
                   "m.yaml:9:60: error: undefined agency 'a' in task"}));
}

TEST(RulesTest, PluginConfigProblemsPointAtTheConfigKey) {
  auto out = deftest::LoadText("m.yaml", R"(workflow: m
title: t
roles: { r: R }
plugins:
  - use: screening
    with:
      weights: [1, two, 3]
states: { s: { initial: true }, e: { final: true } }
transitions: [ { from: s, to: e, on: end, roles: [r], guard: screening.is_target } ]
)");
  // A missing key has no position of its own: the `with:` key. A list item
  // (counted from 1 in the plugin's message): the item itself.
  EXPECT_EQ(out.lines(),
            (Lines{"m.yaml:6:5: error: plugin 'screening' config 'threshold': required key is missing",
                   "m.yaml:7:20: error: plugin 'screening' config 'weights[2]': expected integer, got string"}));
}

TEST(RulesTest, RemovalsNeedABase) {
  EXPECT_EQ(Check("", "  gone: ~\n"),
            Lines{"m.yaml:7:3: error: 'gone: ~' removes an inherited state, but this definition has no 'extends'"});
}

TEST(RulesTest, ExtendsOperationsThatMatchNothing) {
  auto out = deftest::LoadText(deftest::Fixture("valid/child.yaml"), R"(workflow: child
extends: national
roles: { nobody: ~ }
transitions:
  - { remove: true, on: close, from: intake }
)");
  std::string f = deftest::Fixture("valid/child.yaml");
  EXPECT_EQ(out.lines(), (Lines{f + ":3:10: error: cannot remove role 'nobody': base 'national' has no role 'nobody'",
                                f + ":5:5: error: 'remove' matches no inherited transition on 'close' from 'intake'"}));
}

TEST(RulesTest, BaseFileNameMustMatchItsId) {
  SourceSet sources;
  sources.root = "c.yaml";
  sources.workflow_files["c.yaml"] = "workflow: c\nextends: b\n";
  sources.workflow_files["b.yaml"] = std::string("workflow: x\n") + R"(title: t
roles: { r: R }
states: { s: { initial: true }, e: { final: true } }
transitions: [ { from: s, to: e, on: end, roles: [r] } ]
)";
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(LoadFromSources(sources, deftest::TestOptions(), &diags).ok());
  EXPECT_EQ(deftest::Lines(diags), (Lines{"b.yaml:1:11: error: workflow id 'x' does not match the file name 'b.yaml' "
                                          "(the id is the file name without .yaml)"}));
}

TEST(RulesTest, ExtendsCycleIsFoundEvenWithBrokenIds) {
  SourceSet sources;
  sources.root = "b.yaml";
  sources.workflow_files["b.yaml"] = "workflow: B\nextends: c\n";
  sources.workflow_files["c.yaml"] = "extends: b\n";
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(LoadFromSources(sources, deftest::TestOptions(), &diags).ok());
  EXPECT_EQ(deftest::Lines(diags),
            (Lines{"b.yaml:1:11: error: invalid workflow id 'B' (ids start with a lowercase letter and use only a-z, "
                   "0-9, '_' and '-', at most 64 characters)",
                   "c.yaml:1:1: error: missing required key 'workflow' at the top level",
                   "c.yaml:1:10: error: extends cycle: b -> c -> b"}));
}

TEST(RulesTest, YamlToValueTypesPlainScalarsOnly) {
  YAML::Node node = YAML::Load("{ a: 1, b: -2.5, c: true, d: ~, e: '1', f: text, g: [1, x], h: 1e3, i: .inf }");
  EXPECT_EQ(YamlToValue(node).ToJson(),
            R"({"a":1,"b":-2.5,"c":true,"d":null,"e":"1","f":"text","g":[1,"x"],"h":1000,"i":".inf"})");
}

}  // namespace
}  // namespace kasane
