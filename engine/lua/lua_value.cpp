#include "lua/lua_value.h"

#include <cmath>
#include <string_view>
#include <vector>

#include "lua/lua_glue.h"
#include "lua/sandbox.h"

namespace kasane {
namespace {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Rough size of a converted value, charged against the caller's budget.
constexpr size_t kNodeBytes = 32;
constexpr size_t kNodesPerDeadlineCheck = 1024;

class Converter {
 public:
  Converter(lua_State* L, std::string* error, size_t* budget) : L_(L), error_(error), budget_(budget) {}

  bool Convert(int idx, Value* out) {
    idx = lua_absindex(L_, idx);
    if (!Charge(kNodeBytes)) return false;
    if (++nodes_ > kMaxConvertedNodes) {
      *budget_ = 0;  // the size, not the value, was at fault
      return Fail("value too large (more than " + std::to_string(kMaxConvertedNodes) + " items)");
    }
    // The conversion runs in C++, where the count hook cannot stop it.
    if (nodes_ % kNodesPerDeadlineCheck == 0 && !Sandbox::From(L_)->WithinDeadline())
      return Fail("CPU budget exceeded while converting");
    switch (lua_type(L_, idx)) {
      case LUA_TNONE:
      case LUA_TNIL: *out = Value(); return true;
      case LUA_TBOOLEAN: *out = Value(lua_toboolean(L_, idx) != 0); return true;
      case LUA_TNUMBER:
        if (lua_isinteger(L_, idx)) {
          *out = Value(static_cast<int64_t>(lua_tointeger(L_, idx)));
        } else {
          double d = static_cast<double>(lua_tonumber(L_, idx));
          if (!std::isfinite(d)) return Fail("not a finite number");
          *out = Value(d);
        }
        return true;
      case LUA_TSTRING: {
        size_t len = 0;
        const char* s = lua_tolstring(L_, idx, &len);
        if (!Charge(len)) return false;
        std::string_view text(s, len);
        if (!IsValidUtf8(text)) return Fail("string is not valid UTF-8");
        *out = Value(text);
        return true;
      }
      case LUA_TTABLE: return ConvertTable(idx, out);
      default: return Fail(std::string(lua_typename(L_, lua_type(L_, idx))) + "s cannot be converted");
    }
  }

 private:
  bool Charge(size_t bytes) {
    if (budget_ == nullptr) return true;
    if (bytes > *budget_) {
      *budget_ = 0;  // tells the caller the budget, not the value, was at fault
      return Fail("value too large");
    }
    *budget_ -= bytes;
    return true;
  }

  bool Fail(const std::string& what) {
    std::string path;
    for (const auto& part : path_) {
      if (!path.empty() && part[0] != '[') path += '.';
      path += part;
    }
    *error_ = path.empty() ? what : path + ": " + what;
    return false;
  }

  bool ConvertTable(int idx, Value* out) {
    if (lua_checkstack(L_, 4) == 0) return Fail("nested too deeply");
    if (Sandbox::PushViewTarget(L_, idx)) {
      bool ok = ConvertTable(lua_gettop(L_), out);
      lua_pop(L_, 1);
      return ok;
    }
    const void* id = lua_topointer(L_, idx);
    for (const void* open : open_tables_)
      if (open == id) return Fail("table contains a cycle");
    if (static_cast<int>(open_tables_.size()) >= kMaxLuaValueDepth)
      return Fail("nested deeper than " + std::to_string(kMaxLuaValueDepth) + " levels");

    // First pass: classify the keys.
    size_t string_keys = 0;
    size_t int_keys = 0;
    lua_Integer max_int = 0;
    lua_pushnil(L_);
    while (lua_next(L_, idx) != 0) {
      lua_pop(L_, 1);
      int kt = lua_type(L_, -1);
      if (kt == LUA_TSTRING) {
        ++string_keys;
      } else if (kt == LUA_TNUMBER && lua_isinteger(L_, -1) && lua_tointeger(L_, -1) >= 1) {
        ++int_keys;
        if (lua_tointeger(L_, -1) > max_int) max_int = lua_tointeger(L_, -1);
      } else {
        lua_pop(L_, 1);
        return Fail(std::string("table key of type ") + lua_typename(L_, kt) +
                    " (keys must be strings, or 1..n for a list)");
      }
    }
    if (string_keys > 0 && int_keys > 0) return Fail("table mixes list items (1..n) and named keys");
    if (int_keys > 0 && static_cast<size_t>(max_int) != int_keys)
      return Fail("list has holes (keys must be exactly 1.." + std::to_string(max_int) + ")");

    open_tables_.push_back(id);
    bool ok = string_keys > 0 ? ConvertMap(idx, out) : ConvertList(idx, int_keys, out);
    open_tables_.pop_back();
    return ok;
  }

  bool ConvertList(int idx, size_t n, Value* out) {
    Array items(n);
    for (size_t i = 0; i < n; ++i) {
      lua_rawgeti(L_, idx, static_cast<lua_Integer>(i + 1));
      path_.push_back("[" + std::to_string(i + 1) + "]");
      bool ok = Convert(-1, &items[i]);
      path_.pop_back();
      lua_pop(L_, 1);
      if (!ok) return false;
    }
    *out = Value(std::move(items));
    return true;
  }

  bool ConvertMap(int idx, Value* out) {
    Object fields;
    lua_pushnil(L_);
    while (lua_next(L_, idx) != 0) {
      size_t len = 0;
      const char* k = lua_tolstring(L_, -2, &len);  // a string: checked in the first pass
      std::string key(k, len);
      if (!Charge(len)) {
        lua_pop(L_, 2);
        return false;
      }
      path_.push_back(key);
      Value v;
      bool ok = Convert(-1, &v);
      path_.pop_back();
      lua_pop(L_, 1);
      if (!ok) {
        lua_pop(L_, 1);
        return false;
      }
      fields.insert_or_assign(std::move(key), std::move(v));
    }
    *out = Value(std::move(fields));
    return true;
  }

  lua_State* L_;
  std::string* error_;
  size_t* budget_;
  size_t nodes_ = 0;
  std::vector<const void*> open_tables_;
  std::vector<std::string> path_;
};

}  // namespace

void PushValue(lua_State* L, const Value& v, bool read_only, const char* label) {
  luaL_checkstack(L, 4, "value nested too deeply");
  switch (v.type()) {
    case Value::Type::kNull: lua_pushnil(L); return;
    case Value::Type::kBool: lua_pushboolean(L, v.as_bool() ? 1 : 0); return;
    case Value::Type::kInt: lua_pushinteger(L, static_cast<lua_Integer>(v.as_int())); return;
    case Value::Type::kDouble: lua_pushnumber(L, static_cast<lua_Number>(v.as_double())); return;
    case Value::Type::kString: lua_pushlstring(L, v.as_string().data(), v.as_string().size()); return;
    case Value::Type::kArray: {
      const Array& items = v.as_array();
      lua_createtable(L, static_cast<int>(items.size()), 0);
      lua_Integer i = 0;
      for (const Value& item : items) {
        PushValue(L, item, read_only, label);
        lua_rawseti(L, -2, ++i);
      }
      break;
    }
    case Value::Type::kObject: {
      const Object& fields = v.as_object();
      lua_createtable(L, 0, static_cast<int>(fields.size()));
      for (const auto& [key, item] : fields) {
        lua_pushlstring(L, key.data(), key.size());
        PushValue(L, item, read_only, label);
        lua_rawset(L, -3);
      }
      break;
    }
  }
  if (read_only) Sandbox::MakeReadOnly(L, label);
}

bool ToValue(lua_State* L, int idx, Value* out, std::string* error, size_t* budget) {
  size_t unbudgeted = kMaxConvertedBytes;  // a caller without a budget of its own still has this one
  Converter converter(L, error, budget != nullptr ? budget : &unbudgeted);
  return converter.Convert(idx, out);
}

}  // namespace kasane
