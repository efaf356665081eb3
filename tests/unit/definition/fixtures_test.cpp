// Data-driven: every tests/fixtures/invalid/definitions/<name>.yaml (or
// <name>.generate) must fail to load with exactly the lines of <name>.expected.
// In .expected files, {dir} stands for the directory of the loaded file and
// {fixtures} for tests/fixtures. A new case needs no C++.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "definition_test_util.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;
using deftest::Fixture;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> ExpectedLines(const fs::path& expected, const std::string& dir) {
  std::vector<std::string> lines;
  std::istringstream in(deftest::ReadAll(expected.string()));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    lines.push_back(Replace(Replace(line, "{dir}", dir), "{fixtures}", deftest::FixturesDir()));
  }
  return lines;
}

// <name>.generate holds "bytes: N": a YAML file of N bytes of comment lines.
fs::path Generate(const fs::path& spec, const fs::path& out_dir) {
  std::string text = deftest::ReadAll(spec.string());
  size_t at = text.find("\nbytes:");
  EXPECT_NE(at, std::string::npos) << spec;
  size_t bytes = std::stoul(text.substr(at + 7));
  std::string yaml;
  while (yaml.size() < bytes) yaml += "# padding padding padding padding padding padding padding\n";
  yaml.resize(bytes);
  fs::path out = out_dir / (spec.stem().string() + ".yaml");
  deftest::WriteAll(out.string(), yaml);
  return out;
}

TEST(InvalidFixturesTest, EachFailsWithItsExpectedDiagnostics) {
  const fs::path dir = Fixture("invalid/definitions");
  const fs::path tmp = fs::temp_directory_path() / ("kasane_def_fixtures_" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  int cases = 0;
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(dir)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  for (const fs::path& path : entries) {
    std::string ext = path.extension().string();
    if (ext != ".yaml" && ext != ".generate") continue;
    SCOPED_TRACE(path.filename().string());
    fs::path expected = path;
    expected.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected)) << "missing " << expected;
    fs::path file = ext == ".generate" ? Generate(path, tmp) : path;
    auto start = std::chrono::steady_clock::now();
    deftest::LoadOutcome out = deftest::LoadFile(file.string());
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(out.result.ok());
    EXPECT_EQ(out.lines(), ExpectedLines(expected, file.parent_path().string()));
    EXPECT_LT(elapsed, std::chrono::seconds(5));
    ++cases;
  }
  fs::remove_all(tmp);
  EXPECT_GE(cases, 25);
}

// Every class of bad definition the language reference lists has a fixture.
TEST(InvalidFixturesTest, CoversEveryErrorClass) {
  for (const char* name :
       {"syntax_error", "unknown_key", "unknown_key_did_you_mean", "undefined_state_in_from", "undefined_state_in_to",
        "unreachable_state", "dead_end_state", "no_initial_state", "final_with_outgoing", "undefined_role",
        "undefined_agency", "undefined_form", "undefined_field_in_requires", "undefined_plugin",
        "undefined_plugin_function", "plugin_config_schema", "duplicate_state_key", "duplicate_plugin_use",
        "bad_duration", "timer_without_transition", "alias_bomb", "deep_nesting", "extends_cycle_a",
        "extends_missing_base", "cannot_reach_final", "plugin_not_found", "plugin_fails_to_load", "wrong_type",
        "missing_required_key", "invalid_id", "duplicate_timer_id", "choice_without_choices",
        "records_without_fields", "unguarded_before_guarded", "field_type_conflict", "too_many_aliases",
        "meeting_undefined_form", "meeting_attendees_not_in_form", "meeting_attendees_not_records",
        "meeting_attendees_without_agency", "meeting_consent_undefined", "meeting_consent_not_boolean",
        "meeting_form_shared", "meeting_named_like_a_relation"}) {
    EXPECT_TRUE(fs::exists(Fixture(std::string("invalid/definitions/") + name + ".yaml"))) << name;
  }
  EXPECT_TRUE(fs::exists(Fixture("invalid/definitions/oversize.generate")));
}

}  // namespace
}  // namespace kasane
