// Drives the real `kasane` binary as a consultant would.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "security/password.h"
#include "util/value.h"

namespace kasane {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

CliRun Kasane(const std::string& args) {
  std::string cmd = std::string("cd ") + KASANE_SOURCE_DIR + " && " + KASANE_BINARY + " " + args + " 2>&1";
  CliRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(CliTest, ValidateReportsEveryProblemAsFileLineColAndExitsOne) {
  CliRun r = Kasane(
      "validate tests/fixtures/invalid/definitions/dead_end_state.yaml "
      "tests/fixtures/invalid/definitions/unknown_key_did_you_mean.yaml --plugins tests/fixtures/plugins");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("tests/fixtures/invalid/definitions/dead_end_state.yaml:6:3: error: state 'stuck' is a dead end"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("unknown_key_did_you_mean.yaml:5:13: error: unknown key 'intial' in state 'intake' (did you "
                       "mean 'initial'?)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2 file(s) checked, 2 error(s)"), std::string::npos) << r.out;
}

TEST(CliTest, ValidateExitsZeroOnAValidDefinition) {
  CliRun r = Kasane("validate tests/fixtures/runtime/flow.yaml --plugins tests/fixtures/runtime/plugins");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 file(s) checked, 0 error(s)"), std::string::npos) << r.out;
}

TEST(CliTest, ValidateReportsASpawnedWorkflowThatDoesNotExist) {
  std::string dir = ::testing::TempDir() + "/kasane_spawn_missing";
  std::string mkdir = "mkdir -p " + dir + " && sed 's/workflow: child/workflow: no_such_child/' " +
                      KASANE_SOURCE_DIR + "/tests/fixtures/runtime/flow.yaml > " + dir + "/flow.yaml";
  ASSERT_EQ(std::system(mkdir.c_str()), 0);
  CliRun r = Kasane("validate " + dir + "/flow.yaml --plugins tests/fixtures/runtime/plugins");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("error: spawned workflow 'no_such_child' not found"), std::string::npos) << r.out;
}

TEST(CliTest, TestEndsWithTheCountLineAndFailsOnAnyFailure) {
  CliRun pass = Kasane("test tests/fixtures/scenarios/passing.yaml --plugins tests/fixtures/runtime/plugins");
  EXPECT_EQ(pass.exit_code, 0) << pass.out;
  EXPECT_EQ(pass.out, "1 passed, 0 failed\n");  // nothing but the count when all pass
  CliRun fail = Kasane("test tests/fixtures/scenarios/failing.yaml --plugins tests/fixtures/runtime/plugins");
  EXPECT_EQ(fail.exit_code, 1) << fail.out;
  EXPECT_NE(fail.out.find("FAIL  RT-WRONG-STATE"), std::string::npos) << fail.out;
  EXPECT_NE(fail.out.find("\n0 passed, 2 failed\n"), std::string::npos) << fail.out;
}

TEST(CliTest, DiagramDrawsJapaneseLabelsAsDotAndSvg) {
  CliRun dot = Kasane("diagram tests/fixtures/runtime/flow.yaml --plugins tests/fixtures/runtime/plugins");
  EXPECT_EQ(dot.exit_code, 0) << dot.out;
  EXPECT_NE(dot.out.find("digraph"), std::string::npos);
  EXPECT_NE(dot.out.find("多機関協働へつなぐ"), std::string::npos);
  CliRun svg = Kasane("diagram tests/fixtures/runtime/flow.yaml --format svg --lang en "
                      "--plugins tests/fixtures/runtime/plugins");
  EXPECT_EQ(svg.exit_code, 0) << svg.out;
  EXPECT_NE(svg.out.find("<svg"), std::string::npos);
  CliRun bad = Kasane("diagram tests/fixtures/runtime/flow.yaml --format png");
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(CliTest, BenchPrintsTheRequiredFigures) {
  CliRun r = Kasane("bench --json --existing 20 --cases 3 --synchronous normal");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto json = ParseJson(r.out.substr(0, r.out.find('\n')));
  ASSERT_TRUE(json.ok()) << r.out;
  for (const char* key : {"transitions_per_s", "sqlite_ceiling_per_s", "ratio", "p50_us", "p99_us", "rss_mb",
                          "synchronous", "existing_cases", "cases", "transitions"}) {
    EXPECT_NE(json->find(key), nullptr) << key;
  }
  EXPECT_EQ(*json->find("transitions"), Value(27));  // 3 cases x 9 transitions, creation included
  EXPECT_EQ(*json->find("synchronous"), Value("NORMAL"));
  EXPECT_GT(json->find("ratio")->as_double(), 0.0);
}

TEST(CliTest, NewTownValidatesAndPassesAsGenerated) {
  const std::string dir = ::testing::TempDir() + "/kasane_new_town";
  const std::string setup = "rm -rf " + dir + " && mkdir -p " + dir + "/workflows && cp " + KASANE_SOURCE_DIR +
                            "/workflows/*.yaml " + dir + "/workflows/";
  ASSERT_EQ(std::system(setup.c_str()), 0);
  const std::string where = " --workflows " + dir + "/workflows";
  CliRun created = Kasane("new-town kamiyama --ja 神山町 --en Kamiyama" + where + " --scenarios " + dir + "/scenarios");
  ASSERT_EQ(created.exit_code, 0) << created.out;
  CliRun valid = Kasane("validate " + dir + "/workflows/kamiyama.yaml" + where);
  EXPECT_EQ(valid.exit_code, 0) << valid.out;
  CliRun tested = Kasane("test " + dir + "/scenarios" + where);
  EXPECT_EQ(tested.exit_code, 0) << tested.out;
  EXPECT_EQ(tested.out, "1 passed, 0 failed\n");
  CliRun again = Kasane("new-town kamiyama" + where + " --scenarios " + dir + "/scenarios");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("already exists; nothing was written"), std::string::npos) << again.out;
  EXPECT_EQ(Kasane("new-town Kamiyama!" + where).exit_code, 2);
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Kasane("frobnicate").exit_code, 2);
  EXPECT_EQ(Kasane("validate").exit_code, 2);
  CliRun typo = Kasane("validate workflows --plugin plugins");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.out.find("did you mean 'plugins'"), std::string::npos) << typo.out;
  EXPECT_EQ(Kasane("bench --cases lots").exit_code, 2);
  EXPECT_EQ(Kasane("bench --synchronous sometimes").exit_code, 2);
}

TEST(CliTest, PasswordHashPrintsAnEncodingTheServerAcceptsAndNeverThePassword) {
  const std::string dir = ::testing::TempDir();
  const std::string good = dir + "/kasane_password_good.txt", short_file = dir + "/kasane_password_short.txt";
  ASSERT_EQ(std::system(("printf 'correct horse battery staple\\n' > " + good).c_str()), 0);
  ASSERT_EQ(std::system(("printf 'short\\n' > " + short_file).c_str()), 0);
  CliRun r = Kasane("password-hash < " + good);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string encoded = r.out.substr(0, r.out.find('\n'));
  EXPECT_EQ(encoded.rfind("pbkdf2-sha256$600000$", 0), 0u) << r.out;
  EXPECT_TRUE(security::VerifyPassword("correct horse battery staple", encoded));
  EXPECT_FALSE(security::VerifyPassword("correct horse battery stapler", encoded));
  EXPECT_EQ(r.out.find("horse"), std::string::npos);

  CliRun short_one = Kasane("password-hash < " + short_file);
  EXPECT_EQ(short_one.exit_code, 1);
  EXPECT_NE(short_one.out.find("at least 12 characters"), std::string::npos) << short_one.out;
  EXPECT_EQ(Kasane("password-hash extra < /dev/null").exit_code, 2);
}

}  // namespace
}  // namespace kasane
