// Plugin: one loaded Lua plugin, sandboxed in lua_States of its own.
//
// A plugin is a folder plugins/<name>/ whose plugin.lua returns a table:
//   { name = "consent", version = "1.0.0", description = { ja = ..., en = ... },
//     config = { <key> = { type = ..., required = ..., default = ..., ... } },
//     guards = { <fn> = function(case, ctx) return allowed, reason end },
//     actions = { <fn> = function(case, ctx) ctx:set(...) ... end } }
// See docs/plugins.md for the full contract and sandbox rules.
//
// Thread safety: a Plugin may be called from several threads. Each call runs
// alone on one of the plugin's Lua states (up to SandboxLimits::states, made
// as calls overlap; beyond them a call waits), so a slow or failing call of a
// plugin holds up no other call of it. This header never exposes Lua types: only engine/lua/*.cpp include
// lua.h (through engine/lua/lua_glue.h).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "model/change_set.h"
#include "model/definition.h"
#include "util/status.h"
#include "util/time.h"
#include "util/value.h"

namespace kasane {

class BusinessCalendar;

struct SandboxLimits {
  size_t memory_bytes = 32u << 20;  // per plugin lua_State
  int cpu_millis = 50;              // per call (guard or action or load)
  // Lua states one plugin may run calls on at once, made as calls overlap;
  // a call beyond them waits for one. So a slow call holds up no other.
  int states = 4;
};

struct PluginInfo {
  std::string name;
  std::string version;
  LocalizedText description;
  Value config_schema;  // the `config` table as data: key -> {type, required, default, ...}
  std::vector<std::string> guards;   // sorted
  std::vector<std::string> actions;  // sorted
  std::string source_path;           // e.g. plugins/consent/plugin.lua
};

// One problem with a plugin config, e.g. path "matrix.C2" message "expected boolean, got string".
struct ConfigProblem {
  std::string path;
  std::string message;
};

// What a guard or action sees. All pointers must outlive the call.
struct PluginCall {
  std::string function;       // name within guards/actions
  const Value* case_data = nullptr;  // map
  int64_t case_id = 0;
  int64_t case_version = 0;  // CaseRecord::version before this event (0 while the case is created)
  std::string case_state;
  std::string workflow;
  const Value* payload = nullptr;  // map or null
  const Value* args = nullptr;     // `with:` of the call site, map or null
  const Value* settings = nullptr;  // the definition's `settings:` map, or null
  std::string event;
  std::string from_state;
  std::string to_state;
  std::string actor;
  std::string actor_role;
  std::string actor_agency;
  Timestamp now = 0;  // the event's time: kasane.now(), ctx.now, os.time() and os.date() show it
  const BusinessCalendar* calendar = nullptr;  // may be null: business_days helpers then error
};

struct GuardVerdict {
  bool allow = false;
  std::string reason;  // for the caseworker, Japanese; empty when allowed
};

class Plugin {
 public:
  // Loads plugins/<dir>/plugin.lua. `expected_name` must match the declared name.
  // Errors name the file and line; a plugin that fails to load is never half-used.
  static Result<std::unique_ptr<Plugin>> LoadFromDir(const std::string& dir, const std::string& expected_name,
                                                     const SandboxLimits& limits = {});
  // Loads from source text; `chunk_name` appears in error messages (e.g. "plugins/x/plugin.lua").
  static Result<std::unique_ptr<Plugin>> LoadFromSource(const std::string& source, const std::string& chunk_name,
                                                        const SandboxLimits& limits = {});
  virtual ~Plugin() = default;

  virtual const PluginInfo& info() const = 0;
  // The plugin's source text, as loaded (stored with each definition version).
  virtual const std::string& source() const = 0;

  // Checks `config` against the declared schema; appends every problem found.
  // Returns the config completed with defaults (valid only if no problem was added).
  virtual Value CheckConfig(const Value& config, std::vector<ConfigProblem>* problems) const = 0;

  // Binds the (checked) config: later calls see it as a read-only `ctx.config`.
  virtual Status SetConfig(const Value& config) = 0;

  // Runs guards[call.function]. The result depends only on the plugin, its
  // config and `call`: the clock and math.random follow the call
  // (lua/determinism.h). Errors (raised, time-out, memory, bad return)
  // become a non-OK Status naming plugin, function, file and line.
  virtual Result<GuardVerdict> CallGuard(const PluginCall& call) = 0;
  // Runs actions[call.function]; appends what it asked for to `changes`.
  // On error nothing is appended.
  virtual Status CallAction(const PluginCall& call, ChangeSet* changes) = 0;

  // Bytes currently allocated by this plugin's Lua state.
  virtual size_t memory_in_use() const = 0;
  // The most its state held during the last call (for the attack benchmark).
  virtual size_t peak_memory_of_last_call() const = 0;
};

}  // namespace kasane
