// Value <-> Lua conversion.
//
// Value to Lua: null -> nil, booleans, integers, doubles and strings as is,
// lists -> tables 1..n, maps -> tables with string keys.
// Lua to Value: nil -> null, integers -> int64, floats -> double (finite
// only), strings (valid UTF-8 only), tables whose keys are exactly 1..n ->
// list (an empty table is an empty list), tables with only string keys ->
// map. Other keys, functions, coroutines and userdata are refused; so are
// cycles and nesting deeper than kMaxLuaValueDepth. Read-only views convert
// as the table they show.
#pragma once

#include <cstddef>
#include <string>

#include "util/value.h"

struct lua_State;

namespace kasane {

inline constexpr int kMaxLuaValueDepth = 32;
// What one conversion may produce at most (bytes, each table node counted),
// when the caller gives no budget: a small shared structure that expands
// exponentially is refused long before it costs much.
inline constexpr size_t kMaxConvertedBytes = size_t{16} << 20;
// Values (table nodes, strings, numbers...) one conversion may produce: a
// household's records are a few hundred, and each costs some 0.4 µs.
inline constexpr size_t kMaxConvertedNodes = 100000;

// Pushes `v`. With `read_only`, every table is pushed as a read-only view
// labelled `label`. Raises on memory errors: protected code only.
void PushValue(lua_State* L, const Value& v, bool read_only, const char* label);

// Converts the value at `idx` without raising and without running
// metamethods. On failure returns false and sets *error, e.g.
// "a.b[2]: functions cannot be converted". `budget`, if given, is the number
// of bytes the result may take (roughly); it is decreased as it converts.
// Without one, kMaxConvertedBytes applies ("value too large"); at most
// kMaxConvertedNodes values in any case. Checks the call's CPU deadline as it
// goes (Sandbox::WithinDeadline): past it, fails and marks the call timed out.
bool ToValue(lua_State* L, int idx, Value* out, std::string* error, size_t* budget = nullptr);

}  // namespace kasane
