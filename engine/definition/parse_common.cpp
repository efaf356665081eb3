#include "definition/parse_common.h"

#include "definition/yaml_value.h"
#include "util/text.h"

namespace kasane {
namespace {

constexpr size_t kMaxIdLength = 64;

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsFunctionName(std::string_view name) {
  if (name.empty() || name.size() > kMaxIdLength || IsDigit(name[0])) return false;
  for (char c : name)
    if (!(IsLower(c) || IsDigit(c) || c == '_' || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength || !IsLower(id[0])) return false;
  for (char c : id)
    if (!(IsLower(c) || IsDigit(c) || c == '_' || c == '-')) return false;
  return true;
}

bool IsValidEventName(std::string_view name) {
  if (name.empty() || name.size() > kMaxIdLength || !IsLower(name[0])) return false;
  for (char c : name)
    if (!(IsLower(c) || IsDigit(c) || c == '_')) return false;
  return true;
}

bool CheckId(YamlReader* reader, const SourcePos& pos, std::string_view kind, const std::string& id) {
  if (IsValidId(id)) return true;
  reader->Error(pos, "invalid " + std::string(kind) + " id '" + SanitizeMessage(id) +
                         "' (ids start with a lowercase letter and use only a-z, 0-9, '_' and '-', "
                         "at most 64 characters)");
  return false;
}

bool CheckEventName(YamlReader* reader, const SourcePos& pos, const std::string& name) {
  if (IsValidEventName(name)) return true;
  reader->Error(pos, "invalid event name '" + SanitizeMessage(name) +
                         "' (event names start with a lowercase letter and use only a-z, 0-9 and '_', "
                         "at most 64 characters)");
  return false;
}

bool ParseText(YamlReader* reader, const YAML::Node& node, const std::string& what, LocalizedText* out) {
  if (node.IsScalar()) {
    out->ja = node.Scalar();
    return true;
  }
  if (!node.IsMap()) {
    reader->Error(reader->Pos(node),
                  what + " must be a string or a map with 'ja' and 'en', got " + YamlReader::Describe(node));
    return false;
  }
  size_t before = reader->diagnostic_count();
  MapReader map(reader, node, what, {{"ja"}, {"en"}});
  map.ReadString("ja", &out->ja);
  map.ReadString("en", &out->en);
  if (!map.HasValue("ja") && !map.HasValue("en"))
    reader->Error(map.pos(), what + " needs 'ja' or 'en'");
  return reader->diagnostic_count() == before;
}

bool ReadText(MapReader* map, std::string_view key, LocalizedText* out) {
  if (!map->HasValue(key)) return false;
  return ParseText(map->reader(), map->Get(key), "'" + std::string(key) + "'", out);
}

void ReadInlineLabel(MapReader* map, LocalizedText* out) {
  if (map->Has("label") && (map->Has("ja") || map->Has("en"))) {
    map->reader()->Error(map->KeyPos("label"), "use either 'label' or 'ja'/'en', not both");
    return;
  }
  if (map->Has("label")) {
    ReadText(map, "label", out);
    return;
  }
  map->ReadString("ja", &out->ja);
  map->ReadString("en", &out->en);
}

namespace {

bool ParseCallName(YamlReader* reader, const SourcePos& pos, const std::string& name, CallRef* out) {
  if (!SplitQualifiedName(name, &out->plugin, &out->function) || !IsValidId(out->plugin) ||
      !IsFunctionName(out->function)) {
    reader->Error(pos,
                  "call '" + SanitizeMessage(name) + "' must be written plugin.function (e.g. consent.given)");
    return false;
  }
  return true;
}

}  // namespace

bool ParseCall(YamlReader* reader, const YAML::Node& node, CallRef* out) {
  out->pos = reader->Pos(node);
  if (node.IsScalar()) return ParseCallName(reader, out->pos, node.Scalar(), out);
  if (!node.IsMap()) {
    reader->Error(out->pos, "a call must be \"plugin.function\" or a map with 'call' and 'with', got " +
                                YamlReader::Describe(node));
    return false;
  }
  size_t before = reader->diagnostic_count();
  MapReader map(reader, node, "call", {{"call", true}, {"with"}});
  std::string name;
  if (map.ReadString("call", &name)) {
    out->pos = map.ValuePos("call");
    ParseCallName(reader, out->pos, name, out);
  }
  if (map.HasValue("with")) {
    YAML::Node with = map.Get("with");
    if (with.IsMap())
      out->args = YamlToValue(*reader, with);
    else
      map.ValueError("with", "must be a map of arguments, got " + YamlReader::Describe(with));
  }
  return reader->diagnostic_count() == before;
}

bool ReadCalls(MapReader* map, std::string_view key, std::vector<CallRef>* out) {
  if (!map->HasValue(key)) return true;
  YAML::Node value = map->Get(key);
  bool all_ok = true;
  auto add = [&](const YAML::Node& node) {
    CallRef call;
    if (ParseCall(map->reader(), node, &call))
      out->push_back(std::move(call));
    else
      all_ok = false;
  };
  if (value.IsSequence()) {
    for (const YAML::Node& item : value) add(item);
  } else {
    add(value);
  }
  return all_ok;
}

bool ReadDuration(MapReader* map, std::string_view key, Duration* out) {
  std::string text;
  if (!map->ReadString(key, &text)) return false;
  std::string error;
  if (ParseDuration(text, out, &error)) return true;
  map->reader()->Error(map->ValuePos(key),
                       "bad duration in '" + std::string(key) + "': " + SanitizeMessage(error));
  return false;
}

}  // namespace kasane
