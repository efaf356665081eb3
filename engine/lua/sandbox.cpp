// The plugin sandbox. Everything a plugin can reach is decided in this file.
//
// ALLOW (all else is absent):
//   base:      assert error getmetatable ipairs next pairs pcall rawequal rawget
//              rawlen select tonumber tostring type _VERSION _G
//   replaced:  setmetatable  (refuses metatables with __gc: finalizers would
//                             run outside any call's budget)
//              xpcall        (the handler is skipped once the call timed out)
//              collectgarbage (only collectgarbage("count"))
//              print         (= kasane.log: never writes to stdout)
//   string:    byte char find format gmatch gsub len lower match pack packsize
//              rep reverse sub unpack upper  (find/match/gmatch/gsub/rep wrapped)
//   table:     concat insert move pack remove sort unpack  (wrapped, see below)
//   math:      everything but randomseed: math.random is seeded before each
//              call from the case and the event (determinism.h)
//   utf8:      char charpattern codepoint codes len offset
//   os:        clock difftime, and date time replaced: they follow the
//              event's time given to the call, in JST (determinism.h)
//   coroutine: close create isyieldable resume running status wrap yield
//              (close and wrap never run __close handlers of a coroutine the
//              count hook stopped)
//   kasane:    see host_api.cpp
//
// DENY (checked at start-up: the state is refused if any of these is reachable):
//   io debug package require load loadstring dofile loadfile rawset setfenv
//   getfenv warn os.execute os.exit os.getenv os.remove os.rename os.tmpname
//   os.setlocale string.dump math.randomseed.
//   rawget/rawequal/rawlen stay: they only read, and on a read-only view they
//   see the empty view, so they can neither write nor reveal anything hidden.
//
// Read-only: the globals, every library table, `kasane`, and the `case` and
// `ctx` arguments are views (empty tables whose metatable reads through to
// the real table and refuses writes; __metatable hides the metatable). Each
// plugin runs in its own lua_State, so its globals table is its own _ENV;
// writing a global raises "plugin 'x': attempt to write global 'foo' ...".
// The string metatable is protected the same way.
//
// State: nothing a call creates outlives it. The main chunk runs again
// before every call (lua_plugin.cpp), so module-level locals, tables and
// closures are new for each call, and what is shared between calls (the
// globals, the libraries, `kasane`, ctx.config) is read-only. The one piece
// of library state, math.random's generator, is reseeded for each call.
//
// CPU: one budget per call, shared by the VM and the C functions it calls.
//   - A count hook checks a steady-clock deadline every kHookInterval
//     instructions. Once the deadline passes it sets a sticky flag and re-arms
//     itself to fire on every instruction, so an error swallowed by the
//     plugin's own pcall is raised again at the very next instruction, in
//     coroutines too. The call is reported as DeadlineExceeded whenever the
//     flag is set.
//   - One instruction can do much C work (hash or compare a long string, a
//     library function), so a watchdog thread (call_watchdog.h) signals the
//     call's thread once the deadline has passed; the handler arms the hook
//     of the coroutine running then for the next instruction.
//   - The C functions that loop over caller controlled data are charged an
//     estimate of their work before they start (work_cost.h): work costing
//     more than a whole budget is refused with an error naming the function,
//     work that would end past the deadline ends the call as a time-out.
//       string.find/match/gmatch/gsub: the pattern's bound (pattern_cost.h,
//         docs/plugins.md §9), plus the positions gsub tries;
//       string.rep/upper/lower/reverse, utf8.len/codepoint/offset: per byte;
//       table.sort without a comparator: n log2 n comparisons of the longest
//         string in the table; table.concat/insert/remove/move/unpack: per
//         element, and at most kMaxTableSpan elements;
//   - string.rep of an empty string (and separator) returns "" at once;
//   - gsub replacement functions and table.sort comparators written in C are
//     called through a small Lua function, so the hook sees every call;
//     gsub replacement tables must not have metamethods;
//   - table.* take only plain tables or read-only views (no __index/
//     __newindex/__len of the plugin's own), so no plugin code runs inside
//     their C loops.

// Memory: a counting allocator refuses growth beyond SandboxLimits::memory_bytes.
// Lua then usually runs an emergency collection and retries once; a refusal
// that this retry does not cure marks the call as out of memory (sticky, like
// the time-out, so pcall or coroutine.resume cannot hide it).
#include "lua/sandbox.h"

#include <signal.h>

#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "lua/call_watchdog.h"
#include "lua/determinism.h"
#include "lua/host_api.h"
#include "lua/lua_glue.h"
#include "lua/pattern_cost.h"
#include "lua/work_cost.h"

namespace kasane {
namespace {

constexpr int kHookInterval = 1000;             // instructions between deadline checks
constexpr lua_Integer kMaxTableSpan = 1 << 20;  // elements a table.* call may touch
constexpr size_t kMinMemoryBytes = 256u << 10;

constexpr const char* kBaseAllowed[] = {"assert",   "error",    "getmetatable", "ipairs", "next",   "pairs",
                                        "pcall",    "rawequal", "rawget",       "rawlen", "select", "tonumber",
                                        "tostring", "type",     "_VERSION",     nullptr};
constexpr const char* kStringAllowed[] = {"byte",    "char",  "find",   "format", "gmatch",   "gsub",
                                          "len",     "lower", "match",  "pack",   "packsize", "rep",
                                          "reverse", "sub",   "unpack", "upper",  nullptr};
constexpr const char* kTableAllowed[] = {"concat", "insert", "move", "pack", "remove", "sort", "unpack", nullptr};
constexpr const char* kMathAllowed[] = {"abs",  "acos",       "asin",      "atan", "ceil", "cos",    "deg",
                                        "exp",  "floor",      "fmod",      "huge", "log",  "max",    "maxinteger",
                                        "min",  "mininteger", "modf",      "pi",   "rad",  "random", "sin",
                                        "sqrt", "tan",        "tointeger", "type", "ult",  nullptr};
constexpr const char* kUtf8Allowed[] = {"char", "charpattern", "codepoint", "codes", "len", "offset", nullptr};
constexpr const char* kOsAllowed[] = {"clock", "date", "difftime", "time", nullptr};
constexpr const char* kCoroutineAllowed[] = {"close",  "create", "isyieldable", "resume", "running",
                                             "status", "wrap",   "yield",       nullptr};

constexpr const char* kDenied[] = {
    "io",           "debug",       "package",         "require",   "load",      "loadstring",
    "dofile",       "loadfile",    "rawset",          "setfenv",   "getfenv",   "warn",
    "os.execute",   "os.exit",     "os.getenv",       "os.remove", "os.rename", "os.tmpname",
    "os.setlocale", "string.dump", "math.randomseed", nullptr};

// The sandbox whose call runs on this thread; read by the watchdog's signal
// handler, so initial-exec TLS (no allocation on first access).
__attribute__((tls_model("initial-exec"))) thread_local Sandbox* t_running = nullptr;

// Registry keys (their addresses).
char kViewTargetKey;
char kCallbackWrapperKey;
char kStoppedThreadsKey;  // weak-keyed set of coroutines the count hook interrupted
char kRandomSeedKey;      // Lua's math.randomseed, for SeedRandom only

// Turns a C function into a Lua function that calls it, so the count hook
// fires on every call. Trusted code, loaded once at start-up.
constexpr char kCallbackWrapperSource[] = "local f = ... return function(...) return f(...) end";

bool InList(const char* const* list, const char* name) {
  for (; *list != nullptr; ++list)
    if (std::strcmp(*list, name) == 0) return true;
  return false;
}

// ---- Read-only views -------------------------------------------------------

const char* KeyForMessage(lua_State* L, int idx) {
  if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER) return lua_tostring(L, idx);
  return lua_pushfstring(L, "[%s]", luaL_typename(L, idx));
}

int ViewWrite(lua_State* L) {
  const char* label = "?";
  if (lua_getmetatable(L, 1) != 0 && lua_getfield(L, -1, "__name") == LUA_TSTRING) label = lua_tostring(L, -1);
  return luaL_error(L, "attempt to write '%s' in read-only table '%s'", KeyForMessage(L, 2), label);
}

// Pushes the table behind the view at index 1.
void PushTargetOf(lua_State* L) {
  if (!Sandbox::PushViewTarget(L, 1)) luaL_error(L, "not a read-only view");
}

int ViewLen(lua_State* L) {
  PushTargetOf(L);
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, -1)));
  return 1;
}

// The global `next`, seeing through read-only views (empty tables whose
// metatable holds the real one), so `next(ctx.payload) == nil` means "empty".
int SafeNext(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  if (Sandbox::PushViewTarget(L, 1)) lua_replace(L, 1);
  if (lua_next(L, 1) != 0) return 2;
  lua_pushnil(L);
  return 1;
}

// pairs(view) hands out the view itself as the iteration's state, never the
// table behind it: `local _, t = pairs(string)` must not give a writable table.
int ViewPairs(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushcfunction(L, SafeNext);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

// ---- Globals ---------------------------------------------------------------

int GlobalWrite(lua_State* L) {
  const char* key = KeyForMessage(L, 2);
  return luaL_error(L, "plugin '%s': attempt to write global '%s' (globals are read-only; use local)",
                    Sandbox::From(L)->plugin_name().c_str(), key);
}

// ---- Wrapped functions -----------------------------------------------------
// Each keeps the original function as upvalue 1 and calls it after its checks.

int ReturnAll(lua_State* L, int /*status*/, lua_KContext /*ctx*/) { return lua_gettop(L); }

// Calls the original with all arguments; yieldable, like the original.
int CallOriginal(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, ReturnAll);
  return lua_gettop(L);
}

// An error raised by the count hook leaves hooks disabled in its thread until
// a pcall boundary restores them. Plugin code that Lua would run before that
// (an xpcall message handler) or in a thread that died that way (__close
// handlers run by coroutine.close or coroutine.wrap) could loop forever
// unseen, so that code is skipped for stopped calls and stopped threads.

// Message handler around the plugin's: passes the error through untouched once
// the call has run out of time.
int GuardedHandler(lua_State* L) {
  if (Sandbox::From(L)->timed_out()) {
    lua_settop(L, 1);
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int SafeXpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, GuardedHandler, 1);
  lua_replace(L, 2);
  return CallOriginal(L);
}

// Whether the thread at `idx` was interrupted by the count hook.
bool IsStoppedThread(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kStoppedThreadsKey);
  lua_pushvalue(L, idx);
  bool stopped = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 2);
  return stopped;
}

int SafeClose(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTHREAD);
  if (IsStoppedThread(L, 1)) {
    lua_pushboolean(L, 0);
    lua_pushliteral(L, "coroutine was stopped by the CPU budget");
    return 2;
  }
  return CallOriginal(L);
}

// Resumes `co` with the top `narg` values of L, as lcorolib.c's auxresume:
// returns the number of results moved onto L, or -1 with the error on L.
// lua_resume reports errors instead of raising, so the thread the watchdog's
// handler is told about is always restored (a raise would leave it pointing
// at a coroutine that may be collected).
int Resume(lua_State* L, lua_State* co, int narg) {
  if (lua_checkstack(co, narg) == 0) {
    lua_pushliteral(L, "too many arguments to resume");
    return -1;
  }
  lua_xmove(L, co, narg);
  int nres = 0;
  Sandbox* sb = Sandbox::From(L);
  lua_State* outer = sb->EnterThread(co);
  int status = lua_resume(co, L, narg, &nres);
  sb->EnterThread(outer);
  if (status == LUA_OK || status == LUA_YIELD) {
    if (lua_checkstack(L, nres + 1) == 0) {
      lua_pop(co, nres);
      lua_pushliteral(L, "too many results to resume");
      return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
  }
  lua_xmove(co, L, 1);  // the error object
  return -1;
}

// coroutine.wrap, as in lcorolib.c, except that a thread stopped by the hook
// is not reset (which would run its __close handlers without the hook).
int WrapCall(lua_State* L) {
  lua_State* co = lua_tothread(L, lua_upvalueindex(1));
  int nres = Resume(L, co, lua_gettop(L));
  if (nres >= 0) return nres;
  int status = lua_status(co);
  if (status != LUA_OK && status != LUA_YIELD && !IsStoppedThread(L, lua_upvalueindex(1))) {
    status = lua_resetthread(co);  // close its to-be-closed variables
    lua_pop(L, 1);
    lua_xmove(co, L, 1);
  }
  if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

// coroutine.resume, as in lcorolib.c: true and the results, or false and the error.
int SafeResume(lua_State* L) {
  lua_State* co = lua_tothread(L, 1);
  luaL_argexpected(L, co != nullptr, 1, "coroutine");
  int nres = Resume(L, co, lua_gettop(L) - 1);
  if (nres < 0) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, -(nres + 1));
  return nres + 1;
}

int SafeWrap(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushcclosure(L, WrapCall, 1);
  return 1;
}

int SafeSetmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "setmetatable: __gc metamethods are not allowed in plugins");
    lua_pop(L, 1);
  }
  return CallOriginal(L);
}

int SafeCollectgarbage(lua_State* L) {
  const char* opt = luaL_optstring(L, 1, "collect");
  if (std::strcmp(opt, "count") != 0)
    return luaL_error(L, "collectgarbage: only collectgarbage(\"count\") is allowed in plugins");
  lua_settop(L, 1);
  return CallOriginal(L);
}

// Replaces a C function at `idx` with a Lua function calling it.
void WrapCFunction(lua_State* L, int idx) {
  if (!lua_iscfunction(L, idx)) return;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kCallbackWrapperKey);
  lua_pushvalue(L, idx);
  lua_call(L, 1, 1);
  lua_replace(L, idx);
}

enum class PatternFn { kFind, kMatch, kGmatch, kGsub };

// Charges `nanos` of C work to the call (Sandbox::AffordWork). Work no budget
// of this plugin affords is refused with an error that starts with `fmt`
// (lua_pushfstring's format), formatted only then.
void ChargeWork(lua_State* L, double nanos, const char* fmt, ...) {
  if (Sandbox::From(L)->AffordWork(L, nanos)) return;
  std::va_list args;
  va_start(args, fmt);
  const char* what = lua_pushvfstring(L, fmt, args);
  va_end(args);
  const int budget = Sandbox::From(L)->limits().cpu_millis;
  const double ms = std::ceil(nanos / 1e6);
  if (ms > 1e9)
    luaL_error(L, "%s (an estimated %s of work, more than the CPU budget of %d ms; see docs/plugins.md)", what,
               "more than 10^9 ms", budget);
  luaL_error(L, "%s (an estimated %d ms of work, more than the CPU budget of %d ms; see docs/plugins.md)", what,
             static_cast<int>(ms), budget);
}

int PatternCall(lua_State* L, PatternFn fn, const char* name) {
  size_t n = 0;
  size_t plen = 0;
  const char* s = luaL_checklstring(L, 1, &n);
  const char* p = luaL_checklstring(L, 2, &plen);
  bool plain = fn == PatternFn::kFind && lua_toboolean(L, 4) != 0;
  std::string_view subject(s, n);
  std::string_view pattern(p, plen);
  double steps =
      plain ? EstimatePlainFindCost(subject, pattern) : EstimatePatternCost(subject, pattern, fn != PatternFn::kGmatch);
  double nanos = steps * work_cost::kPatternStep;
  if (fn == PatternFn::kGsub && lua_type(L, 3) != LUA_TFUNCTION) {
    // Building the result in C; a replacement function runs Lua, which the hook sees.
    bool anchored = !pattern.empty() && pattern[0] == '^';
    nanos += (anchored ? 1.0 : static_cast<double>(n) + 1.0) * work_cost::kGsubStart;
  }
  ChargeWork(L, nanos, "string.%s: pattern too costly for a %I-byte subject", name, static_cast<lua_Integer>(n));
  if (fn == PatternFn::kGsub) {
    if (lua_type(L, 3) == LUA_TFUNCTION) {
      WrapCFunction(L, 3);
    } else if (lua_type(L, 3) == LUA_TTABLE) {
      if (Sandbox::PushViewTarget(L, 3)) {
        lua_pop(L, 1);
      } else if (lua_getmetatable(L, 3) != 0) {
        return luaL_error(L, "string.gsub: a replacement table must not have a metatable");
      }
    }
  }
  return CallOriginal(L);
}

int SafeFind(lua_State* L) { return PatternCall(L, PatternFn::kFind, "find"); }
int SafeMatch(lua_State* L) { return PatternCall(L, PatternFn::kMatch, "match"); }
int SafeGmatch(lua_State* L) { return PatternCall(L, PatternFn::kGmatch, "gmatch"); }
int SafeGsub(lua_State* L) { return PatternCall(L, PatternFn::kGsub, "gsub"); }

// Charges `nanos` of C work for string/utf8 function `fname` on a subject of
// `bytes` bytes, or refuses it.
void Charge(lua_State* L, double nanos, const char* fname, size_t bytes) {
  ChargeWork(L, nanos, "%s: too costly for a %I-byte string", fname, static_cast<lua_Integer>(bytes));
}

int SafeRep(lua_State* L) {
  size_t l = 0;
  size_t lsep = 0;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  // Lua's own loop would run n times copying nothing.
  if (n > 0 && l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  if (n > 0) {
    double copies = static_cast<double>(n);
    Charge(L, copies * (work_cost::kRepCopy + static_cast<double>(l + lsep) * work_cost::kCopiedByte), "string.rep",
           l);
  }
  return CallOriginal(L);
}

// string.upper/lower/reverse: one pass over the subject.
int PerByteCall(lua_State* L, const char* fname, double nanos_per_byte) {
  size_t l = 0;
  luaL_checklstring(L, 1, &l);
  Charge(L, static_cast<double>(l) * nanos_per_byte, fname, l);
  return CallOriginal(L);
}

int SafeUpper(lua_State* L) { return PerByteCall(L, "string.upper", work_cost::kCaseMappedByte); }
int SafeLower(lua_State* L) { return PerByteCall(L, "string.lower", work_cost::kCaseMappedByte); }
int SafeReverse(lua_State* L) { return PerByteCall(L, "string.reverse", work_cost::kScannedByte); }
// utf8.len(s, i = 1, j = -1) and utf8.codepoint(s, i = 1, j = i) decode bytes i..j only.
int RangeCall(lua_State* L, const char* fname, lua_Integer default_j) {
  size_t l = 0;
  luaL_checklstring(L, 1, &l);
  const auto len = static_cast<lua_Integer>(l);
  // As Lua's posrelat, then kept within the string: out of bounds is Lua's error to raise.
  auto position = [len](lua_Integer p) { return std::min(len, p >= 0 ? p : p < -len ? 0 : len + p + 1); };
  lua_Integer i = position(luaL_optinteger(L, 2, 1));
  lua_Integer j = position(luaL_optinteger(L, 3, default_j == 0 ? i : default_j));
  if (j >= i) Charge(L, static_cast<double>(j - i + 1) * work_cost::kScannedByte, fname, l);
  return CallOriginal(L);
}

int SafeUtf8Len(lua_State* L) { return RangeCall(L, "utf8.len", -1); }
int SafeUtf8Codepoint(lua_State* L) { return RangeCall(L, "utf8.codepoint", 0); }
int SafeUtf8Offset(lua_State* L) { return PerByteCall(L, "utf8.offset", work_cost::kScannedByte); }

// A table.* argument must be a plain table or a read-only view, so its
// length and elements come without calling plugin code from a C loop.
void CheckTableArg(lua_State* L, int idx, const char* fname) {
  luaL_checktype(L, idx, LUA_TTABLE);
  if (Sandbox::PushViewTarget(L, idx)) {
    lua_pop(L, 1);
    return;
  }
  if (lua_getmetatable(L, idx) == 0) return;
  for (const char* event : {"__index", "__newindex", "__len"}) {
    lua_pushstring(L, event);
    if (lua_rawget(L, -2) != LUA_TNIL)
      luaL_error(L, "table.%s: tables with an %s metamethod are not accepted (use a plain table)", fname, event);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void CheckSpan(lua_State* L, lua_Integer first, lua_Integer last, const char* fname) {
  if (last >= first &&
      static_cast<lua_Unsigned>(last) - static_cast<lua_Unsigned>(first) >= static_cast<lua_Unsigned>(kMaxTableSpan))
    luaL_error(L, "table.%s: range %I..%I is longer than the limit of %I elements", fname, first, last, kMaxTableSpan);
}

// Charges `nanos` of C work for table function `fname` over `elements`, or refuses it.
void ChargeTable(lua_State* L, double nanos, const char* fname, lua_Integer elements) {
  ChargeWork(L, nanos, "table.%s: too costly for %I elements", fname, elements);
}

void ChargeSpan(lua_State* L, lua_Integer first, lua_Integer last, const char* fname) {
  CheckSpan(L, first, last, fname);
  if (last < first) return;
  lua_Integer span = last - first + 1;
  ChargeTable(L, static_cast<double>(span) * work_cost::kTableElement, fname, span);
}

// The length of the table at `idx`, within kMaxTableSpan.
lua_Integer CheckLength(lua_State* L, int idx, const char* fname) {
  lua_Integer n = luaL_len(L, idx);
  if (n > kMaxTableSpan)
    luaL_error(L, "table.%s: table length %I is over the limit of %I elements", fname, n, kMaxTableSpan);
  return n;
}

// Charges the elements table.insert/remove shift from `pos` to the end.
void ChargeShift(lua_State* L, lua_Integer n, lua_Integer pos, const char* fname) {
  if (pos < 1 || pos > n) return;  // appending or removing the last shifts nothing (bad positions: Lua's error)
  ChargeTable(L, static_cast<double>(n - pos + 1) * work_cost::kTableElement, fname, n - pos + 1);
}

// table.sort without a comparator compares in C: n log2 n comparisons, each
// up to the length of the longest string (Lua compares strings byte by byte).
void ChargeSort(lua_State* L, lua_Integer n) {
  if (n < 2) return;
  size_t longest = 0;
  int t = Sandbox::PushViewTarget(L, 1) ? lua_gettop(L) : 1;
  for (lua_Integer i = 1; i <= n; ++i) {
    if (lua_rawgeti(L, t, i) == LUA_TSTRING) longest = std::max<size_t>(longest, lua_rawlen(L, -1));
    lua_pop(L, 1);
  }
  if (t != 1) lua_pop(L, 1);
  double compares = static_cast<double>(n) * std::ceil(std::log2(static_cast<double>(n)));
  ChargeTable(L, compares * (work_cost::kSortCompare + static_cast<double>(longest) * work_cost::kComparedByte),
              "sort", n);
}

int SafeInsert(lua_State* L) {
  CheckTableArg(L, 1, "insert");
  lua_Integer n = CheckLength(L, 1, "insert");
  if (lua_gettop(L) == 3 && lua_isinteger(L, 2)) ChargeShift(L, n, lua_tointeger(L, 2), "insert");
  return CallOriginal(L);
}

int SafeRemove(lua_State* L) {
  CheckTableArg(L, 1, "remove");
  lua_Integer n = CheckLength(L, 1, "remove");
  if (lua_isinteger(L, 2)) ChargeShift(L, n, lua_tointeger(L, 2) + 1, "remove");
  return CallOriginal(L);
}

int SafeSort(lua_State* L) {
  CheckTableArg(L, 1, "sort");
  lua_Integer n = CheckLength(L, 1, "sort");
  if (lua_type(L, 2) == LUA_TFUNCTION) {
    WrapCFunction(L, 2);  // the comparisons run Lua code, which the hook sees
  } else {
    ChargeSort(L, n);
  }
  return CallOriginal(L);
}

int SafeConcat(lua_State* L) {
  CheckTableArg(L, 1, "concat");
  lua_Integer first = luaL_optinteger(L, 3, 1);
  lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
  ChargeSpan(L, first, last, "concat");
  return CallOriginal(L);
}

int SafeUnpack(lua_State* L) {
  CheckTableArg(L, 1, "unpack");
  lua_Integer first = luaL_optinteger(L, 2, 1);
  lua_Integer last = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
  ChargeSpan(L, first, last, "unpack");
  return CallOriginal(L);
}

int SafeMove(lua_State* L) {
  CheckTableArg(L, 1, "move");
  if (!lua_isnoneornil(L, 5)) CheckTableArg(L, 5, "move");
  lua_Integer first = luaL_checkinteger(L, 2);
  lua_Integer last = luaL_checkinteger(L, 3);
  ChargeSpan(L, first, last, "move");
  return CallOriginal(L);
}

struct Wrapper {
  const char* name;
  lua_CFunction fn;
};

constexpr Wrapper kStringWrappers[] = {{"find", SafeFind},   {"match", SafeMatch}, {"gmatch", SafeGmatch},
                                       {"gsub", SafeGsub},   {"rep", SafeRep},     {"upper", SafeUpper},
                                       {"lower", SafeLower}, {"reverse", SafeReverse}, {nullptr, nullptr}};
constexpr Wrapper kUtf8Wrappers[] = {
    {"len", SafeUtf8Len}, {"codepoint", SafeUtf8Codepoint}, {"offset", SafeUtf8Offset}, {nullptr, nullptr}};
constexpr Wrapper kTableWrappers[] = {{"concat", SafeConcat}, {"insert", SafeInsert}, {"move", SafeMove},
                                      {"remove", SafeRemove}, {"sort", SafeSort},     {"unpack", SafeUnpack},
                                      {nullptr, nullptr}};
constexpr Wrapper kCoroutineWrappers[] = {{"close", SafeClose}, {"resume", SafeResume}, {nullptr, nullptr}};
constexpr Wrapper kOsWrappers[] = {{"date", DeterministicOsDate}, {"time", DeterministicOsTime}, {nullptr, nullptr}};
constexpr Wrapper kBaseWrappers[] = {{"setmetatable", SafeSetmetatable},
                                     {"collectgarbage", SafeCollectgarbage},
                                     {"xpcall", SafeXpcall},
                                     {nullptr, nullptr}};

// Replaces t[name] (t on top of the stack) with the wrapper around it.
void InstallWrappers(lua_State* L, const Wrapper* wrappers) {
  for (; wrappers->name != nullptr; ++wrappers) {
    lua_getfield(L, -1, wrappers->name);
    lua_pushcclosure(L, wrappers->fn, 1);
    lua_setfield(L, -2, wrappers->name);
  }
}

// Removes from the table on top every key not in `allowed`.
void KeepOnly(lua_State* L, const char* const* allowed) {
  int t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING || !InList(allowed, lua_tostring(L, -1))) {
      lua_pushvalue(L, -1);
      lua_pushnil(L);
      lua_rawset(L, t);
    }
  }
}

struct Library {
  const char* name;
  lua_CFunction open;
  const char* const* allowed;
  const Wrapper* wrappers;
};

constexpr Library kLibraries[] = {
    {LUA_STRLIBNAME, luaopen_string, kStringAllowed, kStringWrappers},
    {LUA_TABLIBNAME, luaopen_table, kTableAllowed, kTableWrappers},
    {LUA_MATHLIBNAME, luaopen_math, kMathAllowed, nullptr},
    {LUA_UTF8LIBNAME, luaopen_utf8, kUtf8Allowed, kUtf8Wrappers},
    {LUA_OSLIBNAME, luaopen_os, kOsAllowed, kOsWrappers},
    {LUA_COLIBNAME, luaopen_coroutine, kCoroutineAllowed, kCoroutineWrappers},
};

// Looks up "a" or "a.b" from the globals table at `globals`, through views.
bool Reachable(lua_State* L, int globals, const char* path) {
  int top = lua_gettop(L);
  const char* dot = std::strchr(path, '.');
  size_t head = dot != nullptr ? static_cast<size_t>(dot - path) : std::strlen(path);
  lua_pushlstring(L, path, head);
  bool found = lua_rawget(L, globals) != LUA_TNIL;
  if (found && dot != nullptr) {
    Sandbox::PushViewTarget(L, -1);
    found = lua_type(L, -1) == LUA_TTABLE && lua_getfield(L, -1, dot + 1) != LUA_TNIL;
  }
  lua_settop(L, top);
  return found;
}

}  // namespace

// ---- Sandbox -----------------------------------------------------------------

Sandbox::Sandbox(const SandboxLimits& limits, std::string plugin_name)
    : limits_(limits), plugin_name_(std::move(plugin_name)) {}

Sandbox::~Sandbox() {
  CallWatchdog::Instance().Unwatch(watch_id_);
  if (t_running == this) t_running = nullptr;
  if (L_ != nullptr) lua_close(L_);
}

Sandbox* Sandbox::From(lua_State* L) {
  Sandbox* sb = nullptr;
  std::memcpy(&sb, lua_getextraspace(L), sizeof sb);
  return sb;
}

void* Sandbox::Allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* sb = static_cast<Sandbox*>(ud);
  size_t old = ptr != nullptr ? osize : 0;  // without a block, osize is a type tag
  size_t used = sb->used_.load(std::memory_order_relaxed);
  if (nsize == 0) {
    std::free(ptr);
    sb->used_.store(used - old, std::memory_order_relaxed);
    return nullptr;
  }
  // Lua answers a refused request with an emergency collection and one
  // identical retry. A refusal that is not followed by that retry
  // succeeding is final: Lua raised "not enough memory" (perhaps to a pcall
  // of the plugin's) or gave up on growing something.
  bool retry =
      sb->refusal_pending_ && ptr == sb->refused_ptr_ && osize == sb->refused_osize_ && nsize == sb->refused_nsize_;
  if (nsize > old && used - old + nsize > sb->limits_.memory_bytes) {
    if (sb->refusal_pending_) sb->memory_exhausted_ = true;
    sb->refusal_pending_ = !retry;
    sb->refused_ptr_ = ptr;
    sb->refused_osize_ = osize;
    sb->refused_nsize_ = nsize;
    return nullptr;
  }
  void* block = std::realloc(ptr, nsize);
  if (block == nullptr) return nullptr;
  if (nsize > old && sb->refusal_pending_) {
    if (!retry) sb->memory_exhausted_ = true;
    sb->refusal_pending_ = false;
  }
  sb->used_.store(used - old + nsize, std::memory_order_relaxed);
  if (used - old + nsize > sb->peak_.load(std::memory_order_relaxed))
    sb->peak_.store(used - old + nsize, std::memory_order_relaxed);
  return block;
}

void Sandbox::CountHook(lua_State* L, lua_Debug* /*ar*/) {
  Sandbox* sb = From(L);
  sb->running_.store(L, std::memory_order_relaxed);  // corrects it, should a resume have raised
  if (!sb->timed_out_) {
    if (std::chrono::steady_clock::now() < sb->deadline_) {
      if (lua_gethookcount(L) != kHookInterval) lua_sethook(L, CountHook, LUA_MASKCOUNT, kHookInterval);
      return;
    }
    sb->timed_out_ = true;
  }
  Stop(L);
}

void Sandbox::Stop(lua_State* L) {
  Sandbox* sb = From(L);
  sb->timed_out_ = true;
  // Fire on every instruction from now on, in this coroutine too.
  lua_sethook(L, CountHook, LUA_MASKCOUNT, 1);
  if (lua_pushthread(L) == 0) {  // a coroutine: remember it (see GuardedHandler)
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kStoppedThreadsKey);
    lua_insert(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
  }
  lua_pop(L, 1);
  luaL_error(L, "CPU budget of %d ms exceeded", sb->limits_.cpu_millis);
  __builtin_unreachable();  // luaL_error does not return
}

bool Sandbox::AffordWork(lua_State* L, double nanos) {
  if (nanos > static_cast<double>(limits_.cpu_millis) * 1e6) return false;
  if (nanos >= 1e5) {  // below 0.1 ms the next deadline check is as good
    auto end = std::chrono::steady_clock::now() + std::chrono::nanoseconds(static_cast<int64_t>(nanos));
    if (end > deadline_) Stop(L);
  }
  return true;
}

bool Sandbox::WithinDeadline() {
  if (deadline_ == std::chrono::steady_clock::time_point::min()) return true;
  if (!timed_out_ && std::chrono::steady_clock::now() < deadline_) return true;
  timed_out_ = true;
  return false;
}

lua_State* Sandbox::EnterThread(lua_State* co) { return running_.exchange(co, std::memory_order_relaxed); }

// ---- The watchdog's signal ---------------------------------------------------

namespace {

int WatchdogSignal() {
  static const int signal = [] {
    const int number = SIGRTMIN + 5;
    struct sigaction action {};
    action.sa_handler = &Sandbox::OnWatchdogSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(number, &action, nullptr);
    return number;
  }();
  return signal;
}

}  // namespace

void Sandbox::OnWatchdogSignal(int /*signal*/) {
  Sandbox* sb = t_running;
  if (sb == nullptr) return;  // the call ended before the signal arrived
  lua_State* running = sb->running_.load(std::memory_order_relaxed);
  // Lua allows setting a hook asynchronously (lua.c does it from SIGINT);
  // the hook checks the deadline at the next instruction.
  if (running != nullptr) lua_sethook(running, CountHook, LUA_MASKCOUNT, 1);
}

void Sandbox::MakeReadOnly(lua_State* L, const char* label) {
  luaL_checkstack(L, 4, "read-only view");
  int target = lua_gettop(L);
  lua_createtable(L, 0, 0);  // the view
  lua_createtable(L, 0, 8);  // its metatable
  lua_pushvalue(L, target);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ViewWrite);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, ViewLen);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, ViewPairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_pushstring(L, label);
  lua_setfield(L, -2, "__name");
  lua_pushvalue(L, target);
  lua_rawsetp(L, -2, &kViewTargetKey);
  lua_setmetatable(L, -2);
  lua_replace(L, target);
}

bool Sandbox::PushViewTarget(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE || lua_checkstack(L, 2) == 0) return false;
  if (lua_getmetatable(L, idx) == 0) return false;
  if (lua_rawgetp(L, -1, &kViewTargetKey) != LUA_TTABLE) {
    lua_pop(L, 2);
    return false;
  }
  lua_remove(L, -2);
  return true;
}

int Sandbox::Setup(lua_State* L) {
  // Base functions land in the state's global table; keep the allowed ones.
  luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
  int env = lua_gettop(L);
  lua_newtable(L);
  int globals = lua_gettop(L);
  for (const char* const* name = kBaseAllowed; *name != nullptr; ++name) {
    lua_getfield(L, env, *name);
    lua_setfield(L, globals, *name);
  }
  lua_pushcfunction(L, SafeNext);
  lua_setfield(L, globals, "next");
  for (const Wrapper* w = kBaseWrappers; w->name != nullptr; ++w) {
    lua_getfield(L, env, w->name);
    lua_pushcclosure(L, w->fn, 1);
    lua_setfield(L, globals, w->name);
  }
  lua_pushnil(L);
  while (lua_next(L, env) != 0) {  // empty the real global table: it becomes _ENV
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, env);
  }

  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kStoppedThreadsKey);

  // Trusted helper used by WrapCFunction.
  if (luaL_loadbufferx(L, kCallbackWrapperSource, sizeof kCallbackWrapperSource - 1, "=kasane", "t") != LUA_OK)
    return lua_error(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kCallbackWrapperKey);

  for (const Library& lib : kLibraries) {
    luaL_requiref(L, lib.name, lib.open, 0);
    if (lib.open == luaopen_math) {
      lua_getfield(L, -1, "randomseed");
      lua_rawsetp(L, LUA_REGISTRYINDEX, &kRandomSeedKey);
    }
    KeepOnly(L, lib.allowed);
    if (lib.wrappers != nullptr) InstallWrappers(L, lib.wrappers);
    if (lib.open == luaopen_coroutine) {
      lua_pushcfunction(L, SafeWrap);
      lua_setfield(L, -2, "wrap");
    }
    if (lib.open == luaopen_string) {
      // ("").x and s:find(...) use the real (wrapped) string table; hide it.
      lua_pushliteral(L, "");
      lua_getmetatable(L, -1);
      lua_pushliteral(L, "read-only");
      lua_setfield(L, -2, "__metatable");
      lua_pop(L, 2);
    }
    MakeReadOnly(L, lib.name);
    lua_setfield(L, globals, lib.name);
  }

  InstallHostApi(L, globals);
  lua_pushvalue(L, env);
  lua_setfield(L, globals, LUA_GNAME);

  // _ENV: reads fall through to the globals, writes are refused.
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, globals);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, GlobalWrite);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, env);

  for (const char* const* name = kDenied; *name != nullptr; ++name)
    if (Reachable(L, globals, *name)) return luaL_error(L, "sandbox self-check: '%s' is reachable", *name);
  return 0;
}

Result<std::unique_ptr<Sandbox>> Sandbox::Create(const SandboxLimits& limits, std::string plugin_name) {
  if (limits.memory_bytes < kMinMemoryBytes)
    return Status::InvalidArgument("sandbox memory limit must be at least " + std::to_string(kMinMemoryBytes) +
                                   " bytes");
  if (limits.cpu_millis < 1) return Status::InvalidArgument("sandbox CPU budget must be at least 1 ms");
  std::unique_ptr<Sandbox> sb(new Sandbox(limits, std::move(plugin_name)));
  sb->L_ = lua_newstate(&Sandbox::Allocate, sb.get());
  if (sb->L_ == nullptr) return Status::ResourceExhausted("cannot create a Lua state");
  Sandbox* raw = sb.get();
  std::memcpy(lua_getextraspace(sb->L_), &raw, sizeof raw);
  lua::CallResult setup = lua::RunProtected(sb->L_, &Sandbox::Setup, nullptr, 0);
  if (!setup.ok()) {
    if (setup.status == LUA_ERRMEM)
      return Status::ResourceExhausted("the sandbox does not fit in its memory limit of " +
                                       std::to_string(limits.memory_bytes) + " bytes");
    return Status::Internal("cannot set up the plugin sandbox: " + setup.message);
  }
  sb->EndCall();
  return sb;
}

void Sandbox::BeginCall(CallScope* scope) {
  CallWatchdog::Instance().Unwatch(watch_id_);  // a call that never ended (it should not happen)
  scope_ = scope;
  timed_out_ = false;
  memory_exhausted_ = false;
  refusal_pending_ = false;
  peak_.store(used_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits_.cpu_millis);
  lua_sethook(L_, CountHook, LUA_MASKCOUNT, kHookInterval);
  running_.store(L_, std::memory_order_relaxed);
  const int signal = WatchdogSignal();
  t_running = this;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  watch_id_ = CallWatchdog::Instance().Watch(deadline_, signal);
}

void Sandbox::EndCall() {
  CallWatchdog::Instance().Unwatch(watch_id_);
  watch_id_ = 0;
  if (t_running == this) t_running = nullptr;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  running_.store(nullptr, std::memory_order_relaxed);
  scope_ = nullptr;
  deadline_ = std::chrono::steady_clock::time_point::min();
  lua_sethook(L_, CountHook, LUA_MASKCOUNT, kHookInterval);
}

void Sandbox::CollectGarbage() { lua_gc(L_, LUA_GCCOLLECT); }

namespace {

int SeedBody(lua_State* L) {
  lua_Integer seed = *static_cast<const int64_t*>(lua_touserdata(L, 1));
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kRandomSeedKey);
  lua_pushinteger(L, seed);
  lua_call(L, 1, 0);
  return 0;
}

}  // namespace

bool Sandbox::SeedRandom(int64_t seed) { return lua::RunProtected(L_, SeedBody, &seed, 0).ok(); }

}  // namespace kasane
