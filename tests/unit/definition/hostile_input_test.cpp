// Hostile YAML is refused with a specific diagnostic, quickly, and never
// crashes or hangs (run these under ASan: KASANE_SANITIZE=ON).
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "definition/yaml_prescan.h"
#include "definition_test_util.h"

namespace kasane {
namespace {

using Clock = std::chrono::steady_clock;

// Loads `text` as x.yaml; returns the diagnostic lines.
std::vector<std::string> Load(const std::string& text, Clock::duration* took = nullptr) {
  auto start = Clock::now();
  auto out = deftest::LoadText("x.yaml", text);
  if (took) *took = Clock::now() - start;
  EXPECT_FALSE(out.result.ok());
  return out.lines();
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HostileInputTest, BillionLaughsIsRefusedBeforeExpansion) {
  std::string text = "workflow: x\ntitle: t\nsettings:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string name(1, c);
    text += "  " + name + ": &" + name + " [" + Repeat("*" + prev + ", ", 8) + "*" + prev + "]\n";
    prev = name;
  }
  Clock::duration took{};
  EXPECT_EQ(Load(text, &took),
            std::vector<std::string>{"x.yaml:9:10: error: alias expansion too large (more than 100000 nodes)"});
  EXPECT_LT(took, std::chrono::seconds(1));
}

TEST(HostileInputTest, RecursiveAliasIsRefused) {
  EXPECT_EQ(Load("workflow: x\nsettings: &a { self: *a }\n"),
            std::vector<std::string>{"x.yaml:2:22: error: an alias cannot refer to a node that contains it"});
  EXPECT_EQ(Load("&a [*a]\n"),
            std::vector<std::string>{"x.yaml:1:5: error: an alias cannot refer to a node that contains it"});
}

TEST(HostileInputTest, TooManyAliases) {
  std::string text = "workflow: x\nsettings:\n  v: &v 1\n  l: [" + Repeat("*v, ", 100) + "*v]\n";
  EXPECT_EQ(Load(text), std::vector<std::string>{"x.yaml:4:407: error: more than 100 aliases"});
}

TEST(HostileInputTest, HundredThousandLevelsOfFlowNesting) {
  Clock::duration took{};
  EXPECT_EQ(Load(std::string(100000, '['), &took),
            std::vector<std::string>{"x.yaml:1:17: error: nesting deeper than 32 levels"});  // yaml-cpp reads
  EXPECT_LT(took, std::chrono::seconds(1));  // each unclosed '[' as a list holding a one-pair map: two levels
  EXPECT_EQ(Load(Repeat("{a: ", 100000)),
            std::vector<std::string>{"x.yaml:1:125: error: nesting deeper than 32 levels"});
  EXPECT_EQ(Load(Repeat("- ", 100000) + "x"),
            std::vector<std::string>{"x.yaml:1:65: error: nesting deeper than 32 levels"});
}

// Without our limit, yaml-cpp's own depth guard (500 levels) still stops the
// parser before the stack runs out, also under ASan.
TEST(HostileInputTest, YamlCppDepthGuardHoldsWhenOursIsLifted) {
  LoaderOptions options = deftest::TestOptions();
  options.max_depth = 1000000;
  auto out = deftest::LoadText("x.yaml", std::string(100000, '[') + std::string(100000, ']'), options);
  EXPECT_FALSE(out.result.ok());
  ASSERT_EQ(out.diags.size(), 1u);
  EXPECT_NE(out.diags[0].message.find("invalid YAML"), std::string::npos) << out.diags[0].ToString();
}

TEST(HostileInputTest, DeepBlockNesting) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += std::string(static_cast<size_t>(i), ' ') + "a:\n";
  EXPECT_EQ(Load(text), std::vector<std::string>{"x.yaml:33:33: error: nesting deeper than 32 levels"});
}

TEST(HostileInputTest, OversizeTextAndFile) {
  std::string big(2u << 20, '#');
  Clock::duration took{};
  EXPECT_EQ(Load(big, &took),
            std::vector<std::string>{"x.yaml:1:1: error: file is 2097152 bytes, over the limit of 1048576"});
  EXPECT_LT(took, std::chrono::seconds(1));
}

// Positions are counted in characters; a megabyte on one line must not make
// that quadratic.
TEST(HostileInputTest, LongSingleLineStaysFast) {
  std::string text = "workflow: x\ntitle: 長い一行\nsettings: {";
  for (int i = 0; i < 50000; ++i) text += "k" + std::to_string(i) + ": 値, ";
  text += "last: [あ, い]}\n";
  Clock::duration took{};
  auto lines = Load(text, &took);
  EXPECT_EQ(lines.front(), "x.yaml:1:1: error: missing required key 'states' at the top level");
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST(HostileInputTest, TooManyNodes) {
  std::string text = "[" + Repeat("1,", 200000) + "1]";
  EXPECT_EQ(Load(text), std::vector<std::string>{"x.yaml:1:400000: error: more than 200000 nodes"});
}

TEST(HostileInputTest, ControlCharactersAndInvalidUtf8) {
  EXPECT_EQ(Load(std::string("workflow: x\ntitle: a\0b\n", 22)),
            std::vector<std::string>{"x.yaml:2:9: error: control character 0x00 is not allowed"});
  EXPECT_EQ(Load("workflow: x\ntitle: \xe3\x81\n"),
            std::vector<std::string>{"x.yaml:2:8: error: the file is not valid UTF-8"});
  EXPECT_EQ(Load("title: \xed\xa0\x80\n"), std::vector<std::string>{"x.yaml:1:8: error: the file is not valid UTF-8"});
}

TEST(HostileInputTest, KeysThatAreNotStrings) {
  auto lines = Load("workflow: x\n? [a]\n: 1\n~: 2\n");
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "x.yaml:1:1: error: missing required key 'title' at the top level",
                       "x.yaml:1:1: error: missing required key 'states' at the top level",
                       "x.yaml:1:1: error: missing required key 'transitions' at the top level",
                       "x.yaml:2:3: error: a mapping key must be a string, not a map or list",
                       "x.yaml:4:1: error: a mapping key must be a string, got null",
                   }));
}

TEST(HostileInputTest, DuplicateKeysAnywhere) {
  auto lines = Load("workflow: x\nsettings: { a: 1, b: { c: 1, c: 2 }, a: 3 }\nworkflow: y\n");
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[2], "x.yaml:1:1: error: missing required key 'transitions' at the top level");
  lines.erase(lines.begin(), lines.begin() + 3);
  EXPECT_EQ(lines[0], "x.yaml:2:30: error: duplicate key 'c' (first defined at 2:24)");
  EXPECT_EQ(lines[1], "x.yaml:2:38: error: duplicate key 'a' (first defined at 2:13)");
  EXPECT_EQ(lines[2], "x.yaml:3:1: error: duplicate key 'workflow' (first defined at 1:1)");
}

TEST(HostileInputTest, EmptyAndNonMapDocuments) {
  EXPECT_EQ(Load(""), std::vector<std::string>{
                          "x.yaml:1:1: error: the file is empty; a definition needs 'workflow', 'title', 'states' "
                          "and 'transitions'"});
  EXPECT_EQ(Load("# only a comment\n"), Load(""));
  EXPECT_EQ(Load("- a\n- b\n"),
            std::vector<std::string>{"x.yaml:1:1: error: the definition must be a map, got a list"});
  EXPECT_EQ(Load("just text"),
            std::vector<std::string>{"x.yaml:1:1: error: the definition must be a map, got 'just text'"});
}

// Random bytes, random printable YAML-ish noise, and mutations and
// truncations of a valid definition: every outcome is a clean result.
TEST(HostileInputTest, FuzzNeverCrashes) {
  const std::string valid = deftest::ReadAll(deftest::Fixture("valid/full.yaml"));
  ASSERT_FALSE(valid.empty());
  std::mt19937 rng(20240426);
  const std::string alphabet = "{}[]:,-?&*!|>'\"#%@` \n\tabc019~.";
  auto start = Clock::now();
  for (int i = 0; i < 600; ++i) {
    std::string text;
    size_t len = rng() % 300;
    switch (i % 4) {
      case 0:
        for (size_t k = 0; k < len; ++k) text.push_back(static_cast<char>(rng() % 256));
        break;
      case 1:
        for (size_t k = 0; k < len; ++k) text.push_back(alphabet[rng() % alphabet.size()]);
        break;
      case 2:
        text = valid;
        for (int k = 0; k < 5; ++k) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
        break;
      default:
        text = valid.substr(0, rng() % valid.size());
        break;
    }
    std::vector<Diagnostic> diags;
    auto sources = CollectSourcesFromText("fuzz.yaml", text, deftest::TestOptions(), &diags);
    ASSERT_TRUE(sources.ok());
    auto loaded = LoadFromSources(*sources, deftest::TestOptions(), &diags);
    // Success means no diagnostics; failure means at least one, each printable.
    EXPECT_EQ(loaded.ok(), diags.empty()) << i;
    for (const Diagnostic& d : diags) {
      EXPECT_FALSE(d.message.empty());
      for (char c : d.message) EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20) << d.ToString();
    }
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(60));
}

TEST(PrescanTest, LimitsAreConfigurable) {
  YamlLimits limits;
  limits.max_depth = 2;
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(PrescanYaml("a: [1]", "f", limits, &diags));
  EXPECT_FALSE(PrescanYaml("a: [[1]]", "f", limits, &diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].ToString(), "f:1:5: error: nesting deeper than 2 levels");
  limits = YamlLimits();
  limits.max_bytes = 4;
  diags.clear();
  EXPECT_FALSE(PrescanYaml("a: 12", "f", limits, &diags));
  EXPECT_EQ(diags[0].message, "file is 5 bytes, over the limit of 4");
}

TEST(PrescanTest, AliasesWithinLimitsAreFine) {
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(PrescanYaml("a: &x [1, 2]\nb: *x\nc: *x\n", "f", YamlLimits(), &diags));
  EXPECT_TRUE(diags.empty());
}

}  // namespace
}  // namespace kasane
