// Module state does not outlive a call: every attempt to carry data from one
// call (one case) to the next, attacked.
#include <gtest/gtest.h>

#include <ctime>

#include "lua/testing.h"
#include "lua_test_util.h"

namespace kasane {
namespace {

using testing_lua::CallData;
using testing_lua::MustLoad;

// A plugin whose main chunk is `prelude`, with action `keep` and guard `tell`
// (which refuses with `tell` as the reason expression).
std::unique_ptr<Plugin> KeepAndTell(const std::string& prelude, const std::string& keep, const std::string& tell) {
  return MustLoad(prelude +
                  "\n"
                  "return { name = 'test', version = '1.0.0',\n"
                  "  actions = { keep = function(case, ctx) " +
                  keep +
                  " end },\n"
                  "  guards = { tell = function(case, ctx) return false, " +
                  tell + " end } }\n");
}

// Runs `keep` for case 7, then `tell` for case 8, and returns what `tell` saw.
std::string AcrossTwoCases(Plugin* plugin) {
  CallData data;
  ChangeSet changes;
  Status kept = plugin->CallAction(data.Make("keep"), &changes);
  EXPECT_TRUE(kept.ok()) << kept.ToString();
  PluginCall later = data.Make("tell");
  later.case_id = 8;
  auto verdict = plugin->CallGuard(later);
  EXPECT_TRUE(verdict.ok()) << verdict.status().ToString();
  return verdict.ok() ? verdict->reason : "<error>";
}

TEST(ModuleStateTest, CaseDataInAModuleTableIsGoneInTheNextCall) {
  auto plugin = KeepAndTell("local seen = {}", "seen[#seen + 1] = case.data.name; seen.last = case.id",
                            "#seen .. ' ' .. tostring(seen[1]) .. ' ' .. tostring(seen.last)");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(AcrossTwoCases(plugin.get()), "0 nil nil");
}

TEST(ModuleStateTest, NestedModuleTablesAndMetatablesAreNewToo) {
  auto plugin = KeepAndTell(
      "local M = { cache = { by_case = {} } }\n"
      "local store = setmetatable({}, { __index = M.cache })",
      "M.cache.by_case[case.id] = case.data.name; getmetatable(store).__index = { leaked = case.data.name }",
      "tostring(next(M.cache.by_case)) .. ' ' .. tostring(store.leaked)");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(AcrossTwoCases(plugin.get()), "nil nil");
}

TEST(ModuleStateTest, AnUpvalueCounterStartsAgainInEveryCall) {
  auto plugin = KeepAndTell("local count = 0\nlocal last_name = nil", "count = count + 1; last_name = case.data.name",
                            "(function() count = count + 1 return tostring(count) end)() .. ' ' .. "
                            "tostring(last_name)");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(AcrossTwoCases(plugin.get()), "1 nil");
  CallData data;
  for (int i = 0; i < 3; ++i) {
    auto verdict = plugin->CallGuard(data.Make("tell"));
    ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
    EXPECT_EQ(verdict->reason, "1 nil");
  }
}

TEST(ModuleStateTest, ClosuresAndCoroutinesMadeInACallAreGone) {
  auto plugin = KeepAndTell("local hooks, gen = {}, nil",
                            "local name = case.data.name hooks.f = function() return name end "
                            "gen = coroutine.wrap(function() coroutine.yield(name) end)",
                            "tostring(hooks.f and hooks.f()) .. ' ' .. tostring(gen and gen())");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(AcrossTwoCases(plugin.get()), "nil nil");
}

TEST(ModuleStateTest, WithinOneCallModuleStateIsOrdinary) {
  // A module-level scratch table and counter work as usual during the call.
  auto plugin = MustLoad(
      "local memo, calls = {}, 0\n"
      "local function label(x) calls = calls + 1 memo[x] = memo[x] or ('#' .. x) return memo[x] end\n"
      "return { name = 'test', version = '1.0.0', guards = {\n"
      "  g = function() return false, label(1) .. label(1) .. label(2) .. ' ' .. calls end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  for (int i = 0; i < 2; ++i) {
    auto verdict = plugin->CallGuard(data.Make("g"));
    ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
    EXPECT_EQ(verdict->reason, "#1#1#2 3");
  }
}

TEST(ModuleStateTest, SharedTablesStayReadOnly) {
  // What does survive between calls cannot carry anything.
  for (const char* keep : {"ctx.config.leak = 1", "kasane.leak = 1", "_G.leak = 1", "leak = 1",
                           "getmetatable('').leak = 1", "setmetatable(ctx.config, {})"}) {
    auto plugin = KeepAndTell("", keep, "'unused'");
    ASSERT_NE(plugin, nullptr);
    CallData data;
    ChangeSet changes;
    Status s = plugin->CallAction(data.Make("keep"), &changes);
    EXPECT_EQ(s.code(), Status::Code::kPluginError) << keep << " -> " << s.ToString();
  }
}

TEST(ModuleStateTest, TheMainChunkRunsAgainQuietly) {
  auto plugin = KeepAndTell("kasane.log('loading')", "kasane.log('keeping')", "'told'");
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(PluginLogForTest(*plugin), std::vector<std::string>{"loading"});
  CallData data;
  ChangeSet changes;
  ASSERT_TRUE(plugin->CallAction(data.Make("keep"), &changes).ok());
  EXPECT_EQ(PluginLogForTest(*plugin), std::vector<std::string>{"keeping"});
}

TEST(ModuleStateTest, AMainChunkThatReturnsOtherFunctionsWhenRunAgainFailsTheCall) {
  // os.clock (the process's CPU time) is the chunk's only way to differ between runs.
  double limit = static_cast<double>(std::clock()) / CLOCKS_PER_SEC + 0.1;
  auto plugin = MustLoad(
      "local p = { name = 'test', version = '1.0.0', guards = {} }\n"
      "if os.clock() < " +
      std::to_string(limit) +
      " then p.guards.g = function() return true end\n"
      "else p.guards.other = function() return true end end\n"
      "return p\n");
  ASSERT_NE(plugin, nullptr);
  while (static_cast<double>(std::clock()) / CLOCKS_PER_SEC < limit + 0.05) {
  }
  CallData data;
  auto verdict = plugin->CallGuard(data.Make("g"));
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError);
  EXPECT_EQ(verdict.status().message(),
            "plugin 'test' guards.g: main chunk: this run returned no guards.g, unlike the run at load");
}

}  // namespace
}  // namespace kasane
