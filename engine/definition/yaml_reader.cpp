#include "definition/yaml_reader.h"

#include <charconv>
#include <set>

#include "util/text.h"

namespace kasane {

SourcePos YamlReader::Pos(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return SourcePos{file_, 0, 0};
  if (!index_built_) {
    index_built_ = true;
    bool ascii = true;
    for (char c : text_) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (!ascii) {
      chars_before_.resize(text_.size() + 1);
      uint32_t count = 0;
      for (size_t i = 0; i < text_.size(); ++i) {
        chars_before_[i] = count;
        if ((static_cast<unsigned char>(text_[i]) & 0xc0) != 0x80) ++count;
      }
      chars_before_[text_.size()] = count;
    }
  }
  int column = mark.column;
  const int line_start = mark.pos - mark.column;
  if (!chars_before_.empty() && line_start >= 0 && static_cast<size_t>(mark.pos) < chars_before_.size())
    column = static_cast<int>(chars_before_[static_cast<size_t>(mark.pos)] -
                              chars_before_[static_cast<size_t>(line_start)]);
  return SourcePos{file_, mark.line + 1, column + 1};
}

bool YamlReader::IsPlainScalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() != "!"; }

std::string YamlReader::Describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (!node.IsScalar()) return "nothing";
  std::string value = node.Scalar();
  if (value.size() > 40) {
    size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xc0) == 0x80) --cut;  // keep characters whole
    value = value.substr(0, cut) + "...";
  }
  value = SanitizeMessage(value);
  return IsPlainScalar(node) ? "'" + value + "'" : "the string '" + value + "'";
}

std::vector<MapEntry> MapEntries(const YamlReader& reader, const YAML::Node& map) {
  std::vector<MapEntry> entries;
  if (!map.IsMap()) return entries;
  std::set<std::string> seen;
  for (const auto& pair : map) {  // `pair` must be held by value: it->first dangles
    const YAML::Node& key = pair.first;
    if (!key.IsScalar()) continue;  // reported by the pre-scan
    if (!seen.insert(key.Scalar()).second) continue;
    entries.push_back({key.Scalar(), reader.Pos(key), pair.second});
  }
  return entries;
}

bool ScalarString(const YAML::Node& node, std::string* out) {
  if (!node.IsScalar()) return false;
  *out = node.Scalar();
  return true;
}

bool ScalarBool(const YAML::Node& node, bool* out) {
  if (!YamlReader::IsPlainScalar(node)) return false;
  const std::string& s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") {
    *out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    *out = false;
    return true;
  }
  return false;
}

bool ScalarInt(const YAML::Node& node, int64_t* out) {
  if (!YamlReader::IsPlainScalar(node)) return false;
  std::string_view s = node.Scalar();
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  *out = value;
  return true;
}

MapReader::MapReader(YamlReader* reader, const YAML::Node& node, std::string what, std::vector<Key> keys,
                     std::string where)
    : reader_(reader), node_(node), what_(std::move(what)), where_(std::move(where)) {
  if (where_.empty()) where_ = "in " + what_;
  if (!node.IsMap()) {
    reader_->Error(reader_->Pos(node), what_ + " must be a map, got " + YamlReader::Describe(node));
    return;
  }
  ok_ = true;
  entries_ = MapEntries(*reader_, node);
  std::vector<std::string> names;
  for (const Key& k : keys) names.emplace_back(k.name);
  for (const MapEntry& e : entries_) {
    bool known = false;
    for (const auto& n : names) known = known || n == e.key;
    if (!known)
      reader_->Error(e.key_pos,
                     "unknown key '" + SanitizeMessage(e.key) + "' " + where_ + DidYouMeanSuffix(e.key, names));
  }
  for (const Key& k : keys)
    if (k.required) Require(k.name);
}

const MapEntry* MapReader::Find(std::string_view key) const {
  for (const MapEntry& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

bool MapReader::HasValue(std::string_view key) const {
  const MapEntry* e = Find(key);
  return e != nullptr && !e->value.IsNull();
}

YAML::Node MapReader::Get(std::string_view key) const {
  const MapEntry* e = Find(key);
  return e ? e->value : YAML::Node();
}

SourcePos MapReader::KeyPos(std::string_view key) const {
  const MapEntry* e = Find(key);
  return e ? e->key_pos : pos();
}

SourcePos MapReader::ValuePos(std::string_view key) const {
  const MapEntry* e = Find(key);
  if (e == nullptr) return pos();
  return e->value.IsNull() ? e->key_pos : reader_->Pos(e->value);
}

bool MapReader::Require(std::string_view key) {
  if (!ok_ || Has(key)) return true;
  reader_->Error(pos(), "missing required key '" + std::string(key) + "' " + where_);
  return false;
}

void MapReader::ValueError(std::string_view key, const std::string& problem) {
  reader_->Error(ValuePos(key), "'" + std::string(key) + "' " + problem);
}

bool MapReader::ReadString(std::string_view key, std::string* out) {
  if (!HasValue(key)) return false;
  YAML::Node v = Get(key);
  if (ScalarString(v, out)) return true;
  ValueError(key, "must be a string, got " + YamlReader::Describe(v));
  return false;
}

bool MapReader::ReadBool(std::string_view key, bool* out) {
  if (!HasValue(key)) return false;
  YAML::Node v = Get(key);
  if (ScalarBool(v, out)) return true;
  ValueError(key, "must be a boolean, got " + YamlReader::Describe(v));
  return false;
}

bool MapReader::ReadInt(std::string_view key, std::optional<int64_t>* out) {
  if (!HasValue(key)) return false;
  YAML::Node v = Get(key);
  int64_t value = 0;
  if (ScalarInt(v, &value)) {
    *out = value;
    return true;
  }
  ValueError(key, "must be an integer, got " + YamlReader::Describe(v));
  return false;
}

bool MapReader::ReadStringList(std::string_view key, std::vector<std::string>* out,
                               std::vector<SourcePos>* positions, bool allow_single) {
  if (!HasValue(key)) return false;
  YAML::Node v = Get(key);
  if (allow_single && v.IsScalar()) {
    out->push_back(v.Scalar());
    if (positions) positions->push_back(reader_->Pos(v));
    return true;
  }
  if (!v.IsSequence()) {
    ValueError(key, std::string("must be a list") + (allow_single ? " or a string" : "") + ", got " +
                        YamlReader::Describe(v));
    return false;
  }
  bool all_ok = true;
  for (const YAML::Node& item : v) {
    std::string s;
    if (!ScalarString(item, &s)) {
      reader_->Error(reader_->Pos(item), "each entry of '" + std::string(key) + "' must be a string, got " +
                                             YamlReader::Describe(item));
      all_ok = false;
      continue;
    }
    out->push_back(std::move(s));
    if (positions) positions->push_back(reader_->Pos(item));
  }
  return all_ok;
}

}  // namespace kasane
