// A call's result depends on the call only: the clock and math.random,
// attacked.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "lua_test_util.h"

namespace kasane {
namespace {

using testing_lua::At;
using testing_lua::CallData;
using testing_lua::GuardPlugin;
using testing_lua::MustLoad;

// Runs guard `g` (whose body returns false and a string) and returns the
// string.
std::string Reason(Plugin *plugin, const PluginCall &call) {
  auto verdict = plugin->CallGuard(call);
  EXPECT_TRUE(verdict.ok()) << verdict.status().ToString();
  return verdict.ok() ? verdict->reason : "<error: " + verdict.status().ToString() + ">";
}

std::string Reason(const std::string &body, const CallData &data = CallData()) {
  auto plugin = MustLoad(GuardPlugin(body));
  return plugin ? Reason(plugin.get(), data.Make("g")) : "<did not load>";
}

// Sets TZ for the scope, so a result that follows the server's zone shows.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char *tz) {
    const char *old = std::getenv("TZ");
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (had_) {
      setenv("TZ", old_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  bool had_ = false;
  std::string old_;
};

// ---- Clock
// -------------------------------------------------------------------

TEST(DeterminismClockTest, OsTimeIsTheEventTime) {
  CallData data;
  auto plugin = MustLoad(GuardPlugin("return false, tostring(os.time()) .. ' ' .. tostring(os.time(nil))"));
  ASSERT_NE(plugin, nullptr);
  PluginCall call = data.Make("g");
  EXPECT_EQ(Reason(plugin.get(), call), std::to_string(call.now) + " " + std::to_string(call.now));
  call.now = At("2031-12-31T23:59:59+09:00");
  EXPECT_EQ(Reason(plugin.get(), call), std::to_string(call.now) + " " + std::to_string(call.now));
}

TEST(DeterminismClockTest, OsDateShowsTheEventTimeInJstWhateverTheServerZone) {
  ScopedTimeZone zone("America/New_York");
  EXPECT_EQ(Reason("return false, os.date('%Y-%m-%d %H:%M:%S %z %Z|%%z|%Ey')"), "2024-04-01 09:00:00 +0900 JST|%z|24");
  EXPECT_EQ(Reason("return false, os.date()"), "Mon Apr  1 09:00:00 2024");
  EXPECT_EQ(Reason("return false, os.date('!%Y-%m-%dT%H:%M:%S')"), "2024-04-01T00:00:00");
  EXPECT_EQ(Reason("local t = os.date('*t') "
                   "return false, ('%d-%d-%d %d:%d:%d wday=%d yday=%d "
                   "%s'):format(t.year, t.month, t.day, t.hour, "
                   "t.min, t.sec, t.wday, t.yday, tostring(t.isdst))"),
            "2024-4-1 9:0:0 wday=2 yday=92 false");
  EXPECT_EQ(Reason("return false, os.date('!*t').hour .. ''"), "0");
  // An explicit time is shown, not the event's.
  EXPECT_EQ(Reason("return false, os.date('%Y-%m-%d %H:%M', 0)"), "1970-01-01 09:00");
  EXPECT_EQ(Reason("local msg = select(2, pcall(os.date, '%Q')) "
                   "return false, tostring(msg:find(\"invalid conversion "
                   "specifier '%Q'\", 1, true) ~= nil)"),
            "true");
}

TEST(DeterminismClockTest, OsTimeConvertsATableAsJst) {
  ScopedTimeZone zone("Europe/London");
  CallData data;
  PluginCall call = data.Make("g");
  EXPECT_EQ(Reason("return false, tostring(os.time{year = 2024, month = 4, day "
                   "= 1, hour = 9} == os.time())"),
            "true");
  EXPECT_EQ(Reason("return false, tostring(os.time{year = 2024, month = 4, day = 1})"),
            std::to_string(At("2024-04-01T12:00:00+09:00")));  // hour defaults to 12, as in Lua
  // Out-of-range fields carry over, as in Lua.
  EXPECT_EQ(Reason("return false, os.date('%Y-%m-%d %H:%M:%S', os.time{year = "
                   "2024, month = 2, day = 30, hour = 24, "
                   "min = -1, sec = 60})"),
            "2024-03-02 00:00:00");
  EXPECT_EQ(Reason("return false, os.date('%Y-%m-%d', os.time{year = 2023, "
                   "month = 13, day = 0})"),
            "2023-12-31");
  EXPECT_EQ(Reason("return false, os.date('%Y-%m-%d', os.time{year = 2024, "
                   "month = -1, day = 1, isdst = true})"),
            "2023-11-01");
  EXPECT_EQ(Reason("return false, tostring(os.time{year = '2024', month = 4, "
                   "day = 1, hour = 9} == os.time())"),
            "true");
  for (const auto &[body, message] : std::vector<std::pair<std::string, std::string>>{
           {"os.time{year = 2024, month = 4}", "os.time: field 'day' missing in date table"},
           {"os.time{year = 2024, month = 4, day = 1.5}", "os.time: field 'day' is not an integer"},
           {"os.time{year = 2024, month = 4, day = {}}", "os.time: field 'day' is not an integer"},
           {"os.time{year = 1 << 40, month = 4, day = 1}", "os.time: field 'year' is out-of-bound"},
           {"os.time(42)", "bad argument #1 to 'time' (table expected, got number)"},
           {"os.time(ctx.args)", "os.time: field 'year' missing in date table"},
       }) {
    auto plugin = MustLoad(GuardPlugin(body + " return true"));
    ASSERT_NE(plugin, nullptr);
    auto verdict = plugin->CallGuard(call);
    ASSERT_FALSE(verdict.ok()) << body;
    EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError) << body;
    EXPECT_NE(verdict.status().message().find(message), std::string::npos)
        << body << "\n-> " << verdict.status().ToString();
  }
}

TEST(DeterminismClockTest, TheMainChunkHasNoClock) {
  for (const char *source : {"local t = os.time() return {}", "local d = os.date('%Y') return {}"}) {
    auto loaded = Plugin::LoadFromSource(source, testing_lua::kChunk);
    ASSERT_FALSE(loaded.ok()) << source;
    EXPECT_EQ(loaded.status().code(), Status::Code::kPluginError) << source;
    EXPECT_NE(loaded.status().message().find("the time is only available while a guard or action runs "
                                             "(the main chunk has no event)"),
              std::string::npos)
        << loaded.status().message();
  }
  // Converting dates needs no clock.
  auto plugin = MustLoad(
      "local start = os.time{year = 2024, month = 4, day = 1, hour = 0}\n"
      "local label = os.date('%Y年%m月%d日', start)\n"
      "return { name = 'test', version = '1.0.0', guards = {\n"
      "  g = function() return false, label .. ' ' .. os.difftime(os.time(), "
      "start) end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  EXPECT_EQ(Reason(plugin.get(), data.Make("g")), "2024年04月01日 32400.0");
}

// ---- math.random
// -------------------------------------------------------------

const char *kDraws =
    "local out = {} for i = 1, 4 do out[i] = math.random(1, 1000000000) end "
    "out[5] = ('%.17g'):format(math.random()) return false, table.concat(out, "
    "' ')";

TEST(DeterminismRandomTest, SameCaseAndEventGiveTheSameSequence) {
  CallData data;
  auto plugin = MustLoad(GuardPlugin(kDraws));
  auto again = MustLoad(GuardPlugin(kDraws));
  ASSERT_NE(plugin, nullptr);
  ASSERT_NE(again, nullptr);
  std::string first = Reason(plugin.get(), data.Make("g"));
  EXPECT_EQ(Reason(plugin.get(), data.Make("g")), first) << "a second call draws the same numbers";
  EXPECT_EQ(Reason(again.get(), data.Make("g")), first) << "another load of the plugin draws the same numbers";
  // Drawing in the main chunk or in an earlier call changes nothing.
  auto drawing = MustLoad("local x = math.random()\n" + GuardPlugin(kDraws));
  ASSERT_NE(drawing, nullptr);
  EXPECT_EQ(Reason(drawing.get(), data.Make("g")), first);
}

TEST(DeterminismRandomTest, ADifferentCaseVersionOrEventGivesAnotherSequence) {
  CallData data;
  auto plugin = MustLoad(GuardPlugin(kDraws));
  ASSERT_NE(plugin, nullptr);
  PluginCall call = data.Make("g");
  std::string base = Reason(plugin.get(), call);
  PluginCall other_case = call;
  other_case.case_id = 8;
  PluginCall other_version = call;
  other_version.case_version = 4;
  PluginCall other_event = call;
  other_event.event = "refer";
  std::string a = Reason(plugin.get(), other_case);
  std::string b = Reason(plugin.get(), other_version);
  std::string c = Reason(plugin.get(), other_event);
  EXPECT_NE(a, base);
  EXPECT_NE(b, base);
  EXPECT_NE(c, base);
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(b, c);
  EXPECT_EQ(Reason(plugin.get(), other_case), a);
}

TEST(DeterminismRandomTest, PluginsCannotReseed) {
  EXPECT_EQ(Reason("return false, tostring(math.randomseed)"), "nil");
  auto plugin = MustLoad(GuardPlugin("math.randomseed(42) return true"));
  ASSERT_NE(plugin, nullptr);
  CallData data;
  auto verdict = plugin->CallGuard(data.Make("g"));
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError);
  EXPECT_NE(verdict.status().message().find("attempt to call a nil value (field 'randomseed')"), std::string::npos)
      << verdict.status().message();
}

}  // namespace
}  // namespace kasane
