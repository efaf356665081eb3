// Plugin::LoadFromDir / LoadFromSource: runs the main chunk in a fresh sandbox
// and checks the table it returns. A rejected plugin is never half-used: the
// sandbox is thrown away with the error.
#include <algorithm>

#include "lua/config_schema.h"
#include "lua/determinism.h"
#include "lua/host_api.h"
#include "lua/lua_glue.h"
#include "lua/lua_plugin.h"
#include "lua/lua_value.h"
#include "util/text.h"

namespace kasane {
namespace {

constexpr size_t kMaxSourceBytes = size_t{1} << 20;

const std::vector<std::string>& TopLevelKeys() {
  static const std::vector<std::string> kKeys = {"name", "version", "description", "config", "guards", "actions"};
  return kKeys;
}

bool IsPluginName(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Semantic version "x.y.z" (digits only).
bool IsVersion(const std::string& s) {
  int parts = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.') return false;
    ++i;
    if (i == s.size()) return false;
  }
  return parts == 3;
}

bool IsFunctionName(std::string_view s) {
  auto ident = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (s.empty() || !ident(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return ident(c) || IsDigit(c); });
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string KeyString(lua_State* L, int idx) {
  size_t len = 0;
  const char* s = lua_tolstring(L, idx, &len);  // callers check the type first
  return std::string(s, len);
}

// What the plugin table declares, read without running any plugin code.
struct Declared {
  bool has_name = false;
  bool has_version = false;
  Value name;
  Value version;
  Value description;
  Value config;
  std::vector<std::string> guards;
  std::vector<std::string> actions;
};

void ReadFunctionTable(lua_State* L, int idx, const std::string& section, std::vector<std::string>* names,
                       std::vector<std::string>* problems) {
  if (lua_type(L, idx) != LUA_TTABLE) {
    problems->push_back(Quote(section) + " must be a table of functions, got " + luaL_typename(L, idx));
    return;
  }
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING || !IsFunctionName(KeyString(L, -2))) {
      std::string key = lua_type(L, -2) == LUA_TSTRING ? Quote(KeyString(L, -2)) : luaL_typename(L, -2);
      problems->push_back(section + ": function names must be identifiers like check_consent, got " + key);
    } else if (lua_type(L, -1) != LUA_TFUNCTION) {
      problems->push_back(section + "." + KeyString(L, -2) + " must be a function, got " + luaL_typename(L, -1));
    } else {
      names->push_back(KeyString(L, -2));
    }
    lua_pop(L, 1);
  }
  std::sort(names->begin(), names->end());
}

void ReadValue(lua_State* L, const char* key, Value* out, std::vector<std::string>* problems) {
  std::string error;
  if (!ToValue(L, -1, out, &error)) problems->push_back(std::string(key) + ": " + error);
}

Declared ReadDeclared(lua_State* L, int table, std::vector<std::string>* problems) {
  Declared d;
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    int value = lua_gettop(L);
    if (lua_type(L, -2) != LUA_TSTRING) {
      problems->push_back(std::string("top-level keys must be strings, got a ") + luaL_typename(L, -2) + " key");
      lua_pop(L, 1);
      continue;
    }
    std::string key = KeyString(L, -2);
    if (key == "name") {
      d.has_name = true;
      ReadValue(L, "name", &d.name, problems);
    } else if (key == "version") {
      d.has_version = true;
      ReadValue(L, "version", &d.version, problems);
    } else if (key == "description") {
      ReadValue(L, "description", &d.description, problems);
    } else if (key == "config") {
      ReadValue(L, "config", &d.config, problems);
    } else if (key == "guards") {
      ReadFunctionTable(L, value, "guards", &d.guards, problems);
    } else if (key == "actions") {
      ReadFunctionTable(L, value, "actions", &d.actions, problems);
    } else {
      problems->push_back("unknown top-level key " + Quote(key) + DidYouMeanSuffix(key, TopLevelKeys()));
    }
    lua_settop(L, value - 1);
  }
  return d;
}

// Checks what ReadDeclared found and fills `info`.
void CheckDeclared(const Declared& d, const std::string& expected_name, const std::string& folder, PluginInfo* info,
                   std::vector<std::string>* problems) {
  if (!d.has_name) {
    problems->push_back("missing 'name'");
  } else if (!d.name.is_string() || !IsPluginName(d.name.as_string())) {
    std::string got = d.name.is_string() ? Quote(d.name.as_string()) : std::string(d.name.type_name());
    problems->push_back("'name' must match ^[a-z][a-z0-9_-]*$ (at most 64 characters), got " + got);
  } else {
    info->name = d.name.as_string();
    if (!folder.empty() && info->name != folder)
      problems->push_back("name " + Quote(info->name) + " does not match its folder " + Quote(folder));
    else if (!expected_name.empty() && info->name != expected_name)
      problems->push_back("name " + Quote(info->name) + " is not the expected " + Quote(expected_name));
  }
  if (!d.has_version) {
    problems->push_back("missing 'version' (semantic version x.y.z, e.g. \"1.0.0\")");
  } else if (!d.version.is_string() || !IsVersion(d.version.as_string())) {
    std::string got = d.version.is_string() ? Quote(d.version.as_string()) : std::string(d.version.type_name());
    problems->push_back("'version' must be a semantic version x.y.z (e.g. \"1.0.0\"), got " + got);
  } else {
    info->version = d.version.as_string();
  }
  if (d.description.is_string()) {
    info->description.ja = d.description.as_string();
  } else if (d.description.is_object()) {
    for (const auto& [lang, text] : d.description.as_object()) {
      if ((lang != "ja" && lang != "en") || !text.is_string()) {
        problems->push_back("'description' may only have string 'ja' and 'en' entries, got " + Quote(lang));
        continue;
      }
      (lang == "ja" ? info->description.ja : info->description.en) = text.as_string();
    }
  } else if (!d.description.is_null()) {
    problems->push_back("'description' must be a string or { ja = \"...\", en = \"...\" }");
  }
  if (d.guards.empty() && d.actions.empty()) problems->push_back("the plugin declares no guards and no actions");
  for (const auto& g : d.guards) info->guards.push_back(g);
  for (const auto& a : d.actions) info->actions.push_back(a);

  std::vector<ConfigProblem> schema_problems;
  CheckConfigSchema(d.config, &schema_problems);
  for (const auto& p : schema_problems) problems->push_back(p.path + ": " + p.message);
  info->config_schema = d.config.is_array() && d.config.as_array().empty() ? Value(Object{}) : d.config;
}

// Protected body: pins argument 2 in the registry, *arg = the ref.
int PinValue(lua_State* L) {
  *static_cast<int*>(lua_touserdata(L, 1)) = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

// Lua shortens a long chunk name to "...<its end>" (LUA_IDSIZE); a message
// that starts so names the file in full again, whatever the checkout's path.
std::string WithFullChunkName(const std::string& msg, const std::string& chunk) {
  if (!StartsWith(msg, "...")) return msg;
  const size_t colon = msg.find(':');
  if (colon == std::string::npos) return msg;
  const std::string tail = msg.substr(3, colon - 3);
  if (chunk.size() < tail.size() || chunk.compare(chunk.size() - tail.size(), tail.size(), tail) != 0) return msg;
  return chunk + msg.substr(colon);
}

// One lane of the plugin: a sandbox whose main chunk ran and whose plugin
// table was checked; *info and *log describe it.
Result<std::unique_ptr<PluginLane>> LoadLane(const std::string& source, const std::string& chunk,
                                             const SandboxLimits& limits, const std::string& expected_name,
                                             const std::string& folder, PluginInfo* info,
                                             std::vector<std::string>* log) {
  if (!source.empty() && source[0] == LUA_SIGNATURE[0])
    return Status::InvalidArgument(chunk +
                                   ": precompiled Lua (bytecode) is refused; plugins are loaded as source text only");
  std::string label = !expected_name.empty() ? expected_name : !folder.empty() ? folder : chunk;
  auto created = Sandbox::Create(limits, label);
  if (!created.ok()) return created.status().WithContext(chunk);
  std::unique_ptr<Sandbox> sandbox = std::move(created).value();
  lua_State* L = sandbox->state();  // on error the whole state is thrown away

  std::string chunk_name = "@" + chunk;
  int loaded = luaL_loadbufferx(L, source.data(), source.size(), chunk_name.c_str(), "t");
  if (loaded != LUA_OK) {
    std::string msg = lua_type(L, -1) == LUA_TSTRING ? WithFullChunkName(lua_tostring(L, -1), chunk)
                                                     : "cannot load the chunk";
    if (loaded == LUA_ERRMEM)
      return Status::ResourceExhausted(chunk + ": the source does not fit in the plugin memory limit");
    return Status::InvalidArgument(StartsWith(msg, chunk) ? msg : chunk + ": " + msg);
  }
  // The compiled chunk is kept: it runs again before every call (lua_plugin.cpp).
  int main_ref = LUA_NOREF;
  if (!lua::RunProtected(L, PinValue, &main_ref, 0, -1).ok())
    return Status::ResourceExhausted(chunk + ": the plugin does not fit in its memory limit");
  lua::RegistryRef main_chunk(L, main_ref);

  CallScope scope;
  scope.function = "main chunk";
  Sandbox::Call running(sandbox.get(), &scope);
  lua::CallResult run = sandbox->SeedRandom(kMainChunkRandomSeed) ? lua::ProtectedCall(L, 0, 1)
                                                                  : lua::CallResult{LUA_ERRMEM, "not enough memory"};
  running.End();
  Status outcome = CallOutcome(*sandbox, scope, run);
  if (!outcome.ok()) {
    if (outcome.code() == Status::Code::kPluginError) return outcome;  // the message names file and line
    return outcome.WithContext(chunk);
  }

  int table = lua_gettop(L);
  if (lua_type(L, table) != LUA_TTABLE)
    return Status::InvalidArgument(chunk +
                                   ": the chunk must return the plugin table ({ name = ..., version = ..., "
                                   "guards = {...}, actions = {...} }), got " +
                                   luaL_typename(L, table));
  std::vector<std::string> problems;
  Declared declared = ReadDeclared(L, table, &problems);
  info->source_path = chunk;
  CheckDeclared(declared, expected_name, folder, info, &problems);
  if (!problems.empty()) {
    std::string msg = chunk + ": ";
    for (size_t i = 0; i < problems.size(); ++i) msg += (i > 0 ? "; " : "") + problems[i];
    return Status::InvalidArgument(msg);
  }

  sandbox->set_plugin_name(info->name);
  lua_settop(L, 0);
  *log = FinishedLog(scope);
  auto lane = std::make_unique<PluginLane>();
  lane->sandbox = std::move(sandbox);
  lane->main_chunk = std::move(main_chunk);
  return lane;
}

Result<std::unique_ptr<Plugin>> Load(const std::string& source, const std::string& chunk, const SandboxLimits& limits,
                                     const std::string& expected_name, const std::string& folder) {
  PluginInfo info;
  std::vector<std::string> log;
  Result<std::unique_ptr<PluginLane>> first = LoadLane(source, chunk, limits, expected_name, folder, &info, &log);
  if (!first.ok()) return first.status();
  // Further lanes load the same source again: the same checks, the same table.
  LaneFactory more = [source, chunk, limits, expected_name, folder]() -> Result<std::unique_ptr<PluginLane>> {
    PluginInfo again;
    std::vector<std::string> ignored;
    try {
      return LoadLane(source, chunk, limits, expected_name, folder, &again, &ignored);
    } catch (const std::bad_alloc&) {
      return Status::ResourceExhausted(chunk + ": out of memory while loading the plugin");
    }
  };
  auto plugin = std::make_unique<LuaPlugin>(std::move(first).value(), std::move(info), source, std::move(log),
                                            std::move(more), limits);
  // Calls see the defaults until SetConfig binds a real config.
  std::vector<ConfigProblem> config_problems;
  Value defaults = plugin->CheckConfig(Value(), &config_problems);
  if (config_problems.empty()) KASANE_RETURN_IF_ERROR(plugin->SetConfig(defaults));
  return std::unique_ptr<Plugin>(std::move(plugin));
}

}  // namespace

Result<std::unique_ptr<Plugin>> Plugin::LoadFromDir(const std::string& dir, const std::string& expected_name,
                                                    const SandboxLimits& limits) {
  std::string d = dir;
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  size_t slash = d.rfind('/');
  std::string folder = slash == std::string::npos ? d : d.substr(slash + 1);
  std::string parent_path = slash == std::string::npos ? std::string() : d.substr(0, slash);
  size_t pslash = parent_path.rfind('/');
  std::string parent = pslash == std::string::npos ? parent_path : parent_path.substr(pslash + 1);
  std::string chunk = (parent.empty() ? std::string() : parent + "/") + folder + "/plugin.lua";

  std::string path = d + "/plugin.lua";
  std::string source;
  std::string error;
  try {
    if (!ReadFileLimited(path, kMaxSourceBytes, &source, &error)) return Status::IOError(path + ": " + error);
    return Load(source, chunk, limits, expected_name, folder);
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted(path + ": out of memory while loading the plugin");
  }
}

Result<std::unique_ptr<Plugin>> Plugin::LoadFromSource(const std::string& source, const std::string& chunk_name,
                                                       const SandboxLimits& limits) {
  // "plugins/<folder>/plugin.lua": the declared name must match <folder>.
  std::string folder;
  const std::string kFile = "/plugin.lua";
  if (chunk_name.size() > kFile.size() &&
      chunk_name.compare(chunk_name.size() - kFile.size(), kFile.size(), kFile) == 0) {
    std::string parent = chunk_name.substr(0, chunk_name.size() - kFile.size());
    size_t slash = parent.rfind('/');
    folder = slash == std::string::npos ? parent : parent.substr(slash + 1);
  }
  try {
    if (source.size() > kMaxSourceBytes)
      return Status::InvalidArgument(chunk_name + ": source is " + std::to_string(source.size()) +
                                     " bytes, over the limit of " + std::to_string(kMaxSourceBytes) + " bytes");
    return Load(source, chunk_name, limits, std::string(), folder);
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted(chunk_name + ": out of memory while loading the plugin");
  }
}

}  // namespace kasane
