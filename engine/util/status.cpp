#include "util/status.h"

#include <array>

namespace kasane {
namespace {
constexpr std::array<std::string_view, 13> kNames = {
    "ok",          "invalid_argument",   "not_found",         "permission_denied", "guard_denied",
    "conflict",    "resource_exhausted", "deadline_exceeded", "plugin_error",      "io_error",
    "corruption",  "already_exists",     "internal",
};
}  // namespace

std::string_view Status::CodeName(Code code) { return kNames.at(static_cast<size_t>(code)); }

bool Status::ParseCodeName(std::string_view name, Code* out) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      *out = static_cast<Code>(i);
      return true;
    }
  }
  return false;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(code_name());
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string msg(context);
  msg += ": ";
  msg += message_;
  return Status(code_, std::move(msg));
}

}  // namespace kasane
