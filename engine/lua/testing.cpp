#include "lua/testing.h"

#include "lua/lua_glue.h"
#include "lua/lua_plugin.h"

namespace kasane {
namespace {

int AppendChunk(lua_State* /*L*/, const void* data, size_t size, void* out) {
  try {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
    return 0;
  } catch (...) {
    return 1;
  }
}

}  // namespace

std::string CompileToBytecodeForTest(const std::string& source) {
  lua::StatePtr L(luaL_newstate());
  if (!L) return {};
  if (luaL_loadbufferx(L.get(), source.data(), source.size(), "=test", "t") != LUA_OK) return {};
  std::string bytecode;
  if (lua_dump(L.get(), AppendChunk, &bytecode, 0) != 0) return {};
  return bytecode;
}

std::vector<std::string> PluginLogForTest(const Plugin& plugin) {
  const auto* lua_plugin = dynamic_cast<const LuaPlugin*>(&plugin);
  return lua_plugin != nullptr ? lua_plugin->last_log() : std::vector<std::string>();
}

}  // namespace kasane
