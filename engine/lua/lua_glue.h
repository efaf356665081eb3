// The Lua/C boundary, in one place. This is the only kasane header that
// includes the Lua C API; every other engine/lua/*.cpp reaches Lua through it.
//
// Lua reports errors with longjmp. A longjmp that crosses a C++ frame holding
// an object with a destructor skips that destructor, so kasane keeps to three
// rules, all supported by the helpers below:
//
//  1. Host code (plain C++) never calls a Lua function that can raise. It only
//     uses the non-raising subset (lua_type, lua_to*, lua_raw*, lua_next,
//     lua_settop, lua_checkstack, lua_pushvalue ...) and runs everything else
//     inside RunProtected() or ProtectedCall(), which return a CallResult.
//  2. Code that runs inside Lua (a RunProtected body, a lua_CFunction) keeps
//     only trivially destructible locals while it calls raising functions.
//  3. Functions that Lua code calls and that need C++ objects are written as
//     a HostBody and exposed through HostFunction<>: the body does its C++
//     work without raising, the trampoline pushes the reply or raises the
//     error after every C++ object is gone. No C++ exception crosses Lua.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <lua.hpp>
#include <memory>
#include <new>
#include <string>
#include <string_view>

namespace kasane::lua {

// Owns a lua_State and closes it.
struct StateCloser {
  void operator()(lua_State* L) const { lua_close(L); }
};
using StatePtr = std::unique_ptr<lua_State, StateCloser>;

// A value pinned in the registry with luaL_ref; released on destruction.
// The owning lua_State must outlive the ref. Move-only.
class RegistryRef {
 public:
  RegistryRef() = default;
  RegistryRef(lua_State* L, int ref) : L_(L), ref_(ref) {}
  RegistryRef(RegistryRef&& other) noexcept : L_(other.L_), ref_(other.ref_) { other.ref_ = LUA_NOREF; }
  RegistryRef& operator=(RegistryRef&& other) noexcept {
    if (this != &other) {
      Reset();
      L_ = other.L_;
      ref_ = other.ref_;
      other.ref_ = LUA_NOREF;
    }
    return *this;
  }
  RegistryRef(const RegistryRef&) = delete;
  RegistryRef& operator=(const RegistryRef&) = delete;
  ~RegistryRef() { Reset(); }

  bool valid() const { return ref_ != LUA_NOREF && ref_ != LUA_REFNIL; }
  int id() const { return ref_; }
  // Pushes the value (needs one free stack slot; does not raise).
  void Push() const { lua_rawgeti(L_, LUA_REGISTRYINDEX, ref_); }
  void Reset() {
    if (L_ != nullptr && valid()) luaL_unref(L_, LUA_REGISTRYINDEX, ref_);
    ref_ = LUA_NOREF;
  }

 private:
  lua_State* L_ = nullptr;
  int ref_ = LUA_NOREF;
};

// Restores the stack top when the scope ends (host code only).
class StackGuard {
 public:
  explicit StackGuard(lua_State* L) : L_(L), top_(lua_gettop(L)) {}
  ~StackGuard() { lua_settop(L_, top_); }
  StackGuard(const StackGuard&) = delete;
  StackGuard& operator=(const StackGuard&) = delete;

 private:
  lua_State* L_;
  int top_;
};

// The outcome of a protected call: a Lua status (LUA_OK, LUA_ERRRUN,
// LUA_ERRMEM, LUA_ERRERR) and, on error, the message. Runtime error messages
// carry "file:line:" and, when the message has no position, " (at file:line)"
// from the first Lua frame of the traceback.
struct CallResult {
  int status = LUA_OK;
  std::string message;
  bool ok() const { return status == LUA_OK; }
};

// Calls the function below the `nargs` arguments on top of the stack, with the
// traceback message handler. On success leaves `nresults` results (all of them
// with LUA_MULTRET); on error leaves nothing of the call on the stack.
CallResult ProtectedCall(lua_State* L, int nargs, int nresults);

// Runs body(L) in protected mode with lua_touserdata(L, 1) == arg and, if
// `value_index` is not 0, a copy of the caller's stack value at that index as
// argument 2 (the body has its own stack frame). The body must keep only
// trivially destructible locals (rule 2). Results as above.
CallResult RunProtected(lua_State* L, lua_CFunction body, void* arg, int nresults, int value_index = 0);

// A reply a HostBody fills for HostFunction to push: up to two results of
// simple types, or an error message. Trivially destructible on purpose.
struct HostReply {
  static constexpr size_t kMaxText = 240;
  static constexpr size_t kMaxError = 480;
  enum class Kind : unsigned char { kNil, kBool, kInt, kText };
  struct Item {
    Kind kind;
    bool b;
    lua_Integer i;
    size_t len;
    char text[kMaxText];
  };
  int count;
  Item items[2];
  size_t error_len;
  char error[kMaxError];

  void Nil() { Add(Kind::kNil); }
  void Bool(bool v) {
    if (Item* item = Add(Kind::kBool)) item->b = v;
  }
  void Int(int64_t v) {
    if (Item* item = Add(Kind::kInt)) item->i = static_cast<lua_Integer>(v);
  }
  void Text(std::string_view s);
  // Records the error and returns false, so a body can `return r->Fail(...)`.
  bool Fail(std::string_view message);

 private:
  Item* Add(Kind kind);  // nullptr once two results are queued
};

// The C++ half of a function exposed to Lua. It reads its arguments with the
// non-raising API only, does its work, fills `reply` and returns true, or
// returns reply->Fail(message). It may throw; the trampoline catches.
using HostBody = bool (*)(lua_State* L, HostReply* reply);

// Pushes `reply`'s results (returns their count) or raises its error with the
// position of the calling Lua code.
int FinishHostCall(lua_State* L, const HostReply& reply, bool ok);

// The lua_CFunction for a HostBody.
template <HostBody Body>
int HostFunction(lua_State* L) {
  HostReply reply;
  reply.count = 0;
  reply.error_len = 0;
  bool ok = false;
  try {
    ok = Body(L, &reply);
  } catch (const std::bad_alloc&) {
    ok = reply.Fail("out of memory in the host");
  } catch (const std::exception& e) {
    ok = reply.Fail(e.what());
  } catch (...) {
    ok = reply.Fail("internal error in the host");
  }
  return FinishHostCall(L, reply, ok);
}

// Non-raising argument helpers for HostBody code.
// The string at `idx` if it is a real string (numbers are not converted).
bool ArgString(lua_State* L, int idx, std::string_view* out);
// The integer at `idx` (an integral float counts).
bool ArgInteger(lua_State* L, int idx, int64_t* out);

}  // namespace kasane::lua
