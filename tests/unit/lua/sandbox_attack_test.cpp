// Every sandbox rule, attacked: each test asserts the exact Status code, a
// message fragment, and that the plugin still works after the attack.
#include <gtest/gtest.h>

#include <chrono>

#include "lua/call_watchdog.h"
#include "lua/testing.h"
#include "lua_test_util.h"

namespace kasane {
namespace {

using testing_lua::CallData;
using testing_lua::ExpectStillUsable;
using testing_lua::GuardPlugin;
using testing_lua::MustLoad;

struct Attack {
  Status status;
  std::unique_ptr<Plugin> plugin;
};

// Loads GuardPlugin(body) and calls guard `g`.
Attack RunGuard(const std::string& body, const SandboxLimits& limits = {}) {
  Attack attack;
  attack.plugin = MustLoad(GuardPlugin(body), limits);
  if (attack.plugin == nullptr) {
    attack.status = Status::Internal("did not load");
    return attack;
  }
  CallData data;
  auto verdict = attack.plugin->CallGuard(data.Make("g"));
  attack.status =
      verdict.ok() ? (verdict->allow ? Status::OK() : Status::GuardDenied(verdict->reason)) : verdict.status();
  return attack;
}

void ExpectError(const std::string& body, Status::Code code, const std::string& fragment,
                 const SandboxLimits& limits = {}) {
  Attack attack = RunGuard(body, limits);
  EXPECT_EQ(attack.status.code(), code) << body << "\n-> " << attack.status.ToString();
  EXPECT_NE(attack.status.message().find(fragment), std::string::npos)
      << body << "\n-> " << attack.status.ToString() << "\nexpected fragment: " << fragment;
  if (attack.plugin != nullptr) ExpectStillUsable(attack.plugin.get());
}

const char* kTimeout = "plugin 'test' function 'guards.g' exceeded its CPU budget of 50 ms";
const char* kOutOfMemory = "plugin 'test' function 'guards.g' exceeded its memory limit of 32 MiB";

// ---- CPU ---------------------------------------------------------------------

TEST(SandboxCpuTest, InfiniteLoopStopsWithin100Milliseconds) {
  auto plugin = MustLoad(GuardPlugin("while true do end"));
  ASSERT_NE(plugin, nullptr);
  CallData data;
  auto start = std::chrono::steady_clock::now();
  auto verdict = plugin->CallGuard(data.Make("g"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().code(), Status::Code::kDeadlineExceeded);
  EXPECT_EQ(verdict.status().message(), kTimeout);
  EXPECT_LT(elapsed, std::chrono::milliseconds(100));
  EXPECT_GE(elapsed, std::chrono::milliseconds(50));
  ExpectStillUsable(plugin.get());
  // A second runaway call is stopped the same way: the budget is per call.
  EXPECT_EQ(plugin->CallGuard(data.Make("g")).status().code(), Status::Code::kDeadlineExceeded);
  ExpectStillUsable(plugin.get());
}

TEST(SandboxCpuTest, LoopInsidePcallIsNotSwallowed) {
  ExpectError("pcall(function() while true do end end) return true", Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, PcallInALoopIsNotSwallowed) {
  ExpectError("while true do pcall(function() while true do end end) end", Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, LoopInsideXpcallHandlerIsStopped) {
  ExpectError("xpcall(function() error('x') end, function() while true do end end) return true",
              Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, XpcallRetryLoopIsStopped) {
  ExpectError(
      "for i = 1, math.maxinteger do xpcall(function() while true do end end, function(e) return e end) end "
      "return true",
      Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, LoopInsideCoroutineIsStopped) {
  ExpectError("local co = coroutine.create(function() while true do end end) coroutine.resume(co) return true",
              Status::Code::kDeadlineExceeded, kTimeout);
  ExpectError("local f = coroutine.wrap(function() while true do end end) pcall(f) return true",
              Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, CloseHandlerOfAStoppedCoroutineNeverRunsUnbounded) {
  const std::string looping_close =
      "local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end";
  ExpectError("local co = coroutine.create(function() " + looping_close +
                  " end) coroutine.resume(co) coroutine.close(co) return true",
              Status::Code::kDeadlineExceeded, kTimeout);
  ExpectError("local f = coroutine.wrap(function() " + looping_close + " end) pcall(f) return true",
              Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, StoppedCoroutineDoesNotReachALaterCall) {
  auto plugin = MustLoad(
      "local co\n"
      "return { name = 'test', version = '1.0.0', guards = {\n"
      "  start = function() co = coroutine.create(function()\n"
      "    local x <close> = setmetatable({}, {__close = function() while true do end end})\n"
      "    while true do end end) coroutine.resume(co) return true end,\n"
      "  finish = function() if co == nil then return false, 'gone' end return coroutine.close(co) end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  EXPECT_EQ(plugin->CallGuard(data.Make("start")).status().code(), Status::Code::kDeadlineExceeded);
  auto start = std::chrono::steady_clock::now();
  auto verdict = plugin->CallGuard(data.Make("finish"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_FALSE(verdict->allow);
  EXPECT_EQ(verdict->reason, "gone");  // module state is new for every call
}

TEST(SandboxCpuTest, CoroutinesStillWorkNormally) {
  Attack attack = RunGuard(
      "local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) "
      "local closed = false "
      "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() closed = true "
      "end}) coroutine.yield() end) coroutine.resume(co) "
      "local ok = coroutine.close(co) "
      "local okx, err = pcall(coroutine.wrap(function() error('inner') end)) "
      "return gen() + gen() + gen() == 6 and ok and closed and not okx and err:find('inner') ~= nil");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxCpuTest, XpcallHandlerStillRunsForOrdinaryErrors) {
  Attack attack = RunGuard(
      "local ok, msg = xpcall(function() error('boom', 0) end, function(e) return 'handled: ' .. e end) "
      "return not ok and msg == 'handled: boom'");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxCpuTest, LoopInsideGsubCallbackIsStopped) {
  ExpectError("string.gsub('abc', '.', function() while true do end end) return true", Status::Code::kDeadlineExceeded,
              kTimeout);
}

TEST(SandboxCpuTest, LoopInsideSortComparatorIsStopped) {
  ExpectError("table.sort({3, 2, 1}, function(a, b) while true do end end) return true",
              Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, LoopInsideCloseHandlerIsStopped) {
  ExpectError("do local x <close> = setmetatable({}, {__close = function() while true do end end}) end return true",
              Status::Code::kDeadlineExceeded, kTimeout);
}

TEST(SandboxCpuTest, CFunctionCallbacksAreCountedToo) {
  // Called directly from gsub's C loop, math.type would run 4M times before
  // the count hook could fire; through the sandbox it is stopped in time.
  auto start = std::chrono::steady_clock::now();
  ExpectError("local s = string.rep('a', 1 << 22) s:gsub('a', math.type) return true", Status::Code::kDeadlineExceeded,
              kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

// Each iteration is a few instructions of much C work (an 8 MiB string built
// and hashed as a key): 60 of them never reach the count hook's next check,
// so only the watchdog stops the call (it would otherwise return true after
// most of a second).
TEST(SandboxCpuTest, LongInstructionsAreStoppedByTheWatchdog) {
  const uint64_t signals_before = CallWatchdog::Instance().signals_sent();
  ExpectError(
      "local b, t = string.rep(string.rep('x', 1024), 8 << 10), {} "
      "for i = 1, 60 do t[b .. i] = true t[b .. i] = nil end return true",
      Status::Code::kDeadlineExceeded, kTimeout);
  EXPECT_GT(CallWatchdog::Instance().signals_sent(), signals_before);
}

// Stopped within a few iterations of the deadline, not after the loop (1-2 s).
TEST(SandboxCpuTest, TheWatchdogFindsTheRunningCoroutine) {
  auto start = std::chrono::steady_clock::now();
  ExpectError(
      "local b = string.rep(string.rep('x', 1024), 8 << 10) "
      "local co = coroutine.create(function() local t = {} for i = 1, 60 do t[b .. i] = true t[b .. i] = nil end end) "
      "local ok = coroutine.resume(co) return true",
      Status::Code::kDeadlineExceeded, kTimeout);
  ExpectError(
      "local b = string.rep(string.rep('x', 1024), 8 << 10) "
      "local f = coroutine.wrap(function() local t = {} for i = 1, 60 do t[b .. i] = true t[b .. i] = nil end end) "
      "pcall(f) return true",
      Status::Code::kDeadlineExceeded, kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(800));
}

// C work a whole budget cannot pay for is refused before it starts, naming
// the function; each of these used to run for 0.3-10 s.
TEST(SandboxCpuTest, CWorkOverTheBudgetIsRefusedBeforeItStarts) {
  ExpectError("local s = string.rep('x', 1e9) return true", Status::Code::kPluginError,
              "string.rep: too costly for a 1-byte string (an estimated 8200 ms of work, more than the CPU budget of "
              "50 ms; see docs/plugins.md)");
  ExpectError("local t = {} for i = 1, 300000 do t[i] = (i * 7919) % 1000003 end table.sort(t) return true",
              Status::Code::kPluginError, "table.sort: too costly for 300000 elements");
  ExpectError("local b, t = string.rep('x', 1 << 20), {} for i = 1, 2000 do t[i] = b end table.sort(t) return true",
              Status::Code::kPluginError, "table.sort: too costly for 2000 elements");
  ExpectError("local s = string.rep(string.rep('a', 1024), 10 << 10) return s:upper() ~= nil", Status::Code::kPluginError,
              "string.upper: too costly for a 10485760-byte string");
  ExpectError("local s = string.rep(string.rep('a', 1024), 14 << 10) return utf8.len(s) > 0", Status::Code::kPluginError,
              "utf8.len: too costly");
  ExpectError("local s = string.rep('a', 3 << 19) return (s:gsub('a', 'bb')) ~= nil", Status::Code::kPluginError,
              "string.gsub: pattern too costly for a 1572864-byte subject");
  ExpectError("local s = string.rep('a', 30000) return s:find('a-b') == nil", Status::Code::kPluginError,
              "string.find: pattern too costly for a 30000-byte subject");
}

// Work the budget could pay for, but not what is left of it, ends the call as
// a time-out before it starts: a handful of calls each just under the
// budget no longer add up to seconds.
// Work the budget could pay for, but not what is left of it, ends the call as
// a time-out before it starts, so a handful of calls each just under the
// budget no longer add up to seconds. Each find is estimated at 30 ms and
// takes about 2 ms: the call stops once 20 ms have passed, well before its
// 50 ms deadline (nothing else could end it early).
TEST(SandboxCpuTest, CWorkPastTheDeadlineEndsTheCall) {
  for (const char* body : {"local s = string.rep('a', 2000) for i = 1, 200 do local _ = s:find('a-b') end return true",
                           "for i = 1, 200 do pcall(string.find, string.rep('a', 2000), 'a-b') end return true"}) {
    auto start = std::chrono::steady_clock::now();
    ExpectError(body, Status::Code::kDeadlineExceeded, kTimeout);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50)) << body;
  }
}

// utf8.codepoint and utf8.len are charged for the bytes they decode, not for
// the whole string.
TEST(SandboxCpuTest, Utf8FunctionsAreChargedForTheirRange) {
  Attack attack = RunGuard(
      "local s = string.rep(string.rep('a', 1024), 14 << 10) "
      "return utf8.codepoint(s, 5) == 97 and utf8.len(s, -10) == 10 and utf8.codepoint(s, -1) == 97");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxCpuTest, OrdinaryCWorkIsNotCharged) {
  Attack attack = RunGuard(
      "local t = {} for i = 1, 5000 do t[i] = tostring(5000 - i) end table.sort(t) "
      "local s = table.concat(t, ',') "
      "return #s > 0 and s:upper() == s and utf8.len(s) == #s and #string.rep('ab', 1000) == 2000 "
      "and select('#', s:gsub(',', ';')) == 2");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxCpuTest, CustomBudgetIsReported) {
  SandboxLimits limits;
  limits.cpu_millis = 10;
  Attack attack = RunGuard("while true do end", limits);
  EXPECT_EQ(attack.status.code(), Status::Code::kDeadlineExceeded);
  EXPECT_NE(attack.status.message().find("CPU budget of 10 ms"), std::string::npos) << attack.status.message();
}

// ---- Memory ------------------------------------------------------------------

TEST(SandboxMemoryTest, StringRepBombIsRefused) {
  ExpectError("local s = string.rep(string.rep('x', 1 << 20), 100) return true", Status::Code::kResourceExhausted,
              kOutOfMemory);
}

TEST(SandboxMemoryTest, DoublingConcatenationBombIsRefused) {
  ExpectError("local x = 'x' while true do x = x .. x end", Status::Code::kResourceExhausted, kOutOfMemory);
}

TEST(SandboxMemoryTest, TableGrowthBombIsRefused) {
  SandboxLimits limits;
  limits.memory_bytes = 4u << 20;
  limits.cpu_millis = 5000;  // memory, not time, must stop it
  ExpectError("local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i} end", Status::Code::kResourceExhausted,
              "plugin 'test' function 'guards.g' exceeded its memory limit of 4 MiB", limits);
}

TEST(SandboxMemoryTest, BombSwallowedByPcallIsStillReported) {
  ExpectError("local ok = pcall(string.rep, string.rep('x', 1 << 20), 100) return not ok",
              Status::Code::kResourceExhausted, kOutOfMemory);
}

TEST(SandboxMemoryTest, GarbageNearTheLimitIsNotAnError) {
  SandboxLimits limits;
  limits.memory_bytes = 4u << 20;
  limits.cpu_millis = 5000;
  Attack attack = RunGuard(
      "local s = string.rep('x', 500000) local n = 0 "
      "for i = 1, 40 do local t = s .. s .. i n = n + #t end return n > 0",
      limits);
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxMemoryTest, MemoryIsReleasedAfterABomb) {
  SandboxLimits limits;
  limits.cpu_millis = 5000;  // memory, not time, must stop it
  Attack attack = RunGuard("local keep = {} for i = 1, 1e9 do keep[i] = string.rep('x', 1000) .. i end", limits);
  ASSERT_EQ(attack.status.code(), Status::Code::kResourceExhausted) << attack.status.ToString();
  EXPECT_LT(attack.plugin->memory_in_use(), size_t{4} << 20);
  ExpectStillUsable(attack.plugin.get());
}

TEST(SandboxMemoryTest, EmptyStringRepeatedForeverReturnsAtOnce) {
  auto start = std::chrono::steady_clock::now();
  Attack attack = RunGuard("return string.rep('', math.maxinteger) == '' and ('').rep('', 1e15, '') == ''");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
}

// ---- Globals and read-only tables ------------------------------------------

TEST(SandboxGlobalsTest, WritingAGlobalIsRefused) {
  ExpectError("foo = 1 return true", Status::Code::kPluginError,
              "plugins/test/plugin.lua:3: plugin 'test': attempt to write global 'foo' (globals are read-only; use "
              "local)");
  ExpectError("_G.bar = 1 return true", Status::Code::kPluginError, "attempt to write global 'bar'");
  ExpectError("_ENV.baz = 1 return true", Status::Code::kPluginError, "attempt to write global 'baz'");
}

TEST(SandboxGlobalsTest, OverwritingABuiltinIsRefused) {
  ExpectError("pairs = nil return true", Status::Code::kPluginError, "attempt to write global 'pairs'");
}

TEST(SandboxGlobalsTest, GlobalsMetatableIsProtected) {
  ExpectError("setmetatable(_G, nil) return true", Status::Code::kPluginError, "cannot change a protected metatable");
  Attack attack = RunGuard("return getmetatable(_G) == 'read-only'");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxGlobalsTest, RawsetIsAbsent) {
  ExpectError("rawset(_G, 'foo', 1) return true", Status::Code::kPluginError, "global 'rawset'");
  ExpectError("rawset(string, 'upper', nil) return true", Status::Code::kPluginError, "global 'rawset'");
}

TEST(SandboxGlobalsTest, RawgetSeesOnlyTheEmptyView) {
  Attack attack = RunGuard(
      "return rawget(string, 'upper') == nil and rawget(_G, 'pairs') == nil and "
      "string.upper('a') == 'A' and rawlen(case.data.tags) == 0");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxGlobalsTest, LibraryTablesAreReadOnly) {
  ExpectError("string.upper = function() return 'pwned' end return true", Status::Code::kPluginError,
              "attempt to write 'upper' in read-only table 'string'");
  ExpectError("table.insert = nil return true", Status::Code::kPluginError, "read-only table 'table'");
  ExpectError("math.pi = 3 return true", Status::Code::kPluginError, "read-only table 'math'");
  ExpectError("os.time = nil return true", Status::Code::kPluginError, "read-only table 'os'");
  ExpectError("utf8.len = nil return true", Status::Code::kPluginError, "read-only table 'utf8'");
  ExpectError("setmetatable(string, {}) return true", Status::Code::kPluginError,
              "cannot change a protected metatable");
}

TEST(SandboxGlobalsTest, KasaneTableIsReadOnly) {
  ExpectError("kasane.now = function() return 'x' end return true", Status::Code::kPluginError,
              "attempt to write 'now' in read-only table 'kasane'");
}

TEST(SandboxGlobalsTest, CaseAndCtxAreReadOnly) {
  ExpectError("ctx.config.x = 1 return true", Status::Code::kPluginError, "read-only table 'ctx.config'");
  ExpectError("ctx.event = 'other' return true", Status::Code::kPluginError, "read-only table 'ctx'");
  ExpectError("ctx.set = nil return true", Status::Code::kPluginError, "read-only table 'ctx'");
  ExpectError("case.state = 'closed' return true", Status::Code::kPluginError, "read-only table 'case'");
  ExpectError("case.data.age = 1 return true", Status::Code::kPluginError,
              "attempt to write 'age' in read-only table 'case.data'");
  ExpectError("table.insert(case.data.tags, 'c') return true", Status::Code::kPluginError,
              "read-only table 'case.data'");
  ExpectError("ctx.payload.note = 'x' return true", Status::Code::kPluginError, "read-only table 'ctx.payload'");
}

// pairs() used to hand out the table behind a view as the iteration's state.
TEST(SandboxGlobalsTest, IterationHandsOutNoWritableTable) {
  ExpectError("local _, t = pairs(string) t.upper = nil return true", Status::Code::kPluginError,
              "attempt to write 'upper' in read-only table 'string'");
  ExpectError("local _, t = pairs(kasane) t.now = nil return true", Status::Code::kPluginError,
              "read-only table 'kasane'");
  ExpectError("local _, t = pairs(ctx) t.config = {} return true", Status::Code::kPluginError,
              "read-only table 'ctx'");
  ExpectError("local f, t, k = pairs(case.data) local _, v = f(t, k) t.name = 'x' return true",
              Status::Code::kPluginError, "read-only table 'case.data'");
  ExpectError("for k, v in pairs(case) do if type(v) == 'table' then v.x = 1 end end return true",
              Status::Code::kPluginError, "read-only table 'case.");
  ExpectError("for k, v in next, string do end local _, t = pairs(_G) t.string = nil return true",
              Status::Code::kPluginError, "attempt to write global 'string'");
  Attack attack = RunGuard("local _, t = pairs(string) return t == string and rawget(t, 'upper') == nil");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxGlobalsTest, ReadOnlyViewsStillReadLikeTables) {
  Attack attack = RunGuard(
      "local n = 0 for k, v in pairs(case.data) do n = n + 1 end "
      "local tags = {} for i, t in ipairs(case.data.tags) do tags[i] = t end "
      "return n == 3 and #case.data.tags == 2 and table.concat(case.data.tags, ',') == 'a,b' "
      "and tags[2] == 'b' and case.data.name == '山田'");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxGlobalsTest, StringMetatableIsProtected) {
  ExpectError("getmetatable('').__index.upper = nil return true", Status::Code::kPluginError,
              "attempt to index a nil value");
  ExpectError("getmetatable('').__index = {} return true", Status::Code::kPluginError,
              "attempt to index a string value");
  Attack attack = RunGuard("return getmetatable('') == 'read-only' and ('x'):upper() == 'X'");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxGlobalsTest, PrintGoesToTheBoundedLogNotStdout) {
  auto plugin = MustLoad(GuardPlugin("print('hello', 1, true, nil) kasane.log('second') return true"));
  ASSERT_NE(plugin, nullptr);
  CallData data;
  ::testing::internal::CaptureStdout();
  auto verdict = plugin->CallGuard(data.Make("g"));
  std::string out = ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_EQ(out, "");
  EXPECT_EQ(PluginLogForTest(*plugin), (std::vector<std::string>{"hello 1 true nil", "second"}));
}

// ---- Denied functions --------------------------------------------------------

TEST(SandboxDenyTest, DangerousNamesAreAbsent) {
  for (const char* name : {"io",        "debug",     "package",   "require",    "load",         "loadstring", "dofile",
                           "loadfile",  "rawset",    "setfenv",   "getfenv",    "warn",         "os.execute", "os.exit",
                           "os.getenv", "os.remove", "os.rename", "os.tmpname", "os.setlocale", "string.dump",
                           "math.randomseed"}) {
    Attack attack = RunGuard(std::string("return ") + name + " == nil");
    EXPECT_TRUE(attack.status.ok()) << name << " is reachable: " << attack.status.ToString();
  }
}

TEST(SandboxDenyTest, CallingThemFails) {
  ExpectError("os.execute('echo pwned') return true", Status::Code::kPluginError, "field 'execute'");
  ExpectError("io.open('/etc/passwd') return true", Status::Code::kPluginError, "global 'io'");
  ExpectError("debug.sethook() return true", Status::Code::kPluginError, "global 'debug'");
  ExpectError("load('return 1')() return true", Status::Code::kPluginError, "global 'load'");
  ExpectError("loadstring('return 1')() return true", Status::Code::kPluginError, "global 'loadstring'");
  ExpectError("dofile('/etc/passwd') return true", Status::Code::kPluginError, "global 'dofile'");
  ExpectError("require('os') return true", Status::Code::kPluginError, "global 'require'");
  ExpectError("package.loadlib('x', 'y') return true", Status::Code::kPluginError, "global 'package'");
  ExpectError("string.dump(function() end) return true", Status::Code::kPluginError, "field 'dump'");
  ExpectError("local f = ('').dump return f(function() end)", Status::Code::kPluginError, "call a nil value");
  ExpectError("os.getenv('HOME') return true", Status::Code::kPluginError, "field 'getenv'");
}

TEST(SandboxDenyTest, CollectgarbageOnlyCounts) {
  ExpectError("collectgarbage() return true", Status::Code::kPluginError,
              "collectgarbage: only collectgarbage(\"count\") is allowed");
  ExpectError("collectgarbage('stop') return true", Status::Code::kPluginError, "only collectgarbage(\"count\")");
  Attack attack = RunGuard("return collectgarbage('count') > 0");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxDenyTest, FinalizersAreRefused) {
  ExpectError("setmetatable({}, {__gc = function() while true do end end}) return true", Status::Code::kPluginError,
              "__gc metamethods are not allowed");
}

TEST(SandboxDenyTest, BytecodeIsRefused) {
  std::string bytecode = CompileToBytecodeForTest(
      "return { name = 'test', version = '1.0.0', guards = { ok = function() return true end } }");
  ASSERT_FALSE(bytecode.empty());
  auto loaded = Plugin::LoadFromSource(bytecode, testing_lua::kChunk);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(loaded.status().message(),
            "plugins/test/plugin.lua: precompiled Lua (bytecode) is refused; plugins are loaded as source text only");
}

// ---- C functions that could run unbounded -----------------------------------

TEST(SandboxPatternTest, PathologicalPatternIsRefused) {
  const char* fragment = "string.find: pattern too costly for a 40-byte subject";
  ExpectError("return string.find(string.rep('a', 40), string.rep('a*', 40) .. 'b') == nil", Status::Code::kPluginError,
              fragment);
  ExpectError("local s = string.rep('a', 40) return s:match(string.rep('a-', 40) .. 'b') == nil",
              Status::Code::kPluginError, "string.match: pattern too costly");
  ExpectError("for m in string.rep('a', 64):gmatch(string.rep('a?', 40)) do end return true",
              Status::Code::kPluginError, "string.gmatch: pattern too costly");
  ExpectError("return (string.rep('(', 1e6):gsub('%b()', '')) ~= nil", Status::Code::kPluginError,
              "string.gsub: pattern too costly");
  ExpectError("local s = string.rep('a', 1 << 20) return s:find(string.rep('a', 2000) .. 'b', 1, true) == nil",
              Status::Code::kPluginError, "string.find: pattern too costly");
}

TEST(SandboxPatternTest, OrdinaryPatternsStillWork) {
  Attack attack = RunGuard(
      "local words = {} for w in ('a bb ccc'):gmatch('%a+') do words[#words + 1] = w end "
      "local trimmed = ('  ' .. string.rep('あ', 2000) .. '  '):match('^%s*(.-)%s*$') "
      "return #words == 3 and trimmed == string.rep('あ', 2000) and ('x-y'):find('-', 1, true) == 2 "
      "and ('2024-04-01'):match('^(%d+)-(%d+)-(%d+)$') == '2024' and ('a,b'):gsub(',', ';') == 'a;b'");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

TEST(SandboxTableTest, UnboundedTableLoopsAreRefused) {
  ExpectError("table.move({}, 1, math.maxinteger - 1, 1, {}) return true", Status::Code::kPluginError,
              "table.move: range 1..");
  ExpectError("local t = setmetatable({}, {__len = function() return 1e15 end}) table.insert(t, 1, 'x') return true",
              Status::Code::kPluginError, "table.insert: tables with an __len metamethod are not accepted");
  ExpectError("table.concat(setmetatable({}, {__index = rawlen}), '', 1, 1e15) return true", Status::Code::kPluginError,
              "table.concat: tables with an __index metamethod");
  // A constructor with explicit keys keeps them all in the hash part, where
  // keys 1, 2, 4, ..., 2^52 make #t a border near 2^52.
  std::string sparse = "{";
  for (int i = 0; i <= 52; ++i) sparse += "[" + std::to_string(int64_t{1} << i) + "] = true, ";
  sparse += "}";
  ExpectError("local t = " + sparse + " table.insert(t, 1, 'x') return true", Status::Code::kPluginError,
              "table.insert: table length 4503599627370496 is over the limit of 1048576 elements");
  ExpectError("return select('#', table.unpack({}, 1, 1e8)) > 0", Status::Code::kPluginError,
              "table.unpack: range 1..100000000");
  ExpectError("return ('x'):gsub('x', setmetatable({}, {__index = function() while true do end end}))",
              Status::Code::kPluginError, "replacement table must not have a metatable");
}

TEST(SandboxTableTest, OrdinaryTableUseStillWorks) {
  Attack attack = RunGuard(
      "local t = {3, 1, 2} table.sort(t) table.insert(t, 1, 0) table.remove(t) "
      "local u = table.move(t, 1, 3, 1, {}) local packed = table.pack(table.unpack(u)) "
      "return table.concat(u, ',') == '0,1,2' and packed.n == 3");
  EXPECT_TRUE(attack.status.ok()) << attack.status.ToString();
}

}  // namespace
}  // namespace kasane
