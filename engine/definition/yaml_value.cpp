#include "definition/yaml_value.h"

#include <cmath>
#include <cstdlib>

namespace kasane {
namespace {

bool LooksLikeNumber(const std::string& s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = false, dot = false, exponent = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot && !exponent) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits && !exponent) {
      exponent = true;
      digits = false;
      if (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+')) ++i;
    } else {
      return false;
    }
  }
  return digits;
}

Value ScalarToValue(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (!YamlReader::IsPlainScalar(node)) return Value(s);
  bool b = false;
  if (ScalarBool(node, &b)) return Value(b);
  int64_t i = 0;
  if (ScalarInt(node, &i)) return Value(i);
  if (LooksLikeNumber(s)) {
    double d = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(d)) return Value(d);
  }
  return Value(s);
}

void Convert(const YamlReader& reader, const YAML::Node& node, const std::string& path, Value* out,
             ValuePositions* positions) {
  if (node.IsMap()) {
    Object object;
    for (MapEntry& e : MapEntries(reader, node)) {
      std::string child = path.empty() ? e.key : path + "." + e.key;
      if (positions) (*positions)[child] = e.key_pos;
      Value v;
      Convert(reader, e.value, child, &v, positions);
      object.insert_or_assign(std::move(e.key), std::move(v));
    }
    *out = Value(std::move(object));
  } else if (node.IsSequence()) {
    Array array;
    size_t index = 0;
    for (const YAML::Node& item : node) {
      std::string child = path.empty() ? std::to_string(index) : path + "." + std::to_string(index);
      if (positions) (*positions)[child] = reader.Pos(item);
      Value v;
      Convert(reader, item, child, &v, positions);
      array.push_back(std::move(v));
      ++index;
    }
    *out = Value(std::move(array));
  } else if (node.IsScalar()) {
    *out = ScalarToValue(node);
  } else {
    *out = Value();
  }
}

}  // namespace

Value YamlToValue(const YamlReader& reader, const YAML::Node& node, ValuePositions* positions) {
  Value out;
  if (positions) (*positions)[""] = reader.Pos(node);
  Convert(reader, node, "", &out, positions);
  return out;
}

Value YamlToValue(const YAML::Node& node) {
  std::vector<Diagnostic> unused;
  YamlReader reader(std::string(), &unused);
  return YamlToValue(reader, node);
}

}  // namespace kasane
