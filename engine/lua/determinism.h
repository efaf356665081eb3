// What makes a plugin call repeatable: the clock and the random numbers.
//
// Clock: `os.time()` and `os.date(fmt)` read PluginCall::now, the time of the
// event the engine gives the call, never the server's clock. `os.date` shows
// it in JST (Asia/Tokyo, UTC+9, no daylight saving) like kasane.now(); a
// format starting with "!" shows it in UTC. `os.time{year=, month=, day=,
// hour=, min=, sec=}` reads the table as a JST date-time (isdst is ignored)
// and leaves the table as it is. Outside a guard or action (the main chunk)
// there is no event, so os.time() and os.date() without a time raise.
//
// Random: before each guard or action the engine seeds math.random with
// RandomSeed(call), a hash of the case id, the case version and the event;
// the main chunk always runs with kMainChunkRandomSeed. math.randomseed is
// not available to plugins.
#pragma once

#include <cstdint>

#include "lua/plugin.h"

struct lua_State;

namespace kasane {

inline constexpr int64_t kMainChunkRandomSeed = 0;

// The seed of math.random for `call`: same (case id, case version, event),
// same sequence.
int64_t RandomSeed(const PluginCall &call);

// The sandbox's os.time. Upvalue 1 is Lua's os.time (unused).
int DeterministicOsTime(lua_State *L);
// The sandbox's os.date. Upvalue 1 is Lua's os.date, which it calls with a
// "!" format and an explicit time, so Lua never reads the clock or the zone.
int DeterministicOsDate(lua_State *L);

}  // namespace kasane
