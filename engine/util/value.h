// Value: the JSON-shaped data of cases, payloads, plugin configs and change sets.
//
// Objects keep their keys sorted (std::map), so serialisation is deterministic:
// the same data always produces the same JSON and the same content hash.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/status.h"

namespace kasane {

class Value;
using Array = std::vector<Value>;
using Object = std::map<std::string, Value, std::less<>>;

class Value {
 public:
  enum class Type { kNull, kBool, kInt, kDouble, kString, kArray, kObject };

  Value() = default;
  Value(std::nullptr_t) {}                                  // NOLINT
  Value(bool b) : v_(b) {}                                  // NOLINT
  Value(int i) : v_(static_cast<int64_t>(i)) {}             // NOLINT
  Value(int64_t i) : v_(i) {}                               // NOLINT
  Value(double d) : v_(d) {}                                // NOLINT
  Value(const char* s) : v_(std::string(s)) {}              // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}         // NOLINT
  Value(Array a) : v_(std::move(a)) {}                      // NOLINT
  Value(Object o) : v_(std::move(o)) {}                     // NOLINT

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_double() const { return type() == Type::kDouble; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Accessors require the matching type (checked with the is_* predicates first).
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object lookup; nullptr when this is not an object or the key is absent.
  const Value* find(std::string_view key) const;
  // Object insert-or-assign; turns a null Value into an empty object first.
  Value& operator[](std::string_view key);

  // "null", "boolean", "integer", "number", "string", "list", "map".
  std::string_view type_name() const;

  friend bool operator==(const Value& a, const Value& b);

  // Compact JSON (UTF-8, no insignificant whitespace).
  std::string ToJson() const;
  void AppendJson(std::string* out) const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// Parses JSON text. Rejects trailing garbage, invalid UTF-8 escapes and nesting
// deeper than max_depth; the error message gives the byte offset.
Result<Value> ParseJson(std::string_view text, int max_depth = 64);

}  // namespace kasane
