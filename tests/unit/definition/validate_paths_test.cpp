// ValidatePaths: what `kasane validate FILE_OR_DIR...` reports.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "definition_test_util.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;
using deftest::Fixture;

class ValidatePathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("kasane_validate_" + std::to_string(::getpid()) + "_" + test->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "a");
    fs::create_directories(dir_ / "b");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& rel, const std::string& text) {
    std::string path = (dir_ / rel).string();
    deftest::WriteAll(path, text);
    return path;
  }
  fs::path dir_;
};

const char* kMinimal = R"(title: t
roles: { r: R }
states: { s: { initial: true }, e: { final: true } }
transitions: [ { from: s, to: e, on: end, roles: [r] } ]
)";

TEST_F(ValidatePathsTest, ValidDirectoryHasNoDiagnostics) {
  int files = 0;
  auto diags = ValidatePaths({Fixture("valid")}, deftest::TestOptions(), &files);
  EXPECT_TRUE(diags.empty()) << diags[0].ToString();
  EXPECT_EQ(files, 3);
}

TEST_F(ValidatePathsTest, DirectoriesExpandToYamlFilesOnlyAndNotRecursively) {
  Write("one.yaml", std::string("workflow: one\n") + kMinimal);
  Write("two.yml", std::string("workflow: two\n") + kMinimal);
  Write("notes.txt", "not yaml");
  Write("a/three.yaml", "workflow: three\nbroken: [\n");
  int files = 0;
  auto diags = ValidatePaths({dir_.string()}, deftest::TestOptions(), &files);
  EXPECT_EQ(files, 2);
  EXPECT_TRUE(diags.empty());
}

TEST_F(ValidatePathsTest, ReportsEveryFileAndDuplicateIds) {
  std::string first = Write("a/same.yaml", std::string("workflow: same\n") + kMinimal);
  std::string second = Write("b/same.yaml", std::string("workflow: same\n") + kMinimal);
  std::string bad = Write("b/bad.yaml", "workflow: bad\ntitle: t\nstates: {}\ntransitions: []\n");
  int files = 0;
  auto diags = ValidatePaths({dir_.string() + "/a", dir_.string() + "/b", dir_.string() + "/missing.yaml"},
                             deftest::TestOptions(), &files);
  EXPECT_EQ(files, 4);
  EXPECT_EQ(deftest::Lines(diags), (std::vector<std::string>{
                                       dir_.string() + "/b/bad.yaml:3:1: error: no states defined",
                                       second + ":1:11: error: workflow id 'same' is also defined in " + first,
                                       dir_.string() + "/missing.yaml: error: cannot read the file: No such file "
                                                       "or directory",
                                   }));
  (void)bad;
}

}  // namespace
}  // namespace kasane
