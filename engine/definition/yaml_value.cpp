#include "definition/yaml_value.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace kasane {
namespace {

Value ScalarToValue(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return Value(s);  // quoted: always a string
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value();
  if (s == "true" || s == "True" || s == "TRUE") return Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value(false);
  const char* begin = s.c_str();
  char* end = nullptr;
  errno = 0;
  long long i = std::strtoll(begin, &end, 10);
  if (errno == 0 && end == begin + s.size() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+'))
    return Value(static_cast<int64_t>(i));
  errno = 0;
  double d = std::strtod(begin, &end);
  if (errno == 0 && end == begin + s.size() && std::isfinite(d) &&
      (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+' || s[0] == '.'))
    return Value(d);
  return Value(s);
}

}  // namespace

Value YamlToValue(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return Value();
    case YAML::NodeType::Scalar:
      return ScalarToValue(node);
    case YAML::NodeType::Sequence: {
      Array out;
      for (const auto& item : node) out.push_back(YamlToValue(item));
      return Value(std::move(out));
    }
    case YAML::NodeType::Map: {
      Object out;
      for (const auto& kv : node) out.insert_or_assign(kv.first.Scalar(), YamlToValue(kv.second));
      return Value(std::move(out));
    }
  }
  return Value();
}

}  // namespace kasane
