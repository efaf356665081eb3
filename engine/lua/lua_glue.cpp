#include "lua/lua_glue.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace kasane::lua {
namespace {

// Message handler for every protected call: turns the error object into a
// string and, when the message does not already say where it happened, adds
// the first Lua frame of the traceback (not the whole traceback).
int MessageHandler(lua_State* L) {
  const char* msg = nullptr;
  if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {
    msg = lua_tostring(L, 1);
  } else {
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar) != 0; ++level) {
    if (lua_getinfo(L, "Sl", &ar) == 0) break;
    if (ar.currentline <= 0) continue;
    char where[LUA_IDSIZE + 2];
    std::snprintf(where, sizeof where, "%s:", ar.short_src);
    if (std::strstr(msg, where) == nullptr) {
      lua_pushfstring(L, "%s (at %s:%d)", msg, ar.short_src, ar.currentline);
    }
    return 1;
  }
  return 1;
}

CallResult Finish(lua_State* L, int status, int handler) {
  CallResult result;
  result.status = status;
  if (status != LUA_OK) {
    size_t len = 0;
    const char* s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : nullptr;
    result.message = s != nullptr ? std::string(s, len) : std::string("(error without a message)");
    lua_settop(L, handler - 1);
    return result;
  }
  lua_remove(L, handler);
  return result;
}

}  // namespace

CallResult ProtectedCall(lua_State* L, int nargs, int nresults) {
  if (lua_checkstack(L, 2) == 0) {
    lua_pop(L, nargs + 1);
    return {LUA_ERRMEM, "not enough memory"};
  }
  int handler = lua_gettop(L) - nargs;
  lua_pushcfunction(L, MessageHandler);
  lua_insert(L, handler);
  int status = lua_pcall(L, nargs, nresults, handler);
  return Finish(L, status, handler);
}

CallResult RunProtected(lua_State* L, lua_CFunction body, void* arg, int nresults, int value_index) {
  if (lua_checkstack(L, 4) == 0) return {LUA_ERRMEM, "not enough memory"};
  if (value_index != 0) value_index = lua_absindex(L, value_index);
  lua_pushcfunction(L, MessageHandler);
  int handler = lua_gettop(L);
  lua_pushcfunction(L, body);
  lua_pushlightuserdata(L, arg);
  if (value_index != 0) lua_pushvalue(L, value_index);
  int status = lua_pcall(L, value_index != 0 ? 2 : 1, nresults, handler);
  return Finish(L, status, handler);
}

void HostReply::Text(std::string_view s) {
  Item* item = Add(Kind::kText);
  if (item == nullptr) return;
  item->len = std::min(s.size(), kMaxText);
  std::memcpy(item->text, s.data(), item->len);
}

bool HostReply::Fail(std::string_view message) {
  error_len = std::min(message.size(), kMaxError);
  std::memcpy(error, message.data(), error_len);
  return false;
}

HostReply::Item* HostReply::Add(Kind kind) {
  if (count >= 2) return nullptr;
  Item* item = &items[count++];
  item->kind = kind;
  return item;
}

int FinishHostCall(lua_State* L, const HostReply& reply, bool ok) {
  if (!ok) {
    luaL_where(L, 1);
    lua_pushlstring(L, reply.error, reply.error_len);
    lua_concat(L, 2);
    return lua_error(L);
  }
  for (int k = 0; k < reply.count; ++k) {
    const HostReply::Item& item = reply.items[k];
    switch (item.kind) {
      case HostReply::Kind::kNil: lua_pushnil(L); break;
      case HostReply::Kind::kBool: lua_pushboolean(L, item.b ? 1 : 0); break;
      case HostReply::Kind::kInt: lua_pushinteger(L, item.i); break;
      case HostReply::Kind::kText: lua_pushlstring(L, item.text, item.len); break;
    }
  }
  return reply.count;
}

bool ArgString(lua_State* L, int idx, std::string_view* out) {
  if (lua_type(L, idx) != LUA_TSTRING) return false;
  size_t len = 0;
  const char* s = lua_tolstring(L, idx, &len);
  *out = std::string_view(s, len);
  return true;
}

bool ArgInteger(lua_State* L, int idx, int64_t* out) {
  if (lua_type(L, idx) != LUA_TNUMBER) return false;
  int isnum = 0;
  lua_Integer v = lua_tointegerx(L, idx, &isnum);
  if (isnum == 0) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

}  // namespace kasane::lua
