// LuaPlugin: the Plugin implementation (engine/lua internal).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lua/lua_glue.h"
#include "lua/plugin.h"
#include "lua/sandbox.h"

namespace kasane {

struct CallScope;

class LuaPlugin final : public Plugin {
 public:
  // Takes a sandbox whose main chunk ran and whose plugin table was checked
  // (plugin_loader.cpp); `main_chunk` is a registry ref to the compiled main
  // chunk, which runs again before every call (see lua_plugin.cpp).
  LuaPlugin(std::unique_ptr<Sandbox> sandbox, PluginInfo info, std::string source, lua::RegistryRef main_chunk,
            std::vector<std::string> load_log);

  const PluginInfo& info() const override { return info_; }
  const std::string& source() const override { return source_; }
  Value CheckConfig(const Value& config, std::vector<ConfigProblem>* problems) const override;
  Status SetConfig(const Value& config) override;
  Result<GuardVerdict> CallGuard(const PluginCall& call) override;
  Status CallAction(const PluginCall& call, ChangeSet* changes) override;
  size_t memory_in_use() const override { return sandbox_->memory_in_use(); }
  size_t peak_memory_of_last_call() const override { return sandbox_->peak_memory_of_call(); }

  // kasane.log lines of the last call or of the main chunk (at most kMaxLogLines, then a line
  // counting the dropped ones). For tests and debugging only: never printed.
  std::vector<std::string> last_log() const;

 private:
  // Runs the main chunk again, then guards/actions[call.function] of the
  // table it returns, and leaves the function's results above `*base`.
  Status Invoke(const PluginCall& call, bool guard, ChangeSet* pending, int* base);

  std::unique_ptr<Sandbox> sandbox_;  // first: the refs below die before the state
  PluginInfo info_;
  std::string source_;
  lua::RegistryRef main_chunk_;
  lua::RegistryRef config_;
  mutable std::mutex mu_;
  std::vector<std::string> last_log_;
};

// The Status for a finished call (ok or not) of `function` ("guards.given",
// "main chunk"): limits first, because a plugin may have swallowed them.
Status CallOutcome(const Sandbox& sandbox, const CallScope& scope, const lua::CallResult& result);

// Saves scope.log (and a count of dropped lines) for last_log().
std::vector<std::string> FinishedLog(const CallScope& scope);

}  // namespace kasane
