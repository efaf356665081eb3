// Every folder under tests/fixtures/invalid/plugins/ is a plugin the loader
// must reject: expected_error.txt holds a fragment of the exact message and
// expected_code.txt (optional) the Status code name. Adding a case needs no C++.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "lua/plugin.h"
#include "util/text.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;

std::string ReadTrimmed(const fs::path& path) {
  std::string text;
  std::string error;
  if (!ReadFileLimited(path.string(), 1 << 16, &text, &error)) return {};
  return Trim(text);
}

TEST(InvalidPluginFixturesTest, EveryCaseIsRejectedWithItsMessage) {
  fs::path root = fs::path(KASANE_SOURCE_DIR) / "tests" / "fixtures" / "invalid" / "plugins";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 15u) << "fixtures missing under " << root;

  for (const fs::path& dir : cases) {
    const std::string name = dir.filename().string();
    SCOPED_TRACE(name);
    std::string expected = ReadTrimmed(dir / "expected_error.txt");
    ASSERT_FALSE(expected.empty()) << name << ": expected_error.txt is missing or empty";
    auto loaded = Plugin::LoadFromDir(dir.string(), name);
    ASSERT_FALSE(loaded.ok()) << name << " was accepted";
    EXPECT_NE(loaded.status().message().find(expected), std::string::npos)
        << name << "\n  got:      " << loaded.status().message() << "\n  expected: " << expected;
    std::string code_name = ReadTrimmed(dir / "expected_code.txt");
    if (!code_name.empty()) {
      Status::Code code;
      ASSERT_TRUE(Status::ParseCodeName(code_name, &code)) << name << ": unknown code " << code_name;
      EXPECT_EQ(loaded.status().code(), code) << name << ": " << loaded.status().ToString();
    }
  }
}

}  // namespace
}  // namespace kasane
