#include "bench/sandbox_attacks.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "lua/plugin.h"
#include "util/value.h"

namespace kasane {
namespace {

enum class Kind { kGuard, kAction };

struct Attack {
  const char* name;
  const char* attack_class;
  Kind kind;
  const char* expected;  // Status code name, or two joined by '|' when either bound may come first
  const char* body;      // the guard's or action's body (case, ctx)
};

// Eight MiB built from a 1 KiB piece (a single-byte rep of that size costs
// more than a budget by itself).
#define KASANE_BIG "string.rep(string.rep('x', 1024), 8 << 10)"

constexpr Attack kAttacks[] = {
    // ---- CPU: the VM, and C work it calls ------------------------------------
    {"busy loop", "cpu", Kind::kGuard, "deadline_exceeded", "while true do end"},
    {"loop inside pcall, in a loop", "cpu", Kind::kGuard, "deadline_exceeded",
     "while true do pcall(function() while true do end end) end"},
    {"loop in an xpcall handler", "cpu", Kind::kGuard, "deadline_exceeded",
     "xpcall(function() error('x') end, function() while true do end end) return true"},
    {"string.find calls each under the estimate", "cpu", Kind::kGuard, "deadline_exceeded",
     "local s = string.rep('a', 2000) while true do local _ = s:find('a-b') end"},
    {"string.gsub with many matches, repeated", "cpu", Kind::kGuard, "deadline_exceeded",
     "local s = string.rep('a', 1 << 20) while true do local _ = s:gsub('a', 'b') end"},
    {"%b() on a long subject, repeated", "cpu", Kind::kGuard, "deadline_exceeded",
     "local s = string.rep('(', 2000) while true do local _ = s:find('%b()') end"},
    {"a pattern beyond any budget", "cpu", Kind::kGuard, "plugin_error",
     "local s = string.rep('a', 30000) return s:find(string.rep('a*', 20) .. 'b') == nil"},
    {"string.gsub with a function on 4 MiB", "cpu", Kind::kGuard, "deadline_exceeded",
     "local s = string.rep('a', 1 << 22) s:gsub('a', math.type) return true"},
    {"table.sort of 200 000 numbers", "cpu", Kind::kGuard, "plugin_error",
     "local t = {} for i = 1, 200000 do t[i] = (i * 7919) % 1000003 end table.sort(t) return true"},
    {"table.sort of references to one 1 MiB string", "cpu", Kind::kGuard, "plugin_error",
     "local b, t = string.rep('x', 1 << 20), {} for i = 1, 2000 do t[i] = b end table.sort(t) return true"},
    {"table.sort under the estimate, repeated", "cpu", Kind::kGuard, "deadline_exceeded",
     "local t = {} for i = 1, 3000 do t[i] = tostring(i * 7919 % 1000003) end "
     "while true do local c = table.move(t, 1, #t, 1, {}) table.sort(c) end"},
    {"table.sort with a Lua comparator", "cpu", Kind::kGuard, "deadline_exceeded",
     "local t = {} for i = 1, 100000 do t[i] = i % 977 end "
     "while true do local c = table.move(t, 1, #t, 1, {}) table.sort(c, function(a, b) return a > b end) end"},
    {"string.rep of 10^9 bytes", "cpu", Kind::kGuard, "plugin_error", "return #string.rep('x', 1e9) > 0"},
    {"string.upper of 4 MiB, repeated", "cpu", Kind::kGuard, "deadline_exceeded",
     "local s = string.rep(string.rep('a', 1024), 4096) while true do local _ = s:upper() end"},
    {"utf8.len of 8 MiB, repeated", "cpu", Kind::kGuard, "deadline_exceeded",
     "local s = " KASANE_BIG " while true do local _ = utf8.len(s) end"},
    {"table.concat of 100 000 items, repeated", "cpu", Kind::kGuard, "deadline_exceeded",
     "local t = {} for i = 1, 100000 do t[i] = 'abc' end while true do local _ = table.concat(t) end"},
    {"8 MiB strings hashed as keys (long instructions)", "cpu", Kind::kGuard, "deadline_exceeded",
     "local b, t = " KASANE_BIG ", {} for i = 1, 200 do t[b .. i] = true t[b .. i] = nil end return true"},
    {"long instructions in a coroutine", "cpu", Kind::kGuard, "deadline_exceeded",
     "local b = " KASANE_BIG " local co = coroutine.wrap(function() local t = {} "
     "for i = 1, 200 do t[b .. i] = true t[b .. i] = nil end end) pcall(co) return true"},
    {"8 MiB strings compared", "cpu", Kind::kGuard, "deadline_exceeded",
     "local a, b = " KASANE_BIG " .. 'a', " KASANE_BIG " .. 'b' local n = 0 "
     "for i = 1, 400 do if a < b then n = n + 1 end end return n > 0"},
    // ---- Memory -----------------------------------------------------------------
    {"a table filled with 1 MiB strings", "memory", Kind::kGuard, "resource_exhausted",
     "local t, b = {}, string.rep('x', 1 << 20) while true do t[#t + 1] = b .. #t end"},
    {"doubling concatenation", "memory", Kind::kGuard, "resource_exhausted",
     "local x = 'x' while true do x = x .. x end"},
    {"millions of small tables", "memory", Kind::kGuard, "resource_exhausted|deadline_exceeded",
     "local t = {} for i = 1, 1e8 do t[i] = {i} end return true"},
    {"memory error swallowed by pcall", "memory", Kind::kGuard, "resource_exhausted",
     "local ok = pcall(string.rep, string.rep('x', 1 << 20), 100) return not ok"},
    // ---- Conversions and messages ------------------------------------------------
    {"a shared structure expanding to 2^30 nodes", "conversion", Kind::kAction, "resource_exhausted",
     "local x = {} for i = 1, 30 do x = {x, x} end ctx:set('half', x)"},
    {"a list of 4 million items", "conversion", Kind::kAction, "resource_exhausted",
     "local t = {} for i = 1, 4e6 do t[i] = i end ctx:set('half', t)"},
    {"a conversion started just before the deadline", "conversion", Kind::kAction, "deadline_exceeded",
     "local t = {} for i = 1, 45000 do t[i] = {i} end "
     "local start = os.clock() while os.clock() - start < 0.045 do end ctx:set('half', t)"},
    {"an 8 MiB error message", "conversion", Kind::kGuard, "plugin_error", "error(" KASANE_BIG ")"},
    {"an 8 MiB refusal reason", "conversion", Kind::kGuard, "guard_denied", "return false, " KASANE_BIG},
    // ---- Read-only tables ---------------------------------------------------------
    {"writing the string library through pairs", "read-only", Kind::kGuard, "plugin_error",
     "local _, t = pairs(string) t.upper = nil return true"},
    {"writing the kasane table through next", "read-only", Kind::kGuard, "plugin_error",
     "local k = next(kasane) kasane[k] = nil return true"},
    {"writing ctx.config through iteration", "read-only", Kind::kGuard, "plugin_error",
     "for k, v in pairs(ctx) do if type(v) == 'table' then v.x = 1 end end return true"},
    {"the string metatable", "read-only", Kind::kGuard, "plugin_error",
     "getmetatable('').__index.upper = nil return true"},
};

#undef KASANE_BIG

std::string PluginSource(const Attack& a) {
  const char* table = a.kind == Kind::kGuard ? "guards" : "actions";
  const char* fn = a.kind == Kind::kGuard ? "g" : "a";
  return std::string("return { name = 'attack', version = '1.0.0',\n  ") + table + " = { " + fn +
         " = function(case, ctx)\n" + a.body + "\n  end } }\n";
}

bool Expected(const std::string& expected, const std::string& outcome) {
  size_t bar = expected.find('|');
  if (bar == std::string::npos) return expected == outcome;
  return expected.substr(0, bar) == outcome || expected.substr(bar + 1) == outcome;
}

double Millis(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

Result<SandboxAttackReport> RunSandboxAttacks(int repeats) {
  const SandboxLimits limits;
  SandboxAttackReport report;
  report.cpu_budget_ms = limits.cpu_millis;
  report.memory_limit_mib = static_cast<int>(limits.memory_bytes >> 20);
  report.repeats = repeats;
  const Value data(Object{});
  const Value empty(Object{});
  for (const Attack& a : kAttacks) {
    auto plugin = Plugin::LoadFromSource(PluginSource(a), "plugins/attack/plugin.lua", limits);
    if (!plugin.ok()) return plugin.status().WithContext(std::string("attack '") + a.name + "'");
    SandboxAttackResult r;
    r.name = a.name;
    r.attack_class = a.attack_class;
    r.expected = a.expected;
    r.as_expected = true;
    for (int i = 0; i < repeats; ++i) {
      PluginCall call;
      call.function = a.kind == Kind::kGuard ? "g" : "a";
      call.case_data = &data;
      call.case_id = 1;
      call.payload = &empty;
      call.args = &empty;
      call.settings = &empty;
      call.event = "attack";
      auto start = std::chrono::steady_clock::now();
      Status status;
      if (a.kind == Kind::kGuard) {
        auto verdict = (*plugin)->CallGuard(call);
        status = !verdict.ok() ? verdict.status() : verdict->allow ? Status::OK() : Status::GuardDenied(verdict->reason);
      } else {
        ChangeSet changes;
        status = (*plugin)->CallAction(call, &changes);
      }
      const double ms = Millis(std::chrono::steady_clock::now() - start);
      r.worst_ms = std::max(r.worst_ms, ms);
      r.worst_overrun_ms = std::max(r.worst_overrun_ms, ms - limits.cpu_millis);
      r.peak_mib = std::max(r.peak_mib, static_cast<double>((*plugin)->peak_memory_of_last_call()) / (1 << 20));
      r.outcome = std::string(status.code_name());
      r.message_bytes = status.message().size();
      r.as_expected = r.as_expected && Expected(r.expected, r.outcome);
    }
    if (r.worst_overrun_ms > report.worst_overrun_ms) {
      report.worst_overrun_ms = r.worst_overrun_ms;
      report.worst_attack = r.name;
    }
    report.attacks.push_back(std::move(r));
  }
  return report;
}

std::string SandboxAttackReport::ToJson() const {
  Array list;
  for (const SandboxAttackResult& r : attacks) {
    Object o;
    o["name"] = r.name;
    o["class"] = r.attack_class;
    o["expected"] = r.expected;
    o["outcome"] = r.outcome;
    o["as_expected"] = r.as_expected;
    o["worst_ms"] = r.worst_ms;
    o["worst_overrun_ms"] = r.worst_overrun_ms;
    o["peak_mib"] = r.peak_mib;
    o["message_bytes"] = static_cast<int64_t>(r.message_bytes);
    list.emplace_back(std::move(o));
  }
  Object o;
  o["cpu_budget_ms"] = cpu_budget_ms;
  o["memory_limit_mib"] = memory_limit_mib;
  o["repeats"] = repeats;
  o["worst_overrun_ms"] = worst_overrun_ms;
  o["worst_attack"] = worst_attack;
  o["attacks"] = Value(std::move(list));
  return Value(std::move(o)).ToJson();
}

std::string SandboxAttackReport::ToTable() const {
  std::string out = "| class | attack | outcome | longest call ms | past the budget ms | peak MiB | message bytes |\n";
  out += "|---|---|---|---:|---:|---:|---:|\n";
  char line[512];
  for (const SandboxAttackResult& r : attacks) {
    std::snprintf(line, sizeof line, "| %s | %s | %s%s | %.1f | %.1f | %.1f | %zu |\n", r.attack_class.c_str(),
                  r.name.c_str(), r.outcome.c_str(), r.as_expected ? "" : (" (expected " + r.expected + ")").c_str(),
                  r.worst_ms, std::max(0.0, r.worst_overrun_ms), r.peak_mib, r.message_bytes);
    out += line;
  }
  std::snprintf(line, sizeof line, "\nworst overrun: %.1f ms past the %d ms budget (%s), %d runs each\n",
                std::max(0.0, worst_overrun_ms), cpu_budget_ms, worst_attack.c_str(), repeats);
  out += line;
  return out;
}

}  // namespace kasane
