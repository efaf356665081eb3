// Sandbox: one lua_State with kasane's restricted environment and limits.
//
// Owns the state, its counting allocator (SandboxLimits::memory_bytes) and the
// CPU budget of each call (SandboxLimits::cpu_millis): an instruction-count
// hook, a watchdog for long instructions, estimates charged for C work. The lists of
// what a plugin may reach are at the top of sandbox.cpp. Not thread-safe: the
// owning Plugin runs one call at a time on it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "lua/plugin.h"
#include "util/status.h"

struct lua_State;
struct lua_Debug;

namespace kasane {

struct CallScope;

class Sandbox {
 public:
  // Builds the state: safe libraries, read-only globals, the `kasane` table.
  // `plugin_name` names the plugin in error messages (see set_plugin_name).
  static Result<std::unique_ptr<Sandbox>> Create(const SandboxLimits& limits, std::string plugin_name);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  const SandboxLimits& limits() const { return limits_; }
  const std::string& plugin_name() const { return plugin_name_; }
  void set_plugin_name(std::string name) { plugin_name_ = std::move(name); }

  // Starts a budgeted call: arms the CPU deadline, clears the limit flags and
  // makes `scope` (owned by the caller, may be nullptr) visible to the host API.
  void BeginCall(CallScope* scope);
  // Ends it: any Lua code that still runs before the next BeginCall (there
  // should be none) fails at once.
  void EndCall();
  CallScope* scope() const { return scope_; }

  // BeginCall now, EndCall at End() or when it goes out of scope, so that an
  // exception between them (bad_alloc) cannot leave the call watched.
  class Call {
   public:
    Call(Sandbox* sandbox, CallScope* scope) : sandbox_(sandbox) { sandbox_->BeginCall(scope); }
    ~Call() { End(); }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    void End() {
      if (sandbox_ != nullptr) sandbox_->EndCall();
      sandbox_ = nullptr;
    }

   private:
    Sandbox* sandbox_;
  };

  // Whether the current/last call ran out of CPU time or memory. Both are
  // sticky for the call: a plugin's pcall cannot clear them.
  bool timed_out() const { return timed_out_; }
  bool memory_exhausted() const { return memory_exhausted_ || refusal_pending_; }

  size_t memory_in_use() const { return used_.load(std::memory_order_relaxed); }
  // The most the state held during the current/last call.
  size_t peak_memory_of_call() const { return peak_.load(std::memory_order_relaxed); }

  // Before C work estimated at `nanos` (work_cost.h): false when it costs
  // more than a whole CPU budget (the caller refuses it, naming itself); when
  // it would end past the deadline, ends the call as a time-out (raises).
  // Otherwise true. Call from inside Lua only.
  bool AffordWork(lua_State* L, double nanos);

  // For host code that loops (conversions): false once the call's deadline
  // has passed, and the call is then marked timed out. True outside calls.
  // Does not raise.
  bool WithinDeadline();

  // Records that coroutine `co` runs now (for the watchdog's handler) and
  // returns the thread that ran before.
  lua_State* EnterThread(lua_State* co);

  // The handler of the watchdog's signal (call_watchdog.h): arms the hook of
  // the running coroutine of this thread's call for the next instruction.
  static void OnWatchdogSignal(int signal);

  // Frees what the last call left behind (after an error).
  void CollectGarbage();

  // Seeds math.random (plugins cannot: math.randomseed is denied). Does not
  // raise; false if Lua ran out of memory.
  bool SeedRandom(int64_t seed);

  // The Sandbox that owns `L` (or one of its coroutines).
  static Sandbox* From(lua_State* L);

  // Replaces the table on top of the stack with a read-only view of it, named
  // `label` in error messages. Raises (use inside protected code only).
  static void MakeReadOnly(lua_State* L, const char* label);
  // If the value at `idx` is a read-only view, pushes the table it shows and
  // returns true; otherwise pushes nothing. Does not raise.
  static bool PushViewTarget(lua_State* L, int idx);

 private:
  explicit Sandbox(const SandboxLimits& limits, std::string plugin_name);
  static void* Allocate(void* ud, void* ptr, size_t osize, size_t nsize);
  static void CountHook(lua_State* L, lua_Debug* ar);
  // Marks the call timed out and raises its CPU error (re-raised at every
  // instruction after, so a pcall cannot swallow it).
  [[noreturn]] static void Stop(lua_State* L);
  static int Setup(lua_State* L);

  SandboxLimits limits_;
  std::string plugin_name_;
  lua_State* L_ = nullptr;
  std::atomic<size_t> used_{0};
  std::atomic<size_t> peak_{0};

  // The last refused allocation, remembered to tell a refusal cured by Lua's
  // emergency collection (it retries the same request) from a final one.
  bool refusal_pending_ = false;
  const void* refused_ptr_ = nullptr;
  size_t refused_osize_ = 0;
  size_t refused_nsize_ = 0;

  std::chrono::steady_clock::time_point deadline_;
  std::atomic<lua_State*> running_{nullptr};  // the coroutine running the call (read by the signal handler)
  uint64_t watch_id_ = 0;                     // CallWatchdog's id for the call
  bool timed_out_ = false;
  bool memory_exhausted_ = false;
  CallScope* scope_ = nullptr;
};

}  // namespace kasane
