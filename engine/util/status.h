// Status and Result<T>: errors are values in kasane.
//
// A Status is either OK or carries a code and a human-readable message. Messages
// shown to caseworkers (guard refusals) are Japanese; messages for developers
// name the file, plugin or field at fault. Exceptions from third-party libraries
// are caught at the adapter's edge and turned into a Status there.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace kasane {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,    // malformed input: payload, YAML, scenario, request
    kNotFound,           // unknown case, event, workflow, field
    kPermissionDenied,   // the actor's role may not do this
    kGuardDenied,        // a guard refused; message is the reason for the caseworker
    kConflict,           // stale version: the write was refused, not merged
    kResourceExhausted,  // a limit was hit: plugin memory, file size, alias expansion
    kDeadlineExceeded,   // a plugin call ran out of CPU time
    kPluginError,        // a plugin raised an error or returned nonsense
    kIOError,            // filesystem or database failure
    kCorruption,         // stored data fails an integrity check
    kAlreadyExists,      // duplicate id or idempotency key with different content
    kInternal,           // a bug in kasane
  };

  Status() = default;  // OK

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {Code::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) { return {Code::kPermissionDenied, std::move(msg)}; }
  static Status GuardDenied(std::string msg) { return {Code::kGuardDenied, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {Code::kConflict, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {Code::kResourceExhausted, std::move(msg)}; }
  static Status DeadlineExceeded(std::string msg) { return {Code::kDeadlineExceeded, std::move(msg)}; }
  static Status PluginError(std::string msg) { return {Code::kPluginError, std::move(msg)}; }
  static Status IOError(std::string msg) { return {Code::kIOError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {Code::kAlreadyExists, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Stable snake_case name of the code ("guard_denied"), used in scenario files and APIs.
  std::string_view code_name() const { return CodeName(code_); }
  static std::string_view CodeName(Code code);
  // Parses a code name; returns false when the name is unknown.
  static bool ParseCodeName(std::string_view name, Code* out);

  // "guard_denied: 本人同意が記録されていません"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with context ("plugin consent: ...").
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  using value_type = T;

  Result(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}          // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

}  // namespace kasane

// Propagates a non-OK Status from an expression returning Status.
#define KASANE_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::kasane::Status _kasane_s = (expr);      \
    if (!_kasane_s.ok()) return _kasane_s;    \
  } while (0)
