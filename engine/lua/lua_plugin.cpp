// LuaPlugin: calls a loaded plugin's guards and actions.
//
// Module state does not outlive a call. Before every guard or action the
// compiled main chunk (kept from the load, not compiled again) runs once
// more, exactly as it ran at load: no event (scope.call is null, so
// kasane.now() and os.time() raise), math.random seeded with
// kMainChunkRandomSeed, its kasane.log lines dropped. The function called is
// taken from the plugin table that this run returns. So every module-level
// local, table, closure and coroutine is new for the call: a handler that
// stores case data in a module table, or assigns a captured upvalue
// (`count = count + 1`), changes only its own call's copy. What survives
// between calls is read-only or reset: the globals, the libraries, `kasane`
// and ctx.config are read-only views, and math.random is reseeded.
//
// Why re-run and not freeze: making module tables read-only after load
// (proxies with an erroring __newindex) leaves upvalues, which a handler can
// rebind without touching any table; catching those needs a walk over every
// reachable closure after each call. Re-running the chunk covers tables,
// upvalues and coroutines alike, with nothing to walk, and keeps ordinary
// code working (a module-level scratch table may be filled during a call).
// The price is the main chunk's run time on every call, within the call's
// CPU and memory budget (docs/plugins.md §9 has the figure).
#include "lua/lua_plugin.h"

#include <algorithm>

#include "lua/config_schema.h"
#include "lua/determinism.h"
#include "lua/host_api.h"
#include "lua/lua_value.h"
#include "util/text.h"

namespace kasane {
namespace {

std::string FormatBytes(size_t bytes) {
  constexpr size_t kMiB = size_t{1} << 20;
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

struct FunctionRequest {
  const char* section;  // "guards" or "actions"
  const char* name;     // NUL-terminated
  size_t name_len;
};

// Protected body: pushes plugin_table[section][name] (raw reads, no plugin
// code runs) of the plugin table in argument 2, or raises.
int PushFunction(lua_State* L) {
  const auto* req = static_cast<const FunctionRequest*>(lua_touserdata(L, 1));
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushstring(L, req->section);
    if (lua_rawget(L, 2) == LUA_TTABLE) {
      lua_pushlstring(L, req->name, req->name_len);
      if (lua_rawget(L, -2) == LUA_TFUNCTION) return 1;
    }
  }
  return luaL_error(L, "main chunk: this run returned no %s.%s, unlike the run at load", req->section, req->name);
}

// Runs the main chunk again as it ran at load (see the top of this file) and
// pushes the function `req` names from the table it returns, then seeds
// math.random for the call. The scope's call is null while the chunk runs;
// the chunk's log lines are dropped.
lua::CallResult PushFreshFunction(Sandbox* sandbox, const lua::RegistryRef& main_chunk, FunctionRequest* req,
                                  CallScope* scope) {
  const lua::CallResult kNoMemory{LUA_ERRMEM, "not enough memory"};
  lua_State* L = sandbox->state();
  const PluginCall* call = scope->call;
  scope->call = nullptr;
  lua::CallResult r = sandbox->SeedRandom(kMainChunkRandomSeed) ? lua::CallResult{} : kNoMemory;
  if (r.ok() && lua_checkstack(L, 2) == 0) r = kNoMemory;
  if (r.ok()) {
    main_chunk.Push();
    r = lua::ProtectedCall(L, 0, 1);
    if (r.status == LUA_ERRRUN) r.message = "main chunk: " + r.message;
  }
  if (r.ok()) {
    r = lua::RunProtected(L, PushFunction, req, 1, -1);
    if (r.ok()) lua_remove(L, -2);  // the plugin table
  }
  scope->log.clear();
  scope->log_dropped = 0;
  scope->call = call;
  if (r.ok() && !sandbox->SeedRandom(RandomSeed(*call))) r = kNoMemory;
  return r;
}

struct ConfigRequest {
  const Value* config;
  int ref;
};

// Protected body: pins a read-only copy of the config in the registry.
int PinConfig(lua_State* L) {
  auto* req = static_cast<ConfigRequest*>(lua_touserdata(L, 1));
  PushValue(L, *req->config, true, "ctx.config");
  req->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

void Merge(ChangeSet&& from, ChangeSet* into) {
  for (auto& [field, value] : from.data_patch) into->data_patch.insert_or_assign(field, std::move(value));
  auto append = [](auto& src, auto& dst) {
    for (auto& item : src) dst.push_back(std::move(item));
  };
  append(from.tasks_created, into->tasks_created);
  append(from.task_kinds_closed, into->task_kinds_closed);
  append(from.timers_scheduled, into->timers_scheduled);
  append(from.timers_cancelled, into->timers_cancelled);
  append(from.decisions, into->decisions);
  append(from.memberships, into->memberships);
  into->cancel_state_timers = into->cancel_state_timers || from.cancel_state_timers;
}

}  // namespace

// A refusal reason is shown to the caseworker, an error in a problem
// document: longer ones are cut (util/text.h CutText).
constexpr size_t kMaxReasonBytes = 1000;
constexpr size_t kMaxPluginMessageBytes = 2000;

Status CallOutcome(const Sandbox& sandbox, const CallScope& scope, const lua::CallResult& result) {
  const std::string who = "plugin '" + sandbox.plugin_name() + "'";
  if (sandbox.timed_out())
    return Status::DeadlineExceeded(who + " function '" + scope.function + "' exceeded its CPU budget of " +
                                    std::to_string(sandbox.limits().cpu_millis) + " ms");
  if (sandbox.memory_exhausted() || result.status == LUA_ERRMEM)
    return Status::ResourceExhausted(who + " function '" + scope.function + "' exceeded its memory limit of " +
                                     FormatBytes(sandbox.limits().memory_bytes));
  if (scope.changes_exhausted)
    return Status::ResourceExhausted(who + " " + scope.function + ": " +
                                     (result.ok() ? std::string("recorded too many changes") : result.message));
  if (!result.ok())
    return Status::PluginError(who + " " + scope.function + ": " + CutText(result.message, kMaxPluginMessageBytes));
  return Status::OK();
}

std::vector<std::string> FinishedLog(const CallScope& scope) {
  std::vector<std::string> log = scope.log;
  if (scope.log_dropped > 0) log.push_back("(" + std::to_string(scope.log_dropped) + " more lines dropped)");
  return log;
}

// Gives a lane back when the call ends, however it ends.
class LuaPlugin::Lease {
 public:
  Lease(LuaPlugin* owner, std::unique_ptr<PluginLane> lane) : owner_(owner), lane_(std::move(lane)) {}
  ~Lease() { owner_->Release(std::move(lane_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  PluginLane* get() const { return lane_.get(); }

 private:
  LuaPlugin* owner_;
  std::unique_ptr<PluginLane> lane_;
};

LuaPlugin::LuaPlugin(std::unique_ptr<PluginLane> first, PluginInfo info, std::string source,
                     std::vector<std::string> load_log, LaneFactory more, const SandboxLimits& limits)
    : info_(std::move(info)),
      source_(std::move(source)),
      more_(std::move(more)),
      max_lanes_(std::max(1, limits.states)),
      last_log_(std::move(load_log)) {
  sandboxes_.push_back(first->sandbox.get());
  idle_.push_back(std::move(first));
}

LuaPlugin::~LuaPlugin() = default;

Value LuaPlugin::CheckConfig(const Value& config, std::vector<ConfigProblem>* problems) const {
  return ApplyConfigSchema(info_.config_schema, config, problems);
}

Status LuaPlugin::SetConfig(const Value& config) {
  try {
    std::vector<ConfigProblem> problems;
    Value complete = CheckConfig(config, &problems);
    if (!problems.empty()) {
      std::string msg = "plugin '" + info_.name + "' config:";
      for (const auto& p : problems) msg += " " + (p.path.empty() ? std::string() : p.path + ": ") + p.message + ";";
      msg.pop_back();
      return Status::InvalidArgument(msg);
    }
    // Bound on one lane first, so that a config too large is reported here
    // and the one before stays; the other lanes bind it when next used.
    Result<std::unique_ptr<PluginLane>> lane = Acquire();
    if (!lane.ok()) return lane.status();
    Lease lease(this, std::move(lane).value());
    uint64_t generation = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      generation = config_generation_ + 1;
    }
    KASANE_RETURN_IF_ERROR(BindValue(lease.get(), complete, generation));
    std::lock_guard<std::mutex> lock(mu_);
    config_ = std::move(complete);
    config_generation_ = generation;
    return Status::OK();
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("plugin '" + info_.name + "': out of memory while binding its config");
  }
}

Status LuaPlugin::BindConfig(PluginLane* lane) {
  Value config;
  uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (lane->config_generation == config_generation_) return Status::OK();
    config = config_;
    generation = config_generation_;
  }
  return BindValue(lane, config, generation);
}

Status LuaPlugin::BindValue(PluginLane* lane, const Value& config, uint64_t generation) {
  lua_State* L = lane->sandbox->state();
  ConfigRequest req{&config, LUA_NOREF};
  lua::CallResult r = lua::RunProtected(L, PinConfig, &req, 0);
  if (!r.ok())
    return Status::ResourceExhausted("plugin '" + info_.name + "' config does not fit in its memory limit of " +
                                     FormatBytes(lane->sandbox->limits().memory_bytes));
  lane->config = lua::RegistryRef(L, req.ref);
  lane->config_generation = generation;
  return Status::OK();
}

Result<std::unique_ptr<PluginLane>> LuaPlugin::Acquire() {
  std::unique_ptr<PluginLane> lane;
  {
    std::unique_lock<std::mutex> lock(mu_);
    lane_released_.wait(lock, [&] { return !idle_.empty() || static_cast<int>(sandboxes_.size()) < max_lanes_; });
    if (!idle_.empty()) {
      lane = std::move(idle_.back());
      idle_.pop_back();
    } else {
      sandboxes_.push_back(nullptr);  // reserves the place while the lane is made
    }
  }
  if (lane == nullptr) {
    Result<std::unique_ptr<PluginLane>> made = Status::Internal("no way to make another lane");
    try {
      if (more_) made = more_();
    } catch (...) {  // the place reserved above is given back
      made = Status::ResourceExhausted("out of memory");
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto reserved = std::find(sandboxes_.begin(), sandboxes_.end(), nullptr);
    if (!made.ok()) {
      sandboxes_.erase(reserved);
      lane_released_.notify_one();
      return made.status().WithContext("plugin '" + info_.name + "': another Lua state");
    }
    lane = std::move(made).value();
    *reserved = lane->sandbox.get();
  }
  Status bound;
  try {
    bound = BindConfig(lane.get());
  } catch (const std::bad_alloc&) {  // the lane goes back, not lost
    bound = Status::ResourceExhausted("out of memory while binding the config");
  }
  if (!bound.ok()) {
    Release(std::move(lane));
    return bound;
  }
  return lane;
}

void LuaPlugin::Release(std::unique_ptr<PluginLane> lane) {
  if (lane == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(lane));
  lane_released_.notify_one();
}

size_t LuaPlugin::memory_in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t total = 0;
  for (const Sandbox* sandbox : sandboxes_)
    if (sandbox != nullptr) total += sandbox->memory_in_use();
  return total;
}

int LuaPlugin::lanes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(sandboxes_.size());
}

std::vector<std::string> LuaPlugin::last_log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_log_;
}

Status LuaPlugin::Invoke(PluginLane* lane, const PluginCall& call, bool guard, ChangeSet* pending, int* base) {
  const std::vector<std::string>& names = guard ? info_.guards : info_.actions;
  const char* kind = guard ? "guard" : "action";
  if (!std::binary_search(names.begin(), names.end(), call.function))
    return Status::NotFound("plugin '" + info_.name + "' has no " + kind + " '" + call.function + "'" +
                            DidYouMeanSuffix(call.function, names));

  Sandbox* sandbox = lane->sandbox.get();
  CallScope scope;
  scope.call = &call;
  scope.changes = pending;
  scope.function = std::string(guard ? "guards." : "actions.") + call.function;
  scope.decision_source = info_.name + "." + call.function;
  scope.now_iso = FormatJst(call.now);
  scope.config_ref = lane->config.valid() ? lane->config.id() : -1;
  scope.change_bytes_left = sandbox->limits().memory_bytes;

  lua_State* L = sandbox->state();
  *base = lua_gettop(L);
  FunctionRequest req{guard ? "guards" : "actions", call.function.c_str(), call.function.size()};
  Sandbox::Call running(sandbox, &scope);
  lua::CallResult r = PushFreshFunction(sandbox, lane->main_chunk, &req, &scope);
  if (r.ok()) r = lua::RunProtected(L, PushCallArguments, &scope, 2);
  if (r.ok()) r = lua::ProtectedCall(L, 2, LUA_MULTRET);
  running.End();
  last_peak_.store(sandbox->peak_memory_of_call(), std::memory_order_relaxed);
  {
    std::vector<std::string> log = FinishedLog(scope);
    std::lock_guard<std::mutex> lock(mu_);
    last_log_ = std::move(log);
  }

  Status outcome = CallOutcome(*sandbox, scope, r);
  if (!outcome.ok()) {
    lua_settop(L, *base);
    sandbox->CollectGarbage();  // free what a runaway call left behind
  }
  return outcome;
}

Result<GuardVerdict> LuaPlugin::CallGuard(const PluginCall& call) {
  const std::string who = "plugin '" + info_.name + "' guards." + call.function;
  try {
    Result<std::unique_ptr<PluginLane>> acquired = Acquire();
    if (!acquired.ok()) return acquired.status();
    Lease lease(this, std::move(acquired).value());  // outlives the stack guard below
    lua_State* L = lease.get()->sandbox->state();
    lua::StackGuard keep(L);
    int base = 0;
    KASANE_RETURN_IF_ERROR(Invoke(lease.get(), call, true, nullptr, &base));
    int n = lua_gettop(L) - base;
    int first = base + 1;
    if (n == 0) return Status::PluginError(who + ": returned nothing; a guard returns true, or false and a reason");
    if (lua_type(L, first) != LUA_TBOOLEAN)
      return Status::PluginError(who + ": must return a boolean first, got " + luaL_typename(L, first));
    GuardVerdict verdict;
    if (lua_toboolean(L, first) != 0) {
      verdict.allow = true;
      return verdict;
    }
    if (n >= 2 && !lua_isnil(L, first + 1)) {
      Value reason;
      std::string error;
      if (lua_type(L, first + 1) != LUA_TSTRING)
        return Status::PluginError(who + ": the reason for a refusal must be a string, got " +
                                   luaL_typename(L, first + 1));
      if (!ToValue(L, first + 1, &reason, &error)) return Status::PluginError(who + ": the reason: " + error);
      verdict.reason = CutText(reason.as_string(), kMaxReasonBytes);
    }
    if (verdict.reason.empty()) verdict.reason = info_.name + "." + call.function + " により許可されませんでした";
    return verdict;
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted(who + ": out of memory in the host");
  }
}

Status LuaPlugin::CallAction(const PluginCall& call, ChangeSet* changes) {
  if (changes == nullptr) return Status::Internal("CallAction needs a ChangeSet");
  const std::string who = "plugin '" + info_.name + "' actions." + call.function;
  try {
    Result<std::unique_ptr<PluginLane>> acquired = Acquire();
    if (!acquired.ok()) return acquired.status();
    Lease lease(this, std::move(acquired).value());  // outlives the stack guard below
    lua_State* L = lease.get()->sandbox->state();
    lua::StackGuard keep(L);
    ChangeSet pending;
    int base = 0;
    KASANE_RETURN_IF_ERROR(Invoke(lease.get(), call, false, &pending, &base));
    for (int i = base + 1; i <= lua_gettop(L); ++i) {
      if (!lua_isnil(L, i))
        return Status::PluginError(who + ": an action returns nothing (it records changes with ctx methods), got a " +
                                   luaL_typename(L, i));
    }
    Merge(std::move(pending), changes);
    return Status::OK();
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted(who + ": out of memory in the host");
  }
}

}  // namespace kasane
