// The worked example of docs/workflow-language.md (section 14) is valid: the
// test loads the YAML blocks of that section exactly as printed.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "definition_test_util.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> YamlBlocksOfSection(const std::string& doc, const std::string& heading) {
  std::vector<std::string> blocks;
  size_t at = doc.find(heading);
  if (at == std::string::npos) return blocks;
  size_t end = doc.find("\n## ", at + heading.size());
  std::string section = doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
  for (size_t open = section.find("```yaml\n"); open != std::string::npos; open = section.find("```yaml\n", open)) {
    size_t body = open + 8;
    size_t close = section.find("```", body);
    blocks.push_back(section.substr(body, close - body));
    open = close + 3;
  }
  return blocks;
}

TEST(DocsExampleTest, WorkedExampleAndItsChildAreValid) {
  std::string doc = deftest::ReadAll(std::string(KASANE_SOURCE_DIR) + "/docs/workflow-language.md");
  auto blocks = YamlBlocksOfSection(doc, "## 14. A complete worked example");
  ASSERT_EQ(blocks.size(), 2u);
  fs::path dir = fs::temp_directory_path() / ("kasane_docs_example_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  deftest::WriteAll((dir / "minato.yaml").string(), blocks[0]);
  deftest::WriteAll((dir / "minato-kita.yaml").string(), blocks[1]);

  auto base = deftest::LoadFile((dir / "minato.yaml").string());
  EXPECT_TRUE(base.result.ok()) << (base.diags.empty() ? base.result.status().ToString() : base.diags[0].ToString());
  auto child = deftest::LoadFile((dir / "minato-kita.yaml").string());
  EXPECT_TRUE(child.result.ok()) << (child.diags.empty() ? child.result.status().ToString()
                                                          : child.diags[0].ToString());
  if (base.result.ok() && child.result.ok()) {
    EXPECT_EQ(base.result->definition->states.size(), 9u);
    auto accept = child.result->definition->TransitionsFor("referred", "accept");
    ASSERT_EQ(accept.size(), 1u);
    EXPECT_EQ(accept[0]->roles, (std::vector<std::string>{"takikan", "supervisor"}));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kasane
