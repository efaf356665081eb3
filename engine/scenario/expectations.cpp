#include "scenario/expectations.h"

#include <algorithm>

namespace kasane {
namespace {

std::string Show(const Value& list) {
  std::string out = list.ToJson();
  return out.size() > 600 ? out.substr(0, 600) + "..." : out;
}

}  // namespace

// Normalises a timestamp-like string for comparison; date-only strings compare by JST date.
bool SameTime(const Value& expected, const Value& actual) {
  if (!expected.is_string() || !actual.is_string()) return expected == actual;
  Timestamp a = 0, e = 0;
  if (!ParseTimestamp(actual.as_string(), &a) || !ParseTimestamp(expected.as_string(), &e)) return expected == actual;
  if (expected.as_string().size() == 10) return JstDate(a) == JstDate(e);
  return a == e;
}

// Every key of `expected` is in `actual` with an equal value.
bool SubsetMatches(const Value& expected, const Value& actual) {
  if (!expected.is_object() || !actual.is_object()) return false;
  for (const auto& [key, want] : expected.as_object()) {
    const Value* got = actual.find(key);
    if (!got) return false;
    bool equal = (key == "due" || key == "at") ? SameTime(want, *got) : (want == *got);
    if (!equal) return false;
  }
  return true;
}

Value TaskToValue(const TaskRecord& t) {
  Object o;
  o["kind"] = Value(t.kind);
  o["agency"] = Value(t.agency);
  o["role"] = Value(t.role);
  o["title"] = Value(t.title.Preferred(t.kind));
  if (t.due_at) o["due"] = Value(FormatJst(*t.due_at));
  return Value(std::move(o));
}

Value TimerToValue(const TimerRecord& t) {
  Object o;
  o["id"] = Value(t.timer_id);
  o["event"] = Value(t.event);
  o["due"] = Value(FormatJst(t.due_at));
  o["state"] = Value(t.state);
  return Value(std::move(o));
}


// Checks each expected entry matches some actual one (or, when `absent`, none does).
Status CheckList(const char* what, const Value& expected, const Value& actual, bool absent) {
  if (expected.is_null()) return Status::OK();
  for (const auto& want : expected.as_array()) {
    bool found = std::any_of(actual.as_array().begin(), actual.as_array().end(),
                             [&](const Value& got) { return SubsetMatches(want, got); });
    if (found == absent)
      return Status::InvalidArgument(std::string(absent ? "unexpected " : "expected ") + what + " " + want.ToJson() +
                                     "; have " + Show(actual));
  }
  return Status::OK();
}

}  // namespace kasane
