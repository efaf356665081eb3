#include "lua/determinism.h"

#include <climits>

#include "lua/host_api.h"
#include "lua/lua_glue.h"
#include "lua/sandbox.h"
#include "util/time.h"

namespace kasane {
namespace {

// FNV-1a over the bytes given, then the splitmix64 finaliser for avalanche.
class SeedHash {
 public:
  void Add(const void *data, size_t n) {
    const auto *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < n; ++i) h_ = (h_ ^ p[i]) * 1099511628211ull;
  }
  // Little-endian, whatever the host: the seed is the same on every machine.
  void AddInt(int64_t v) {
    auto u = static_cast<uint64_t>(v);
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(u >> (8 * i));
    Add(bytes, sizeof bytes);
  }
  uint64_t Finish() const {
    uint64_t z = h_ + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t h_ = 14695981039346656037ull;
};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// The call's time. Raises outside a guard or action (rule 2: no C++ objects
// here).
lua_Integer CallNow(lua_State *L, const char *fn) {
  CallScope *scope = Sandbox::From(L)->scope();
  if (scope == nullptr || scope->call == nullptr)
    luaL_error(L,
               "%s: the time is only available while a guard or action runs "
               "(the main chunk has no event); "
               "os.time{year = ..., month = ..., day = ...} converts a date",
               fn);
  return static_cast<lua_Integer>(scope->call->now);
}

// t[key] of the date table at index 1, as Lua's os.time reads it: an integer
// (or a string holding one), `fallback` when absent (< 0: required).
lua_Integer DateField(lua_State *L, const char *key, lua_Integer fallback) {
  int type = lua_getfield(L, 1, key);
  int isnum = 0;
  lua_Integer v = lua_tointegerx(L, -1, &isnum);
  lua_pop(L, 1);
  if (isnum == 0) {
    if (type != LUA_TNIL) luaL_error(L, "os.time: field '%s' is not an integer", key);
    if (fallback < 0) luaL_error(L, "os.time: field '%s' missing in date table", key);
    return fallback;
  }
  if (v < INT_MIN || v > INT_MAX) luaL_error(L, "os.time: field '%s' is out-of-bound", key);
  return v;
}

}  // namespace

int64_t RandomSeed(const PluginCall &call) {
  static constexpr char kDomain[] = "kasane math.random";
  SeedHash h;
  h.Add(kDomain, sizeof kDomain);
  h.AddInt(call.case_id);
  h.AddInt(call.case_version);
  h.AddInt(static_cast<int64_t>(call.event.size()));
  h.Add(call.event.data(), call.event.size());
  return static_cast<int64_t>(h.Finish());
}

int DeterministicOsTime(lua_State *L) {
  if (lua_isnoneornil(L, 1)) {
    lua_pushinteger(L, CallNow(L, "os.time"));
    return 1;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  // Out-of-range fields carry over as in Lua (month 13 is January of the next
  // year, day 0 the last day of the month before); DaysFromCivil counts days
  // from the 1st of the normalised month.
  int64_t year = DateField(L, "year", -1);
  int64_t month0 = DateField(L, "month", -1) - 1;
  int64_t day = DateField(L, "day", -1);
  int64_t hour = DateField(L, "hour", 12);
  int64_t min = DateField(L, "min", 0);
  int64_t sec = DateField(L, "sec", 0);
  year += FloorDiv(month0, 12);
  if (year < INT_MIN || year > INT_MAX) return luaL_error(L, "os.time: field 'year' is out-of-bound");
  CivilDate first{static_cast<int>(year), static_cast<int>(month0 - FloorDiv(month0, 12) * 12 + 1), 1};
  int64_t days = DaysFromCivil(first) + day - 1;
  lua_pushinteger(L, static_cast<lua_Integer>(days * 86400 + hour * 3600 + min * 60 + sec - kJstOffsetSeconds));
  return 1;
}

int DeterministicOsDate(lua_State *L) {
  size_t len = 0;
  const char *fmt = luaL_optlstring(L, 1, "%c", &len);
  lua_Integer t = lua_isnoneornil(L, 2) ? CallNow(L, "os.date") : luaL_checkinteger(L, 2);
  bool utc = len > 0 && fmt[0] == '!';
  if (utc) {
    ++fmt;
    --len;
  } else {
    if (t > LUA_MAXINTEGER - kJstOffsetSeconds) return luaL_argerror(L, 2, "time out-of-bounds");
    t += kJstOffsetSeconds;  // JST shown as UTC: same fields, no daylight saving
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addchar(&b, '!');
  // Copy the format; in JST, %z and %Z (which would say UTC) become the zone's
  // offset and name.
  size_t i = 0;
  while (i < len) {
    if (fmt[i] != '%' || i + 1 == len) {
      luaL_addchar(&b, fmt[i]);
      ++i;
      continue;
    }
    char c = fmt[i + 1];
    size_t n = (c == 'E' || c == 'O') && i + 2 < len ? 3 : 2;
    if (!utc && c == 'z') {
      luaL_addstring(&b, "+0900");
    } else if (!utc && c == 'Z') {
      luaL_addstring(&b, "JST");
    } else {
      luaL_addlstring(&b, fmt + i, n);
    }
    i += n;
  }
  luaL_pushresult(&b);
  lua_pushinteger(L, t);
  lua_call(L, 2, 1);
  return 1;
}

}  // namespace kasane
