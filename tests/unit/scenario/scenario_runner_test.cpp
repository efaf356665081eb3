#include "scenario/scenario_runner.h"

#include <gtest/gtest.h>

namespace kasane {
namespace {

std::string Fixture(const std::string& rel) { return std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/" + rel; }

ScenarioRunOptions Options() {
  ScenarioRunOptions o;
  o.loader.plugins_dir = Fixture("runtime/plugins");
  return o;
}

TEST(ScenarioRunnerTest, AFullRunPassesEveryKindOfExpectation) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios/passing.yaml")}, Options());
  ASSERT_TRUE(report.errors.empty()) << report.errors.front();
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_TRUE(report.outcomes[0].passed) << report.outcomes[0].failure;
  EXPECT_EQ(report.outcomes[0].id, "RT-PASS");
  EXPECT_EQ(report.passed, 1);
  EXPECT_EQ(report.failed, 0);
}

TEST(ScenarioRunnerTest, SpawnedChildrenAreDeployedAndAddressable) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios/spawn.yaml")}, Options());
  ASSERT_TRUE(report.errors.empty()) << report.errors.front();
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_TRUE(report.outcomes[0].passed) << report.outcomes[0].failure;
}

TEST(ScenarioRunnerTest, FailuresNameFileLineStepAndWhatDiffered) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios/failing.yaml")}, Options());
  ASSERT_EQ(report.outcomes.size(), 2u);
  EXPECT_EQ(report.passed, 0);
  EXPECT_EQ(report.failed, 2);
  const std::string& wrong_state = report.outcomes[0].failure;
  EXPECT_NE(wrong_state.find("failing.yaml:8:9: step 2 (fire refer as window)"), std::string::npos) << wrong_state;
  EXPECT_NE(wrong_state.find("expected state 'referred', got 'handled'"), std::string::npos) << wrong_state;
  const std::string& unexpected = report.outcomes[1].failure;
  EXPECT_NE(unexpected.find("expected error permission_denied but the step succeeded"), std::string::npos)
      << unexpected;
}

TEST(ScenarioRunnerTest, MalformedFilesReportEveryProblemWithPositions) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios/malformed.yaml")}, Options());
  EXPECT_TRUE(report.outcomes.empty());
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_NE(report.errors[0].find("malformed.yaml:8:5: error: unknown key 'expct' in step (did you mean 'expect'?)"),
            std::string::npos)
      << report.errors[0];
  EXPECT_NE(report.errors[1].find("malformed.yaml:7:9: error: unknown actor 'windo' (did you mean 'window'?)"),
            std::string::npos)
      << report.errors[1];
  EXPECT_EQ(report.failed, 2);
}

TEST(ScenarioRunnerTest, ADuplicateKeyIsAnErrorNotSilentlyDropped) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios/duplicate_key.yaml")}, Options());
  EXPECT_TRUE(report.outcomes.empty());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find("duplicate_key.yaml:9:5: error: duplicate key 'expect'"), std::string::npos)
      << report.errors[0];
}

TEST(ScenarioRunnerTest, MissingPathsAndMissingWorkflowsFail) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios/nope.yaml")}, Options());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find("no such file or directory"), std::string::npos);
  EXPECT_EQ(report.failed, 1);
}

TEST(ScenarioRunnerTest, DirectoriesAreSearchedRecursively) {
  ScenarioReport report = RunScenarioPaths({Fixture("scenarios")}, Options());
  EXPECT_EQ(report.passed, 2);
  EXPECT_EQ(report.failed, 5);  // two failing scenarios, two problems in the malformed file, one duplicate key
}

}  // namespace
}  // namespace kasane
