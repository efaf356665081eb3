// Shared helpers for the engine/lua tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "calendar/business_calendar.h"
#include "lua/plugin.h"
#include "util/time.h"
#include "util/value.h"

namespace kasane::testing_lua {

inline constexpr const char* kChunk = "plugins/test/plugin.lua";

// A plugin named "test" whose guard `g` has `body` as its body (starting on
// line 3 of the chunk) and whose guard `ok` always allows.
inline std::string GuardPlugin(const std::string& body) {
  return "return { name = 'test', version = '1.0.0',\n"
         "  guards = { g = function(case, ctx)\n" +
         body +
         "\n  end,\n"
         "  ok = function() return true end } }\n";
}

// Same with an action `a` and a guard `ok`.
inline std::string ActionPlugin(const std::string& body) {
  return "return { name = 'test', version = '1.0.0',\n"
         "  actions = { a = function(case, ctx)\n" +
         body +
         "\n  end },\n"
         "  guards = { ok = function() return true end } }\n";
}

inline std::unique_ptr<Plugin> MustLoad(const std::string& source, const SandboxLimits& limits = {}) {
  auto loaded = Plugin::LoadFromSource(source, kChunk, limits);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? std::move(loaded).value() : nullptr;
}

inline Timestamp At(const char* text) {
  Timestamp t = 0;
  EXPECT_TRUE(ParseTimestamp(text, &t)) << text;
  return t;
}

// Owns everything a PluginCall points to.
struct CallData {
  Value data =
      Value(Object{{"name", Value("山田")}, {"age", Value(42)}, {"tags", Value(Array{Value("a"), Value("b")})}});
  Value payload = Value(Object{{"note", Value("memo")}});
  Value args = Value(Object{{"limit", Value(3)}});
  Value settings = Value(Object{{"meeting_name", Value("多機関協働推進会議")}});
  BusinessCalendar calendar;
  bool with_calendar = true;

  PluginCall Make(const std::string& function) const {
    PluginCall call;
    call.function = function;
    call.case_data = &data;
    call.case_id = 7;
    call.case_version = 3;
    call.case_state = "referred";
    call.workflow = "toyonaka";
    call.payload = &payload;
    call.args = &args;
    call.settings = &settings;
    call.event = "accept";
    call.from_state = "referred";
    call.to_state = "assessment";
    call.actor = "u1";
    call.actor_role = "secretariat";
    call.actor_agency = "chiiki_kyosei";
    call.now = At("2024-04-01T09:00:00+09:00");
    call.calendar = with_calendar ? &calendar : nullptr;
    return call;
  }
};

// Asserts that the always-allow guard still works (the plugin survived).
inline void ExpectStillUsable(Plugin* plugin) {
  CallData data;
  auto verdict = plugin->CallGuard(data.Make("ok"));
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->allow);
}

}  // namespace kasane::testing_lua
