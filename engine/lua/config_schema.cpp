#include "lua/config_schema.h"

#include <algorithm>

#include "util/text.h"

namespace kasane {
namespace {

const std::vector<std::string>& Types() {
  static const std::vector<std::string> kTypes = {"string", "integer", "number", "boolean", "list", "map", "enum"};
  return kTypes;
}

const std::vector<std::string>& EntryKeys() {
  static const std::vector<std::string> kKeys = {"type",  "required", "default", "description",
                                                 "items", "fields",   "values",  "one_of"};
  return kKeys;
}

// DidYouMean, plus a candidate the word is a prefix of ("bool" -> "boolean").
std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string guess = DidYouMean(word, candidates);
  if (!guess.empty() || word.size() < 3) return guess;
  for (const auto& c : candidates)
    if (StartsWith(c, word)) return c;
  return std::string();
}

std::string SuggestSuffix(const std::string& word, const std::vector<std::string>& candidates) {
  std::string guess = Suggest(word, candidates);
  return guess.empty() ? std::string() : " (did you mean '" + guess + "'?)";
}

std::string Join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string Show(const Value& v) { return v.is_string() ? Quote(v.as_string()) : v.ToJson(); }

void Add(std::vector<ConfigProblem>* problems, std::string path, std::string message) {
  problems->push_back(ConfigProblem{std::move(path), std::move(message)});
}

// Lua cannot tell an empty map from an empty list; both arrive as a list.
bool IsMapLike(const Value& v) { return v.is_object() || (v.is_array() && v.as_array().empty()); }

const Object& EmptyObject() {
  static const Object kEmpty;
  return kEmpty;
}

const Object& AsMap(const Value& v) { return v.is_object() ? v.as_object() : EmptyObject(); }

std::string TypeOf(const Value& entry) {
  const Value* t = entry.find("type");
  return t != nullptr && t->is_string() ? t->as_string() : std::string();
}

std::vector<std::string> KeysOf(const Object& o) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : o) keys.push_back(k);
  return keys;
}

Value ApplyValue(const Value& entry, const Value& v, const std::string& path, std::vector<ConfigProblem>* problems);

// Applies a map schema (known `fields`, optional `values` entry for the rest).
Value ApplyMap(const Object& fields, const Value* values, const Value& config, const std::string& path,
               std::vector<ConfigProblem>* problems) {
  Object out;
  for (const auto& [key, v] : AsMap(config)) {
    if (v.is_null()) continue;
    std::string sub = Join(path, key);
    auto known = fields.find(key);
    if (known != fields.end()) {
      out[key] = ApplyValue(known->second, v, sub, problems);
    } else if (values != nullptr) {
      out[key] = ApplyValue(*values, v, sub, problems);
    } else {
      Add(problems, sub, "unknown key " + Quote(key) + SuggestSuffix(key, KeysOf(fields)));
    }
  }
  for (const auto& [key, entry] : fields) {
    if (out.count(key) != 0) continue;
    if (const Value* def = entry.find("default")) {
      out[key] = ApplyValue(entry, *def, Join(path, key), problems);
    } else if (const Value* req = entry.find("required"); req != nullptr && req->is_bool() && req->as_bool()) {
      Add(problems, Join(path, key), "required key is missing");
    }
  }
  return Value(std::move(out));
}

Value ApplyValue(const Value& entry, const Value& v, const std::string& path, std::vector<ConfigProblem>* problems) {
  const std::string type = TypeOf(entry);
  auto mismatch = [&]() {
    Add(problems, path, "expected " + type + ", got " + std::string(v.type_name()));
    return v;
  };
  if (type == "string") return v.is_string() ? v : mismatch();
  if (type == "integer") return v.is_int() ? v : mismatch();
  if (type == "number") return v.is_number() ? v : mismatch();
  if (type == "boolean") return v.is_bool() ? v : mismatch();
  if (type == "list") {
    if (!v.is_array()) return mismatch();
    const Value* items = entry.find("items");
    if (items == nullptr) return v;
    Array out;
    size_t i = 0;
    for (const Value& item : v.as_array())
      out.push_back(ApplyValue(*items, item, path + "[" + std::to_string(++i) + "]", problems));
    return Value(std::move(out));
  }
  if (type == "map") {
    if (!IsMapLike(v)) return mismatch();
    const Value* fields = entry.find("fields");
    const Value* values = entry.find("values");
    if (fields == nullptr && values == nullptr) return v.is_object() ? v : Value(Object{});
    return ApplyMap(fields != nullptr ? AsMap(*fields) : EmptyObject(), values, v, path, problems);
  }
  if (type == "enum") {
    const Value* one_of = entry.find("one_of");
    std::string allowed;
    if (one_of != nullptr && one_of->is_array()) {
      for (const Value& option : one_of->as_array()) {
        if (option == v) return v;
        allowed += (allowed.empty() ? "" : ", ") + Show(option);
      }
    }
    Add(problems, path, "expected one of " + allowed + ", got " + Show(v));
    return v;
  }
  return v;  // unknown type: reported by CheckConfigSchema
}

bool IsScalar(const Value& v) { return v.is_string() || v.is_number() || v.is_bool(); }

void CheckEntry(const Value& entry, const std::string& path, std::vector<ConfigProblem>* problems) {
  if (!entry.is_object()) {
    Add(problems, path, "expected a table like { type = \"string\" }, got " + std::string(entry.type_name()));
    return;
  }
  size_t before = problems->size();
  for (const auto& [key, v] : entry.as_object()) {
    if (std::find(EntryKeys().begin(), EntryKeys().end(), key) == EntryKeys().end())
      Add(problems, Join(path, key), "unknown key " + Quote(key) + SuggestSuffix(key, EntryKeys()));
  }
  const Value* type = entry.find("type");
  std::string type_list = "string, integer, number, boolean, list, map, enum";
  if (type == nullptr) {
    Add(problems, path, "missing 'type' (one of " + type_list + ")");
    return;
  }
  if (!type->is_string() || std::find(Types().begin(), Types().end(), type->as_string()) == Types().end()) {
    std::string got = type->is_string() ? Quote(type->as_string()) : std::string(type->type_name());
    std::string hint = type->is_string() ? Suggest(type->as_string(), Types()) : std::string();
    Add(problems, Join(path, "type"),
        "unknown type " + got + " (expected one of " + type_list +
            (hint.empty() ? std::string(")") : "; did you mean '" + hint + "'?)"));
    return;
  }
  const std::string& t = type->as_string();
  auto only_for = [&](const char* key, const char* for_type) {
    if (entry.find(key) != nullptr && t != for_type)
      Add(problems, Join(path, key), std::string("'") + key + "' is only for type " + for_type);
  };
  only_for("items", "list");
  only_for("fields", "map");
  only_for("values", "map");
  only_for("one_of", "enum");

  if (const Value* req = entry.find("required"); req != nullptr && !req->is_bool())
    Add(problems, Join(path, "required"), "expected boolean, got " + std::string(req->type_name()));
  if (const Value* desc = entry.find("description"); desc != nullptr) {
    bool ok = desc->is_string();
    if (desc->is_object()) {
      ok = true;
      for (const auto& [lang, text] : desc->as_object()) ok = ok && (lang == "ja" || lang == "en") && text.is_string();
    }
    if (!ok) Add(problems, Join(path, "description"), "expected a string or { ja = \"...\", en = \"...\" }");
  }
  if (t == "list") {
    if (const Value* items = entry.find("items")) CheckEntry(*items, Join(path, "items"), problems);
  }
  if (t == "map") {
    if (const Value* values = entry.find("values")) CheckEntry(*values, Join(path, "values"), problems);
    if (const Value* fields = entry.find("fields")) {
      if (!IsMapLike(*fields)) {
        Add(problems, Join(path, "fields"), "expected a table of entries, got " + std::string(fields->type_name()));
      } else {
        for (const auto& [key, sub] : AsMap(*fields)) CheckEntry(sub, Join(path, "fields." + key), problems);
      }
    }
  }
  if (t == "enum") {
    const Value* one_of = entry.find("one_of");
    bool ok = one_of != nullptr && one_of->is_array() && !one_of->as_array().empty();
    if (ok)
      for (const Value& option : one_of->as_array()) ok = ok && IsScalar(option);
    if (!ok) Add(problems, Join(path, "one_of"), "an enum needs 'one_of', a non-empty list of strings or numbers");
  }
  // The default must itself satisfy the entry (only once the entry is sound).
  if (const Value* def = entry.find("default"); def != nullptr && problems->size() == before) {
    std::vector<ConfigProblem> found;
    ApplyValue(entry, *def, Join(path, "default"), &found);
    for (auto& p : found) Add(problems, std::move(p.path), "default does not match the type: " + p.message);
  }
}

}  // namespace

void CheckConfigSchema(const Value& schema, std::vector<ConfigProblem>* problems) {
  if (schema.is_null()) return;
  if (!IsMapLike(schema)) {
    Add(problems, "config", "expected a table of entries, got " + std::string(schema.type_name()));
    return;
  }
  for (const auto& [key, entry] : AsMap(schema)) CheckEntry(entry, "config." + key, problems);
}

Value ApplyConfigSchema(const Value& schema, const Value& config, std::vector<ConfigProblem>* problems) {
  if (!config.is_null() && !IsMapLike(config)) {
    Add(problems, "", "expected map, got " + std::string(config.type_name()));
    return config;
  }
  return ApplyMap(AsMap(schema), nullptr, config, "", problems);
}

}  // namespace kasane
