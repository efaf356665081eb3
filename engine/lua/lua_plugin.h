// LuaPlugin: the Plugin implementation (engine/lua internal).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lua/lua_glue.h"
#include "lua/plugin.h"
#include "lua/sandbox.h"

namespace kasane {

struct CallScope;

// One Lua state running a plugin, with its compiled main chunk and its copy
// of the config. A call runs on one lane, alone.
struct PluginLane {
  std::unique_ptr<Sandbox> sandbox;  // first: the refs below die before the state
  lua::RegistryRef main_chunk;       // runs again before every call (see lua_plugin.cpp)
  lua::RegistryRef config;
  uint64_t config_generation = 0;    // of LuaPlugin::config_ it was bound to (0: none)
};

// Makes another lane of the same plugin: loads its source again.
using LaneFactory = std::function<Result<std::unique_ptr<PluginLane>>()>;

class LuaPlugin final : public Plugin {
 public:
  // Takes the lane the loader made and checked (plugin_loader.cpp); `more`
  // makes further lanes, at most `limits.states` in all.
  LuaPlugin(std::unique_ptr<PluginLane> first, PluginInfo info, std::string source, std::vector<std::string> load_log,
            LaneFactory more, const SandboxLimits& limits);
  ~LuaPlugin() override;  // no call may be running

  const PluginInfo& info() const override { return info_; }
  const std::string& source() const override { return source_; }
  Value CheckConfig(const Value& config, std::vector<ConfigProblem>* problems) const override;
  Status SetConfig(const Value& config) override;
  Result<GuardVerdict> CallGuard(const PluginCall& call) override;
  Status CallAction(const PluginCall& call, ChangeSet* changes) override;
  size_t memory_in_use() const override;
  size_t peak_memory_of_last_call() const override { return last_peak_.load(std::memory_order_relaxed); }

  // kasane.log lines of the last call to finish, or of the main chunk (at most kMaxLogLines, then a
  // line counting the dropped ones). For tests and debugging only: never printed.
  std::vector<std::string> last_log() const;

  // Lua states made so far (for tests).
  int lanes() const;

 private:
  class Lease;

  // A lane for one call: an idle one, a new one while fewer than the limit
  // exist, else the next to be released. Its config is the current one.
  Result<std::unique_ptr<PluginLane>> Acquire();
  void Release(std::unique_ptr<PluginLane> lane);
  Status BindConfig(PluginLane* lane);  // the current config, unless bound; with mu_ not held
  Status BindValue(PluginLane* lane, const Value& config, uint64_t generation);  // with mu_ not held

  // Runs the main chunk again on `lane`, then guards/actions[call.function]
  // of the table it returns, and leaves the function's results above `*base`.
  Status Invoke(PluginLane* lane, const PluginCall& call, bool guard, ChangeSet* pending, int* base);

  const PluginInfo info_;
  const std::string source_;
  const LaneFactory more_;
  const int max_lanes_;

  mutable std::mutex mu_;
  std::condition_variable lane_released_;
  std::vector<std::unique_ptr<PluginLane>> idle_;
  std::vector<const Sandbox*> sandboxes_;  // of every lane, idle or not
  Value config_;
  uint64_t config_generation_ = 0;
  std::vector<std::string> last_log_;
  std::atomic<size_t> last_peak_{0};
};

// The Status for a finished call (ok or not) of `function` ("guards.given",
// "main chunk"): limits first, because a plugin may have swallowed them.
Status CallOutcome(const Sandbox& sandbox, const CallScope& scope, const lua::CallResult& result);

// Saves scope.log (and a count of dropped lines) for last_log().
std::vector<std::string> FinishedLog(const CallScope& scope);

}  // namespace kasane
