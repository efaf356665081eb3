#include "lua/host_api.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iterator>
#include <string_view>

#include "calendar/business_calendar.h"
#include "lua/lua_glue.h"
#include "lua/lua_value.h"
#include "lua/sandbox.h"
#include "model/duration.h"
#include "util/text.h"
#include "util/time.h"

namespace kasane {
namespace {

using lua::HostReply;

CallScope* Scope(lua_State* L) { return Sandbox::From(L)->scope(); }

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// ---- kasane.* ----------------------------------------------------------------

bool CurrentCall(lua_State* L, const char* fn, HostReply* r, const PluginCall** out) {
  CallScope* scope = Scope(L);
  if (scope == nullptr || scope->call == nullptr)
    return r->Fail(std::string("kasane.") + fn + ": only available while a guard or action runs");
  *out = scope->call;
  return true;
}

bool CurrentCalendar(lua_State* L, const char* fn, HostReply* r, const BusinessCalendar** out) {
  const PluginCall* call = nullptr;
  if (!CurrentCall(L, fn, r, &call)) return false;
  if (call->calendar == nullptr) return r->Fail(std::string("kasane.") + fn + ": no business calendar is configured");
  *out = call->calendar;
  return true;
}

bool DateArg(lua_State* L, int idx, const char* fn, HostReply* r, CivilDate* out) {
  std::string_view text;
  if (!lua::ArgString(L, idx, &text) || !ParseDate(text, out)) {
    std::string got = lua_type(L, idx) == LUA_TSTRING ? Quote(text) : std::string("a ") + luaL_typename(L, idx);
    return r->Fail(std::string("kasane.") + fn + ": expected a date 'YYYY-MM-DD', got " + got);
  }
  return true;
}

bool Now(lua_State* L, HostReply* r) {
  const PluginCall* call = nullptr;
  if (!CurrentCall(L, "now", r, &call)) return false;
  r->Text(FormatJst(call->now));
  return true;
}

bool Today(lua_State* L, HostReply* r) {
  const PluginCall* call = nullptr;
  if (!CurrentCall(L, "today", r, &call)) return false;
  r->Text(FormatDate(JstDate(call->now)));
  return true;
}

bool IsBusinessDay(lua_State* L, HostReply* r) {
  CivilDate d;
  const BusinessCalendar* cal = nullptr;
  if (!DateArg(L, 1, "is_business_day", r, &d) || !CurrentCalendar(L, "is_business_day", r, &cal)) return false;
  r->Bool(cal->IsBusinessDay(d));
  return true;
}

bool AddBusinessDays(lua_State* L, HostReply* r) {
  CivilDate d;
  const BusinessCalendar* cal = nullptr;
  if (!DateArg(L, 1, "add_business_days", r, &d)) return false;
  int64_t n = 0;
  if (!lua::ArgInteger(L, 2, &n) || n < 0 || n > kMaxBusinessDays)
    return r->Fail("kasane.add_business_days: n must be an integer from 0 to " + std::to_string(kMaxBusinessDays));
  if (!CurrentCalendar(L, "add_business_days", r, &cal)) return false;
  r->Text(FormatDate(cal->AddBusinessDays(d, n)));
  return true;
}

bool HolidayName(lua_State* L, HostReply* r) {
  CivilDate d;
  if (!DateArg(L, 1, "holiday_name", r, &d)) return false;
  std::string name = BusinessCalendar::HolidayName(d);
  if (name.empty()) {
    r->Nil();
  } else {
    r->Text(name);
  }
  return true;
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void TruncateUtf8(std::string* s, size_t max) {
  if (s->size() <= max) return;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>((*s)[cut]) & 0xC0) == 0x80) --cut;
  s->resize(cut);
}

// Log values are shown without calling metamethods.
void AppendForLog(lua_State* L, int idx, std::string* line) {
  char buf[64];
  switch (lua_type(L, idx)) {
    case LUA_TNIL: *line += "nil"; break;
    case LUA_TBOOLEAN: *line += lua_toboolean(L, idx) != 0 ? "true" : "false"; break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        std::snprintf(buf, sizeof buf, "%" PRId64, static_cast<int64_t>(lua_tointeger(L, idx)));
      } else {
        std::snprintf(buf, sizeof buf, "%.14g", static_cast<double>(lua_tonumber(L, idx)));
      }
      *line += buf;
      break;
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      line->append(s, std::min(len, kMaxLogLineBytes + 1));
      break;
    }
    default: *line += std::string("<") + luaL_typename(L, idx) + ">"; break;
  }
}

bool Log(lua_State* L, HostReply* /*r*/) {
  CallScope* scope = Scope(L);
  if (scope == nullptr) return true;
  if (scope->log.size() >= kMaxLogLines) {
    ++scope->log_dropped;
    return true;
  }
  std::string line;
  int n = lua_gettop(L);
  for (int i = 1; i <= n && line.size() <= kMaxLogLineBytes; ++i) {
    if (i > 1) line += ' ';
    AppendForLog(L, i, &line);
  }
  TruncateUtf8(&line, kMaxLogLineBytes);
  scope->log.push_back(std::move(line));
  return true;
}

// ---- ctx methods -----------------------------------------------------------

// Checks that a method is called on this call's ctx, in an action, and may
// record one more change.
bool Recorder(lua_State* L, const char* method, HostReply* r, CallScope** out) {
  std::string name = std::string("ctx:") + method;
  CallScope* scope = Scope(L);
  if (lua_type(L, 1) != LUA_TTABLE) return r->Fail(name + ": call it as a method, " + name + "(...)");
  if (scope == nullptr || scope->ctx == nullptr || lua_topointer(L, 1) != scope->ctx)
    return r->Fail(name + ": this ctx belongs to a call that has ended");
  if (scope->changes == nullptr) return r->Fail(name + ": guards cannot record changes (only actions can)");
  if (++scope->change_count > kMaxChangesPerCall) {
    scope->changes_exhausted = true;
    return r->Fail(name + ": more than " + std::to_string(kMaxChangesPerCall) + " changes in one call");
  }
  *out = scope;
  return true;
}

bool NameArg(lua_State* L, int idx, const std::string& what, HostReply* r, std::string* out) {
  std::string_view s;
  if (!lua::ArgString(L, idx, &s) || s.empty()) return r->Fail(what + " must be a non-empty string");
  *out = std::string(s);
  return true;
}

bool ValueArg(lua_State* L, int idx, CallScope* scope, const std::string& what, HostReply* r, Value* out) {
  std::string error;
  if (ToValue(L, idx, out, &error, &scope->change_bytes_left)) return true;
  if (scope->change_bytes_left == 0) scope->changes_exhausted = true;
  return r->Fail(what + ": " + error);
}

// A spec table ({kind = ..., ...}) as a map; also checks its keys.
bool SpecArg(lua_State* L, CallScope* scope, const std::string& name, const std::vector<std::string>& keys,
             const char* example, HostReply* r, Object* out) {
  Value spec;
  if (lua_type(L, 2) != LUA_TTABLE) return r->Fail(name + ": expects a table like " + example);
  if (!ValueArg(L, 2, scope, name, r, &spec)) return false;
  if (!spec.is_object()) return r->Fail(name + ": expects a table like " + example);
  for (const auto& [key, value] : spec.as_object()) {
    bool known = false;
    for (const auto& k : keys) known = known || k == key;
    if (!known) return r->Fail(name + ": unknown key " + Quote(key) + DidYouMeanSuffix(key, keys));
  }
  *out = std::move(spec.as_object());
  return true;
}

// Reads spec[key] as a string; `required` ones must be non-empty.
bool SpecString(const Object& spec, const std::string& name, const char* key, bool required, HostReply* r,
                std::string* out) {
  auto it = spec.find(key);
  if (it == spec.end() || it->second.is_null()) {
    if (required) return r->Fail(name + ": '" + key + "' is required");
    return true;
  }
  if (!it->second.is_string()) return r->Fail(name + ": '" + key + "' must be a string");
  if (required && it->second.as_string().empty()) return r->Fail(name + ": '" + key + "' must not be empty");
  *out = it->second.as_string();
  return true;
}

bool CtxSet(lua_State* L, HostReply* r) {
  CallScope* scope = nullptr;
  std::string field;
  Value value;
  if (!Recorder(L, "set", r, &scope) || !NameArg(L, 2, "ctx:set: the field name", r, &field) ||
      !ValueArg(L, 3, scope, "ctx:set: value for " + Quote(field), r, &value))
    return false;
  scope->changes->data_patch.insert_or_assign(std::move(field), std::move(value));
  return true;
}

bool CtxTask(lua_State* L, HostReply* r) {
  static const std::vector<std::string> kKeys = {"kind", "agency", "role", "title", "due"};
  const std::string name = "ctx:task";
  CallScope* scope = nullptr;
  Object spec;
  if (!Recorder(L, "task", r, &scope) ||
      !SpecArg(L, scope, name, kKeys, "{kind = ..., agency = ..., title = {ja = ..., en = ...}}", r, &spec))
    return false;
  TaskChange task;
  std::string due;
  if (!SpecString(spec, name, "kind", true, r, &task.kind) ||
      !SpecString(spec, name, "agency", true, r, &task.agency) ||
      !SpecString(spec, name, "role", false, r, &task.role) || !SpecString(spec, name, "due", false, r, &due))
    return false;
  auto title = spec.find("title");
  if (title == spec.end() || title->second.is_null()) return r->Fail(name + ": 'title' is required");
  if (title->second.is_string()) {
    task.title.ja = title->second.as_string();
  } else if (title->second.is_object()) {
    for (const auto& [lang, text] : title->second.as_object()) {
      if (lang != "ja" && lang != "en") return r->Fail(name + ": 'title' may only have 'ja' and 'en'");
      if (!text.is_string()) return r->Fail(name + ": 'title." + lang + "' must be a string");
      (lang == "ja" ? task.title.ja : task.title.en) = text.as_string();
    }
  } else {
    return r->Fail(name + ": 'title' must be a string or {ja = ..., en = ...}");
  }
  if (task.title.empty()) return r->Fail(name + ": 'title' must not be empty");
  if (!due.empty()) {
    Timestamp at = 0;
    if (!ParseTimestamp(due, &at))
      return r->Fail(name + ": 'due' must be a date 'YYYY-MM-DD' or an ISO date-time, got " + Quote(due));
    task.due_at = at;
  }
  scope->changes->tasks_created.push_back(std::move(task));
  return true;
}

bool CtxTimer(lua_State* L, HostReply* r) {
  static const std::vector<std::string> kKeys = {"id", "event", "at", "after_business_days"};
  const std::string name = "ctx:timer";
  CallScope* scope = nullptr;
  Object spec;
  if (!Recorder(L, "timer", r, &scope) ||
      !SpecArg(L, scope, name, kKeys, "{id = ..., event = ..., after_business_days = n}", r, &spec))
    return false;
  TimerChange timer;
  std::string at;
  if (!SpecString(spec, name, "id", true, r, &timer.timer_id) ||
      !SpecString(spec, name, "event", true, r, &timer.event) || !SpecString(spec, name, "at", false, r, &at))
    return false;
  auto days = spec.find("after_business_days");
  bool has_days = days != spec.end() && !days->second.is_null();
  if (at.empty() == !has_days) return r->Fail(name + ": give exactly one of 'at' and 'after_business_days'");
  if (has_days) {
    if (!days->second.is_int() || days->second.as_int() < 0 || days->second.as_int() > kMaxBusinessDays)
      return r->Fail(name + ": 'after_business_days' must be an integer from 0 to " + std::to_string(kMaxBusinessDays));
    if (scope->call->calendar == nullptr) return r->Fail(name + ": no business calendar is configured");
    Duration after{days->second.as_int(), Duration::Unit::kBusinessDays};
    timer.due_at = scope->call->calendar->DueAfter(scope->call->now, after);
  } else if (!ParseTimestamp(at, &timer.due_at)) {
    return r->Fail(name + ": 'at' must be an ISO date-time like 2024-04-01T09:00:00+09:00, got " + Quote(at));
  }
  scope->changes->timers_scheduled.push_back(std::move(timer));
  return true;
}

bool CtxCancelTimer(lua_State* L, HostReply* r) {
  CallScope* scope = nullptr;
  std::string id;
  if (!Recorder(L, "cancel_timer", r, &scope) || !NameArg(L, 2, "ctx:cancel_timer: the timer id", r, &id)) return false;
  scope->changes->timers_cancelled.push_back(std::move(id));
  return true;
}

bool CtxCloseTasks(lua_State* L, HostReply* r) {
  CallScope* scope = nullptr;
  std::string kind;
  if (!Recorder(L, "close_tasks", r, &scope) || !NameArg(L, 2, "ctx:close_tasks: the task kind", r, &kind))
    return false;
  scope->changes->task_kinds_closed.push_back(std::move(kind));
  return true;
}

bool CtxDecide(lua_State* L, HostReply* r) {
  CallScope* scope = nullptr;
  std::string key;
  Value value;
  if (!Recorder(L, "decide", r, &scope) || !NameArg(L, 2, "ctx:decide: the decision key", r, &key) ||
      !ValueArg(L, 3, scope, "ctx:decide: value for " + Quote(key), r, &value))
    return false;
  scope->changes->decisions.push_back(Decision{std::move(key), std::move(value), scope->decision_source});
  return true;
}

bool Membership(lua_State* L, HostReply* r, const char* method, bool remove) {
  CallScope* scope = nullptr;
  std::string name = std::string("ctx:") + method;
  MembershipChange change;
  change.remove = remove;
  if (!Recorder(L, method, r, &scope) || !NameArg(L, 2, name + ": the agency", r, &change.agency) ||
      !NameArg(L, 3, name + ": the relation", r, &change.relation))
    return false;
  scope->changes->memberships.push_back(std::move(change));
  return true;
}

bool CtxAddMember(lua_State* L, HostReply* r) { return Membership(L, r, "add_member", false); }
bool CtxRemoveMember(lua_State* L, HostReply* r) { return Membership(L, r, "remove_member", true); }

struct HostEntry {
  const char* name;
  lua_CFunction fn;
};

constexpr HostEntry kKasaneFunctions[] = {
    {"now", lua::HostFunction<Now>},
    {"today", lua::HostFunction<Today>},
    {"is_business_day", lua::HostFunction<IsBusinessDay>},
    {"add_business_days", lua::HostFunction<AddBusinessDays>},
    {"holiday_name", lua::HostFunction<HolidayName>},
    {"log", lua::HostFunction<Log>},
};

constexpr HostEntry kCtxMethods[] = {
    {"set", lua::HostFunction<CtxSet>},
    {"task", lua::HostFunction<CtxTask>},
    {"timer", lua::HostFunction<CtxTimer>},
    {"cancel_timer", lua::HostFunction<CtxCancelTimer>},
    {"close_tasks", lua::HostFunction<CtxCloseTasks>},
    {"decide", lua::HostFunction<CtxDecide>},
    {"add_member", lua::HostFunction<CtxAddMember>},
    {"remove_member", lua::HostFunction<CtxRemoveMember>},
};

// Pushes `v` as a read-only table; a missing or null value as an empty one.
void PushReadOnlyOrEmpty(lua_State* L, const Value* v, const char* label) {
  if (v != nullptr && !v->is_null()) {
    PushValue(L, *v, true, label);
  } else {
    lua_newtable(L);
    Sandbox::MakeReadOnly(L, label);
  }
}

void SetString(lua_State* L, const char* key, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

}  // namespace

void InstallHostApi(lua_State* L, int globals) {
  lua_createtable(L, 0, static_cast<int>(std::size(kKasaneFunctions)));
  for (const HostEntry& e : kKasaneFunctions) {
    lua_pushcfunction(L, e.fn);
    lua_setfield(L, -2, e.name);
  }
  Sandbox::MakeReadOnly(L, "kasane");
  lua_setfield(L, globals, "kasane");
  lua_pushcfunction(L, lua::HostFunction<Log>);
  lua_setfield(L, globals, "print");
}

int PushCallArguments(lua_State* L) {
  auto* scope = static_cast<CallScope*>(lua_touserdata(L, 1));
  const PluginCall& call = *scope->call;

  lua_createtable(L, 0, 4);
  lua_pushinteger(L, static_cast<lua_Integer>(call.case_id));
  lua_setfield(L, -2, "id");
  SetString(L, "state", call.case_state);
  SetString(L, "workflow", call.workflow);
  PushReadOnlyOrEmpty(L, call.case_data, "case.data");
  lua_setfield(L, -2, "data");
  Sandbox::MakeReadOnly(L, "case");

  lua_createtable(L, 0, 16);
  SetString(L, "event", call.event);
  SetString(L, "from", call.from_state);
  SetString(L, "to", call.to_state);
  SetString(L, "now", scope->now_iso);
  lua_createtable(L, 0, 3);
  SetString(L, "id", call.actor);
  SetString(L, "role", call.actor_role);
  SetString(L, "agency", call.actor_agency);
  Sandbox::MakeReadOnly(L, "ctx.actor");
  lua_setfield(L, -2, "actor");
  PushReadOnlyOrEmpty(L, call.payload, "ctx.payload");
  lua_setfield(L, -2, "payload");
  PushReadOnlyOrEmpty(L, call.args, "ctx.args");
  lua_setfield(L, -2, "args");
  PushReadOnlyOrEmpty(L, call.settings, "ctx.settings");
  lua_setfield(L, -2, "settings");
  if (scope->config_ref >= 0) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, scope->config_ref);
  } else {
    lua_newtable(L);
    Sandbox::MakeReadOnly(L, "ctx.config");
  }
  lua_setfield(L, -2, "config");
  for (const HostEntry& e : kCtxMethods) {
    lua_pushcfunction(L, e.fn);
    lua_setfield(L, -2, e.name);
  }
  Sandbox::MakeReadOnly(L, "ctx");
  scope->ctx = lua_topointer(L, -1);
  return 2;
}

}  // namespace kasane
