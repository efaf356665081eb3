// Loading plugins: what a good plugin yields, and the precise rejection of
// every kind of bad one.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "lua/testing.h"
#include "lua_test_util.h"
#include "util/text.h"

namespace kasane {
namespace {

using testing_lua::CallData;
using testing_lua::kChunk;
using testing_lua::MustLoad;

const char* kConsent =
    "-- consent: checks and records the person's consent\n"
    "local function recorded(case) return case.data.consent_share == true end\n"
    "return {\n"
    "  name = 'consent', version = '1.2.0',\n"
    "  description = { ja = '本人同意', en = 'Consent' },\n"
    "  config = { required_for = { type = 'list', items = { type = 'string' }, default = { 'jusou_kaigi' },\n"
    "                              description = 'events that need consent' } },\n"
    "  guards = { given = function(case, ctx) return recorded(case), '本人同意が記録されていません' end },\n"
    "  actions = { record = function(case, ctx) ctx:set('consent_at', ctx.now) end,\n"
    "              clear = function(case, ctx) ctx:set('consent_at', nil) end },\n"
    "}\n";

Status LoadError(const std::string& source, const std::string& chunk = kChunk, const SandboxLimits& limits = {}) {
  auto loaded = Plugin::LoadFromSource(source, chunk, limits);
  return loaded.ok() ? Status::OK() : loaded.status();
}

TEST(PluginLoadTest, GoodPluginDescribesItself) {
  auto loaded = Plugin::LoadFromSource(kConsent, "plugins/consent/plugin.lua");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const PluginInfo& info = (*loaded)->info();
  EXPECT_EQ(info.name, "consent");
  EXPECT_EQ(info.version, "1.2.0");
  EXPECT_EQ(info.description.ja, "本人同意");
  EXPECT_EQ(info.description.en, "Consent");
  EXPECT_EQ(info.guards, std::vector<std::string>{"given"});
  EXPECT_EQ(info.actions, (std::vector<std::string>{"clear", "record"}));
  EXPECT_EQ(info.source_path, "plugins/consent/plugin.lua");
  EXPECT_EQ(info.config_schema.ToJson(),
            R"({"required_for":{"default":["jusou_kaigi"],"description":"events that need consent",)"
            R"("items":{"type":"string"},"type":"list"}})");
  EXPECT_EQ((*loaded)->source(), kConsent);
}

TEST(PluginLoadTest, SourceWithoutFolderSkipsTheFolderCheck) {
  auto loaded = Plugin::LoadFromSource(kConsent, "inline.lua");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->info().name, "consent");
}

TEST(PluginLoadTest, LoadFromDirReadsPluginLua) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "kasane_lua_test" / "plugins" / "consent";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "plugin.lua") << kConsent;
  auto loaded = Plugin::LoadFromDir(dir.string() + "/", "consent");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->info().source_path, "plugins/consent/plugin.lua");
  CallData data;
  ChangeSet changes;
  ASSERT_TRUE((*loaded)->CallAction(data.Make("record"), &changes).ok());
  EXPECT_EQ(changes.data_patch.at("consent_at"), Value("2024-04-01T09:00:00+09:00"));

  auto other_name = Plugin::LoadFromDir(dir.string(), "routing");
  ASSERT_FALSE(other_name.ok());
  EXPECT_EQ(other_name.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(other_name.status().message(), "plugins/consent/plugin.lua: name 'consent' is not the expected 'routing'");

  auto missing = Plugin::LoadFromDir((dir.parent_path() / "nothing").string(), "nothing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kIOError);
  EXPECT_NE(missing.status().message().find("nothing/plugin.lua: cannot open file"), std::string::npos);
  std::filesystem::remove_all(dir.parent_path().parent_path());
}

TEST(PluginLoadTest, LaterChangesToThePluginTableChangeNothing) {
  auto plugin = MustLoad(
      "local p = { name = 'test', version = '1.0.0', guards = {} }\n"
      "p.guards.ok = function() return true end\n"
      "p.guards.swap = function() p.guards.ok = function() return false, 'swapped' end return true end\n"
      "return p\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  ASSERT_TRUE(plugin->CallGuard(data.Make("swap")).ok());
  auto verdict = plugin->CallGuard(data.Make("ok"));
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->allow);
}

TEST(PluginLoadTest, MainChunkMayLogButHasNoCall) {
  auto logs = Plugin::LoadFromSource(
      "kasane.log('loading') return { name = 'test', version = '1.0.0', guards = { ok = function() return true end } "
      "}",
      kChunk);
  ASSERT_TRUE(logs.ok()) << logs.status().ToString();
  EXPECT_EQ(PluginLogForTest(**logs), std::vector<std::string>{"loading"});

  Status now = LoadError("local t = kasane.now() return {}");
  EXPECT_EQ(now.code(), Status::Code::kPluginError);
  EXPECT_EQ(now.message(),
            "plugin 'test' main chunk: plugins/test/plugin.lua:1: kasane.now: only available while a guard or "
            "action runs");
}

// ---- Rejections ----------------------------------------------------------------

struct Rejection {
  const char* what;
  std::string source;
  Status::Code code;
  std::string message;  // exact
};

TEST(PluginLoadTest, RejectsEveryKindOfBadPlugin) {
  const std::string ok_guards = "guards = { ok = function() return true end }";
  std::vector<Rejection> cases = {
      {"syntax error", "return {\n  name = 'test'\n  version = '1.0.0' }", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua:3: '}' expected (to close '{' at line 1) near 'version'"},
      {"not a table", "return 'test'", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: the chunk must return the plugin table ({ name = ..., version = ..., guards = {...}, "
       "actions = {...} }), got string"},
      {"returns nothing", "local x = 1", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: the chunk must return the plugin table ({ name = ..., version = ..., guards = {...}, "
       "actions = {...} }), got nil"},
      {"missing name", "return { version = '1.0.0', " + ok_guards + " }", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: missing 'name'"},
      {"bad name", "return { name = 'Test Plugin', version = '1.0.0', " + ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: 'name' must match ^[a-z][a-z0-9_-]*$ (at most 64 characters), got 'Test Plugin'"},
      {"name is not a string", "return { name = 42, version = '1.0.0', " + ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: 'name' must match ^[a-z][a-z0-9_-]*$ (at most 64 characters), got integer"},
      {"name and folder differ", "return { name = 'other', version = '1.0.0', " + ok_guards + " }",
       Status::Code::kInvalidArgument, "plugins/test/plugin.lua: name 'other' does not match its folder 'test'"},
      {"bad version", "return { name = 'test', version = '1.0', " + ok_guards + " }", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: 'version' must be a semantic version x.y.z (e.g. \"1.0.0\"), got '1.0'"},
      {"missing version", "return { name = 'test', " + ok_guards + " }", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: missing 'version' (semantic version x.y.z, e.g. \"1.0.0\")"},
      {"unknown key", "return { name = 'test', version = '1.0.0', gaurds = {}, " + ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: unknown top-level key 'gaurds' (did you mean 'guards'?)"},
      {"guard not a function", "return { name = 'test', version = '1.0.0', guards = { given = true } }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: guards.given must be a function, got boolean; the plugin declares no guards and no "
       "actions"},
      {"guards not a table", "return { name = 'test', version = '1.0.0', guards = 'given' }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: 'guards' must be a table of functions, got string; the plugin declares no guards "
       "and no actions"},
      {"bad function name", "return { name = 'test', version = '1.0.0', actions = { ['do it'] = function() end } }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: actions: function names must be identifiers like check_consent, got 'do it'; the "
       "plugin declares no guards and no actions"},
      {"no functions", "return { name = 'test', version = '1.0.0' }", Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: the plugin declares no guards and no actions"},
      {"bad description", "return { name = 'test', version = '1.0.0', description = 7, " + ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: 'description' must be a string or { ja = \"...\", en = \"...\" }"},
      {"bad schema type",
       "return { name = 'test', version = '1.0.0', config = { on = { type = 'bool' } }, " + ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: config.on.type: unknown type 'bool' (expected one of string, integer, number, "
       "boolean, list, map, enum; did you mean 'boolean'?)"},
      {"default does not match",
       "return { name = 'test', version = '1.0.0', config = { n = { type = 'integer', default = 'five' } }, " +
           ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: config.n.default: default does not match the type: expected integer, got string"},
      {"several problems at once", "return { name = 'Bad', version = 1, " + ok_guards + " }",
       Status::Code::kInvalidArgument,
       "plugins/test/plugin.lua: 'name' must match ^[a-z][a-z0-9_-]*$ (at most 64 characters), got 'Bad'; "
       "'version' must be a semantic version x.y.z (e.g. \"1.0.0\"), got integer"},
      {"writes a global", "helper = function() end\nreturn {}", Status::Code::kPluginError,
       "plugin 'test' main chunk: plugins/test/plugin.lua:1: plugin 'test': attempt to write global 'helper' "
       "(globals are read-only; use local)"},
      {"raises", "\n\nerror('not ready')", Status::Code::kPluginError,
       "plugin 'test' main chunk: plugins/test/plugin.lua:3: not ready"},
      {"memory bomb", "local s = 'x' while true do s = s .. s end", Status::Code::kResourceExhausted,
       "plugins/test/plugin.lua: plugin 'test' function 'main chunk' exceeded its memory limit of 32 MiB"},
  };
  for (const Rejection& c : cases) {
    Status s = LoadError(c.source);
    EXPECT_EQ(s.code(), c.code) << c.what << ": " << s.ToString();
    EXPECT_EQ(s.message(), c.message) << c.what;
  }
}

TEST(PluginLoadTest, TopLevelInfiniteLoopIsStoppedInTime) {
  auto start = std::chrono::steady_clock::now();
  Status s = LoadError("while true do end");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_EQ(s.code(), Status::Code::kDeadlineExceeded);
  EXPECT_EQ(s.message(),
            "plugins/test/plugin.lua: plugin 'test' function 'main chunk' exceeded its CPU budget of 50 ms");
}

TEST(PluginLoadTest, BytecodeIsRefusedEvenWithoutTheSignatureCheck) {
  std::string bytecode = CompileToBytecodeForTest("return 1");
  ASSERT_GT(bytecode.size(), 4u);
  EXPECT_EQ(bytecode[0], '\x1b');
  Status s = LoadError(bytecode);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("bytecode"), std::string::npos);
  // Text that merely contains the signature later on is ordinary source.
  Status text = LoadError("return '\\27Lua'");
  EXPECT_NE(text.message().find("got string"), std::string::npos) << text.ToString();
}

TEST(PluginLoadTest, BadLimitsAreRefused) {
  SandboxLimits tiny;
  tiny.memory_bytes = 1024;
  Status s = LoadError("return {}", kChunk, tiny);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("sandbox memory limit must be at least"), std::string::npos);
  SandboxLimits no_time;
  no_time.cpu_millis = 0;
  EXPECT_EQ(LoadError("return {}", kChunk, no_time).code(), Status::Code::kInvalidArgument);
}

TEST(PluginLoadTest, OversizedSourceIsRefused) {
  std::string big = "return {} --" + std::string(size_t{1} << 20, 'x');
  Status s = LoadError(big);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("over the limit of 1048576 bytes"), std::string::npos);
}

// The complete example of docs/plugins.md loads and behaves as described.
TEST(PluginLoadTest, DocumentedExampleWorks) {
  std::string doc;
  std::string error;
  ASSERT_TRUE(ReadFileLimited(std::string(KASANE_SOURCE_DIR) + "/docs/plugins.md", 1 << 20, &doc, &error)) << error;
  size_t section = doc.find("## 11. A complete example");
  ASSERT_NE(section, std::string::npos);
  size_t begin = doc.find("```lua\n", section);
  ASSERT_NE(begin, std::string::npos);
  begin += 7;
  size_t end = doc.find("```", begin);
  ASSERT_NE(end, std::string::npos);
  auto loaded = Plugin::LoadFromSource(doc.substr(begin, end - begin), "plugins/consent/plugin.lua");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  Plugin& consent = **loaded;
  ASSERT_TRUE(
      consent.SetConfig(Value(Object{{"required_for", Value(Array{Value("accept")})}, {"reminder_days", Value(3)}}))
          .ok());

  CallData data;  // event "accept", no consent_share in the data
  auto refused = consent.CallGuard(data.Make("given"));
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_FALSE(refused->allow);
  EXPECT_EQ(refused->reason, "本人同意が記録されていません（他機関との情報共有には同意が必要です）");
  data.data["consent_share"] = Value(true);
  auto allowed = consent.CallGuard(data.Make("given"));
  ASSERT_TRUE(allowed.ok());
  EXPECT_TRUE(allowed->allow);

  ChangeSet changes;
  ASSERT_TRUE(consent.CallAction(data.Make("request"), &changes).ok());
  ASSERT_TRUE(consent.CallAction(data.Make("record"), &changes).ok());
  ASSERT_EQ(changes.tasks_created.size(), 1u);
  EXPECT_EQ(changes.tasks_created[0].agency, "chiiki_kyosei");
  EXPECT_EQ(*changes.tasks_created[0].due_at, testing_lua::At("2024-04-04"));  // 3 business days after 04-01
  ASSERT_EQ(changes.timers_scheduled.size(), 1u);
  EXPECT_EQ(changes.timers_scheduled[0].due_at, testing_lua::At("2024-04-04T09:00:00+09:00"));
  EXPECT_EQ(changes.data_patch.at("consent_at"), Value("2024-04-01T09:00:00+09:00"));
  EXPECT_EQ(changes.task_kinds_closed, std::vector<std::string>{"ask_consent"});
  EXPECT_EQ(changes.timers_cancelled, std::vector<std::string>{"consent_reminder"});
  ASSERT_EQ(changes.decisions.size(), 1u);
  EXPECT_EQ(changes.decisions[0].value.ToJson(), R"({"by":"u1","given":true})");
  EXPECT_EQ(changes.decisions[0].source, "consent.record");
}

TEST(PluginLoadTest, ASyntaxErrorNamesALongPathInFull) {
  // Lua itself would shorten this name to "...<the last 56 bytes>".
  const std::string chunk = "/srv/municipal/kasane/checkouts/a-rather-long-directory-name/plugins/broken/plugin.lua";
  Status s = LoadError("return { name = 'broken', version = '1.0.0' end", chunk);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(StartsWith(s.message(), chunk + ":1: ")) << s.message();
  EXPECT_EQ(s.message().find("..."), std::string::npos) << s.message();
}

TEST(PluginLoadTest, AnExponentiallySharedTableInThePluginTableIsRefusedBySize) {
  // 2^30 leaves once expanded, a few dozen tables in Lua.
  const std::string source =
      "local t = { 'x' }\n"
      "for i = 1, 30 do t = { t, t } end\n"
      "return { name = 'bomb', version = '1.0.0', description = { ja = 'x', en = t } }\n";
  Status s = LoadError(source);  // refused by size, long before the expansion
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("value too large"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace kasane
