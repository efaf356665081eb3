// What a plugin sees of the host: the `kasane` table (now, today,
// is_business_day, add_business_days, holiday_name, log), `print` (= kasane.log)
// and, per call, the `case` and `ctx` arguments whose methods record into the
// call's ChangeSet. Nothing here writes anywhere else.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lua/plugin.h"
#include "model/change_set.h"

struct lua_State;

namespace kasane {

// kasane.log keeps at most this many lines of this many bytes per call.
inline constexpr size_t kMaxLogLines = 20;
inline constexpr size_t kMaxLogLineBytes = 200;
// ctx methods may record at most this many changes per call.
inline constexpr size_t kMaxChangesPerCall = 1000;
// kasane.add_business_days and ctx:timer{after_business_days} accept 0..this.
inline constexpr int64_t kMaxBusinessDays = 3660;

// The state of one guard/action call (or of the main chunk while loading),
// reached by the host functions through the Sandbox. Owned by the caller.
struct CallScope {
  const PluginCall* call = nullptr;  // null while the main chunk runs
  ChangeSet* changes = nullptr;      // where ctx methods record; null in guards and at load
  std::string function;              // "guards.given", for messages
  std::string decision_source;       // "consent.given", Decision::source
  std::string now_iso;               // kasane.now() and ctx.now
  int config_ref = -1;               // registry ref of the read-only config (< 0: none)
  const void* ctx = nullptr;         // identity of this call's ctx table

  std::vector<std::string> log;  // kasane.log lines (never printed)
  size_t log_dropped = 0;

  size_t change_count = 0;
  size_t change_bytes_left = 0;  // budget for values recorded by ctx methods
  bool changes_exhausted = false;
};

// Installs `kasane` and `print` into the globals table at index `globals`.
// Sandbox setup only; raises on failure (runs in protected mode).
void InstallHostApi(lua_State* L, int globals);

// Protected body (RunProtected, arg = CallScope*): pushes `case` and `ctx`
// for scope->call and records the ctx identity in the scope. Returns 2.
int PushCallArguments(lua_State* L);

}  // namespace kasane
