// Calling guards and actions: arguments, results, ctx methods, errors.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "lua/host_api.h"
#include "lua/lua_plugin.h"
#include "lua/testing.h"
#include "lua_test_util.h"

namespace kasane {
namespace {

using testing_lua::ActionPlugin;
using testing_lua::At;
using testing_lua::CallData;
using testing_lua::ExpectStillUsable;
using testing_lua::GuardPlugin;
using testing_lua::MustLoad;

Result<GuardVerdict> Guard(const std::string& body, const CallData& data = CallData()) {
  auto plugin = MustLoad(GuardPlugin(body));
  if (plugin == nullptr) return Status::Internal("did not load");
  return plugin->CallGuard(data.Make("g"));
}

Status Action(const std::string& body, ChangeSet* changes, const CallData& data = CallData()) {
  auto plugin = MustLoad(ActionPlugin(body));
  if (plugin == nullptr) return Status::Internal("did not load");
  return plugin->CallAction(data.Make("a"), changes);
}

// ---- Guards ----------------------------------------------------------------

TEST(PluginGuardTest, AllowsAndRefusesWithAReason) {
  auto allowed = Guard("return case.data.age == 42, 'ignored when allowed'");
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  EXPECT_TRUE(allowed->allow);
  EXPECT_EQ(allowed->reason, "");

  auto refused = Guard("return false, '本人同意が記録されていません'");
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_FALSE(refused->allow);
  EXPECT_EQ(refused->reason, "本人同意が記録されていません");
}

TEST(PluginGuardTest, RefusalWithoutAReasonGetsAGenericOne) {
  for (const char* body : {"return false", "return false, nil", "return false, ''"}) {
    auto refused = Guard(body);
    ASSERT_TRUE(refused.ok()) << body << ": " << refused.status().ToString();
    EXPECT_FALSE(refused->allow);
    EXPECT_EQ(refused->reason, "test.g により許可されませんでした") << body;
  }
}

TEST(PluginGuardTest, OtherReturnShapesArePluginErrors) {
  struct Case {
    const char* body;
    const char* message;
  };
  for (const Case& c : {
           Case{"return", "plugin 'test' guards.g: returned nothing; a guard returns true, or false and a reason"},
           Case{"return 'yes'", "plugin 'test' guards.g: must return a boolean first, got string"},
           Case{"return nil, 'why'", "plugin 'test' guards.g: must return a boolean first, got nil"},
           Case{"return false, 42", "plugin 'test' guards.g: the reason for a refusal must be a string, got number"},
           Case{"return false, '\\255'", "plugin 'test' guards.g: the reason: string is not valid UTF-8"},
       }) {
    auto verdict = Guard(c.body);
    ASSERT_FALSE(verdict.ok()) << c.body;
    EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError) << c.body;
    EXPECT_EQ(verdict.status().message(), c.message) << c.body;
  }
}

TEST(PluginGuardTest, AnOverlongReasonOrErrorIsCutWithAMarker) {
  auto refused = Guard("return false, string.rep('あ', 100000)");  // 300,000 bytes
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_LE(refused->reason.size(), 1100u);
  EXPECT_NE(refused->reason.find("以下省略: 300000 バイト / truncated"), std::string::npos) << refused->reason.substr(0, 80);
  EXPECT_EQ(refused->reason.rfind("あ", 0), 0u);
  auto failed = Guard("error(string.rep('x', 200000))");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Status::Code::kPluginError);
  EXPECT_LE(failed.status().message().size(), 2200u);
  EXPECT_NE(failed.status().message().find("truncated"), std::string::npos);
}

TEST(PluginGuardTest, RuntimeErrorNamesPluginFunctionFileAndLine) {
  auto verdict = Guard("local x = case.data.missing.field\nreturn true");
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError);
  EXPECT_EQ(verdict.status().message(),
            "plugin 'test' guards.g: plugins/test/plugin.lua:3: attempt to index a nil value (field 'missing')");
}

TEST(PluginGuardTest, ErrorWithoutPositionGetsTheFirstFrame) {
  auto verdict = Guard("\nerror('boom', 0)");
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().message(), "plugin 'test' guards.g: boom (at plugins/test/plugin.lua:4)");
  auto table_error = Guard("error({code = 1})");
  ASSERT_FALSE(table_error.ok());
  EXPECT_EQ(table_error.status().message(),
            "plugin 'test' guards.g: (error object is a table value) (at plugins/test/plugin.lua:3)");
}

TEST(PluginGuardTest, UnknownFunctionIsNotFound) {
  auto plugin = MustLoad(GuardPlugin("return true"));
  ASSERT_NE(plugin, nullptr);
  CallData data;
  auto verdict = plugin->CallGuard(data.Make("okk"));
  EXPECT_EQ(verdict.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(verdict.status().message(), "plugin 'test' has no guard 'okk' (did you mean 'ok'?)");
  ChangeSet changes;
  Status action = plugin->CallAction(data.Make("g"), &changes);
  EXPECT_EQ(action.code(), Status::Code::kNotFound);
  EXPECT_EQ(action.message(), "plugin 'test' has no action 'g'");
}

TEST(PluginGuardTest, SeesTheCaseAndTheContext) {
  auto verdict = Guard(
      "assert(case.id == 7 and case.state == 'referred' and case.workflow == 'toyonaka', 'case')\n"
      "assert(case.data.name == '山田' and case.data.tags[2] == 'b', 'data')\n"
      "assert(ctx.event == 'accept' and ctx.from == 'referred' and ctx.to == 'assessment', 'transition')\n"
      "assert(ctx.actor.id == 'u1' and ctx.actor.role == 'secretariat', 'actor')\n"
      "assert(ctx.actor.agency == 'chiiki_kyosei', 'agency')\n"
      "assert(ctx.payload.note == 'memo' and ctx.args.limit == 3, 'payload/args')\n"
      "assert(math.type(ctx.args.limit) == 'integer', 'integer')\n"
      "assert(ctx.settings.meeting_name == '多機関協働推進会議', 'settings')\n"
      "assert(next(ctx.payload) == 'note' and next(ctx.settings) == 'meeting_name', 'next sees through views')\n"
      "assert(select(2, next(case.data, nil)) ~= nil and next({}) == nil, 'next on data and plain tables')\n"
      "assert(not pcall(function() ctx.settings.meeting_name = 'x' end), 'settings are read-only')\n"
      "assert(ctx.now == '2024-04-01T09:00:00+09:00' and kasane.now() == ctx.now, 'now')\n"
      "assert(kasane.today() == '2024-04-01', 'today')\n"
      "assert(next(ctx.config) == nil, 'config')\n"
      "return true");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->allow);
}

TEST(PluginGuardTest, NullPayloadAndArgsAreEmptyTables) {
  CallData data;
  data.payload = Value();
  data.args = Value();
  data.settings = Value();
  auto verdict = Guard(
      "return next(ctx.payload) == nil and next(ctx.args) == nil and ctx.payload.x == nil and next(ctx.settings) == nil",
      data);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->allow);
}

TEST(PluginGuardTest, GuardsCannotRecordChanges) {
  auto verdict = Guard("ctx:set('x', 1) return true");
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError);
  EXPECT_NE(verdict.status().message().find("ctx:set: guards cannot record changes (only actions can)"),
            std::string::npos)
      << verdict.status().message();
}

// ---- kasane.* ----------------------------------------------------------------

TEST(PluginHostTest, BusinessCalendarHelpers) {
  auto verdict = Guard(
      "assert(kasane.is_business_day('2024-04-01') == true, 'monday')\n"
      "assert(kasane.is_business_day('2024-04-29') == false, 'showa day')\n"
      "assert(kasane.add_business_days('2024-04-26', 1) == '2024-04-30', 'over the holiday')\n"
      "assert(kasane.holiday_name('2024-04-29') == '昭和の日', 'name')\n"
      "assert(kasane.holiday_name('2024-04-30') == nil, 'no holiday')\n"
      "return true");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->allow);
}

TEST(PluginHostTest, BadArgumentsAreExplained) {
  struct Case {
    const char* body;
    const char* fragment;
  };
  for (const Case& c : {
           Case{"kasane.is_business_day('2024/04/01')",
                "kasane.is_business_day: expected a date 'YYYY-MM-DD', got '2024/04/01'"},
           Case{"kasane.holiday_name(20240401)", "kasane.holiday_name: expected a date 'YYYY-MM-DD', got a number"},
           Case{"kasane.add_business_days('2024-04-01', -1)",
                "kasane.add_business_days: n must be an integer from 0 to 3660"},
           Case{"kasane.add_business_days('2024-04-01', 1.5)",
                "kasane.add_business_days: n must be an integer from 0 to 3660"},
       }) {
    auto verdict = Guard(std::string(c.body) + " return true");
    ASSERT_FALSE(verdict.ok()) << c.body;
    EXPECT_EQ(verdict.status().code(), Status::Code::kPluginError);
    EXPECT_NE(verdict.status().message().find(std::string("plugins/test/plugin.lua:3: ") + c.fragment),
              std::string::npos)
        << verdict.status().message();
  }
}

TEST(PluginHostTest, NoCalendarIsAClearError) {
  CallData data;
  data.with_calendar = false;
  auto verdict = Guard("return kasane.is_business_day('2024-04-01')", data);
  ASSERT_FALSE(verdict.ok());
  EXPECT_NE(verdict.status().message().find("kasane.is_business_day: no business calendar is configured"),
            std::string::npos);
  auto holiday = Guard("return kasane.holiday_name('2024-01-01') == '元日'", data);
  ASSERT_TRUE(holiday.ok()) << holiday.status().ToString();
  EXPECT_TRUE(holiday->allow);
}

TEST(PluginHostTest, LogIsBoundedPerCall) {
  auto plugin =
      MustLoad(GuardPlugin("for i = 1, 25 do kasane.log('line', i) end kasane.log(string.rep('あ', 100)) return true"));
  ASSERT_NE(plugin, nullptr);
  CallData data;
  ASSERT_TRUE(plugin->CallGuard(data.Make("g")).ok());
  std::vector<std::string> log = PluginLogForTest(*plugin);
  ASSERT_EQ(log.size(), kMaxLogLines + 1);
  EXPECT_EQ(log[0], "line 1");
  EXPECT_EQ(log[19], "line 20");
  EXPECT_EQ(log[20], "(6 more lines dropped)");
  // The next call starts a fresh log; long lines are cut at a character boundary.
  auto other = MustLoad(GuardPlugin("kasane.log(string.rep('あ', 100), {}) return true"));
  ASSERT_TRUE(other->CallGuard(data.Make("g")).ok());
  log = PluginLogForTest(*other);
  ASSERT_EQ(log.size(), 1u);
  std::string cut;
  for (int i = 0; i < 66; ++i) cut += "あ";  // 198 bytes: the 67th character would cross 200
  EXPECT_EQ(log[0], cut);
  ASSERT_TRUE(plugin->CallGuard(data.Make("ok")).ok());
  EXPECT_TRUE(PluginLogForTest(*plugin).empty());
}

// ---- Actions -------------------------------------------------------------------

TEST(PluginActionTest, RecordsEveryKindOfChange) {
  CallData data;
  ChangeSet changes;
  changes.data_patch["kept"] = Value("from before");
  Status s = Action(
      "ctx:set('consent_at', ctx.now)\n"
      "ctx:set('score', 1.5)\n"
      "ctx:set('flags', {true, false})\n"
      "ctx:set('address', {city = '豊中市', zip = '560'})\n"
      "ctx:set('obsolete', nil)\n"
      "ctx:set('copied_tags', case.data.tags)\n"
      "ctx:task{kind = 'assess', agency = 'chiiki_kyosei', role = 'secretariat',\n"
      "         title = {ja = 'アセスメント', en = 'Assessment'}, due = '2024-04-10'}\n"
      "ctx:task{kind = 'call', agency = 'choju', title = '電話'}\n"
      "ctx:timer{id = 'remind', event = 'remind', after_business_days = 10}\n"
      "ctx:timer{id = 'meet', event = 'meeting', at = '2024-05-01T10:00:00+09:00'}\n"
      "ctx:cancel_timer('old')\n"
      "ctx:close_tasks('intake')\n"
      "ctx:decide('target', {matched = true, rule = 'C2'})\n"
      "ctx:add_member('choju', 'assigned')\n"
      "ctx:remove_member('fukushi', 'referrer')\n",
      &changes, data);
  ASSERT_TRUE(s.ok()) << s.ToString();

  const Object& patch = changes.data_patch;
  EXPECT_EQ(patch.at("kept"), Value("from before"));
  EXPECT_EQ(patch.at("consent_at"), Value("2024-04-01T09:00:00+09:00"));
  EXPECT_TRUE(patch.at("score").is_double());
  EXPECT_EQ(patch.at("flags"), Value(Array{Value(true), Value(false)}));
  EXPECT_EQ(patch.at("address").ToJson(), R"({"city":"豊中市","zip":"560"})");
  EXPECT_TRUE(patch.at("obsolete").is_null());
  EXPECT_EQ(patch.at("copied_tags"), Value(Array{Value("a"), Value("b")}));

  ASSERT_EQ(changes.tasks_created.size(), 2u);
  const TaskChange& assess = changes.tasks_created[0];
  EXPECT_EQ(assess.kind, "assess");
  EXPECT_EQ(assess.agency, "chiiki_kyosei");
  EXPECT_EQ(assess.role, "secretariat");
  EXPECT_EQ(assess.title.ja, "アセスメント");
  EXPECT_EQ(assess.title.en, "Assessment");
  ASSERT_TRUE(assess.due_at.has_value());
  EXPECT_EQ(*assess.due_at, At("2024-04-10"));
  EXPECT_EQ(changes.tasks_created[1].title.ja, "電話");
  EXPECT_FALSE(changes.tasks_created[1].due_at.has_value());

  ASSERT_EQ(changes.timers_scheduled.size(), 2u);
  EXPECT_EQ(changes.timers_scheduled[0].timer_id, "remind");
  EXPECT_EQ(changes.timers_scheduled[0].event, "remind");
  EXPECT_EQ(changes.timers_scheduled[0].due_at,
            data.calendar.DueAfter(At("2024-04-01T09:00:00+09:00"), Duration{10, Duration::Unit::kBusinessDays}));
  EXPECT_EQ(changes.timers_scheduled[0].state, "");
  EXPECT_EQ(changes.timers_scheduled[1].due_at, At("2024-05-01T10:00:00+09:00"));

  EXPECT_EQ(changes.timers_cancelled, std::vector<std::string>{"old"});
  EXPECT_EQ(changes.task_kinds_closed, std::vector<std::string>{"intake"});
  ASSERT_EQ(changes.decisions.size(), 1u);
  EXPECT_EQ(changes.decisions[0].key, "target");
  EXPECT_EQ(changes.decisions[0].value.ToJson(), R"({"matched":true,"rule":"C2"})");
  EXPECT_EQ(changes.decisions[0].source, "test.a");
  ASSERT_EQ(changes.memberships.size(), 2u);
  EXPECT_EQ(changes.memberships[0].agency, "choju");
  EXPECT_EQ(changes.memberships[0].relation, "assigned");
  EXPECT_FALSE(changes.memberships[0].remove);
  EXPECT_TRUE(changes.memberships[1].remove);
}

TEST(PluginActionTest, NothingIsAppendedWhenTheActionFails) {
  ChangeSet changes;
  changes.data_patch["kept"] = Value(1);
  Status s = Action("ctx:set('a', 1) ctx:task{kind = 'k', agency = 'x', title = 't'} error('late failure')", &changes);
  EXPECT_EQ(s.code(), Status::Code::kPluginError);
  EXPECT_NE(s.message().find("plugin 'test' actions.a: plugins/test/plugin.lua:3: late failure"), std::string::npos)
      << s.message();
  EXPECT_EQ(changes.data_patch.size(), 1u);
  EXPECT_TRUE(changes.tasks_created.empty());
}

// Conversions into the engine are bounded by the number of values as well
// as by bytes: 150 000 small numbers fit in the byte bound, not in this one,
// and a shared structure is refused after 100 000 values, not 16 MiB of them.
TEST(PluginActionTest, AConversionIsBoundedByItsNumberOfValues) {
  SandboxLimits limits;
  limits.cpu_millis = 5000;  // the bound under test, not the budget, ends these (sanitizer builds are slow)
  auto run = [&](const std::string& body, ChangeSet* changes) {
    auto plugin = MustLoad(ActionPlugin(body), limits);
    return plugin == nullptr ? Status::Internal("did not load") : plugin->CallAction(CallData().Make("a"), changes);
  };
  ChangeSet changes;
  Status flat = run("local t = {} for i = 1, 150000 do t[i] = i end ctx:set('list', t)", &changes);
  EXPECT_EQ(flat.code(), Status::Code::kResourceExhausted) << flat.ToString();
  EXPECT_NE(flat.message().find("value too large (more than 100000 items)"), std::string::npos) << flat.message();
  Status shared = run("local x = {} for i = 1, 30 do x = {x, x} end ctx:set('tree', x)", &changes);
  EXPECT_EQ(shared.code(), Status::Code::kResourceExhausted) << shared.ToString();
  EXPECT_NE(shared.message().find("more than 100000 items"), std::string::npos) << shared.message();
  EXPECT_TRUE(changes.data_patch.empty());
  ChangeSet fine;
  EXPECT_TRUE(run("local t = {} for i = 1, 5000 do t[i] = {n = i} end ctx:set('list', t)", &fine).ok());
}

TEST(PluginActionTest, ReturningValuesIsAPluginError) {
  ChangeSet changes;
  Status s = Action("return {consent = true}", &changes);
  EXPECT_EQ(s.code(), Status::Code::kPluginError);
  EXPECT_EQ(s.message(),
            "plugin 'test' actions.a: an action returns nothing (it records changes with ctx methods), got a table");
  EXPECT_TRUE(changes.empty());
}

TEST(PluginActionTest, ArgumentsAreValidated) {
  struct Case {
    const char* body;
    const char* fragment;
  };
  for (const Case& c : {
           Case{"ctx:task{kind = 'k', agency = 1, title = 't'}", "ctx:task: 'agency' must be a string"},
           Case{"ctx:task{kind = 'k', title = 't'}", "ctx:task: 'agency' is required"},
           Case{"ctx:task{kind = 'k', agency = 'a', titel = 't'}",
                "ctx:task: unknown key 'titel' (did you mean 'title'?)"},
           Case{"ctx:task{kind = 'k', agency = 'a', title = {ja = 'x', fr = 'y'}}",
                "ctx:task: 'title' may only have 'ja' and 'en'"},
           Case{"ctx:task{kind = 'k', agency = 'a', title = 't', due = 'next week'}",
                "ctx:task: 'due' must be a date 'YYYY-MM-DD' or an ISO date-time, got 'next week'"},
           Case{"ctx:task('assess')", "ctx:task: expects a table like {kind = ..."},
           Case{"ctx:timer{id = 't', event = 'e'}", "ctx:timer: give exactly one of 'at' and 'after_business_days'"},
           Case{"ctx:timer{id = 't', event = 'e', at = 'soon'}", "ctx:timer: 'at' must be an ISO date-time"},
           Case{"ctx:timer{id = 't', event = 'e', after_business_days = -2}",
                "ctx:timer: 'after_business_days' must be an integer from 0 to 3660"},
           Case{"ctx:set('', 1)", "ctx:set: the field name must be a non-empty string"},
           Case{"ctx:set('f', function() end)", "ctx:set: value for 'f': functions cannot be converted"},
           Case{"ctx:set('f', {1, 2, nil, 4})", "ctx:set: value for 'f': list has holes"},
           Case{"ctx:set('f', {1, x = 2})", "ctx:set: value for 'f': table mixes list items (1..n) and named keys"},
           Case{"ctx:set('f', {[true] = 1})", "table key of type boolean"},
           Case{"ctx:set('f', {a = {b = 0/0}})", "ctx:set: value for 'f': a.b: not a finite number"},
           Case{"local t = {} t.self = t ctx:set('f', t)", "ctx:set: value for 'f': self: table contains a cycle"},
           Case{"local t = {} for i = 1, 40 do t = {t} end ctx:set('f', t)", "nested deeper than 32 levels"},
           Case{"ctx.set('f', 1)", "ctx:set: call it as a method, ctx:set(...)"},
           Case{"ctx:decide(nil, 1)", "ctx:decide: the decision key must be a non-empty string"},
           Case{"ctx:add_member('a')", "ctx:add_member: the relation must be a non-empty string"},
       }) {
    ChangeSet changes;
    Status s = Action(c.body, &changes);
    EXPECT_EQ(s.code(), Status::Code::kPluginError) << c.body << " -> " << s.ToString();
    EXPECT_NE(s.message().find("plugin 'test' actions.a: plugins/test/plugin.lua:3: ctx:"), std::string::npos)
        << c.body << " -> " << s.message();
    EXPECT_NE(s.message().find(c.fragment), std::string::npos) << c.body << " -> " << s.message();
    EXPECT_TRUE(changes.empty()) << c.body;
  }
}

TEST(PluginActionTest, ACtxDoesNotOutliveItsCall) {
  auto plugin = MustLoad(
      "local saved\n"
      "return { name = 'test', version = '1.0.0', actions = {\n"
      "  keep = function(case, ctx) saved = ctx end,\n"
      "  use = function(case, ctx) saved:set('x', 1) end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  ChangeSet changes;
  ASSERT_TRUE(plugin->CallAction(data.Make("keep"), &changes).ok());
  Status s = plugin->CallAction(data.Make("use"), &changes);
  EXPECT_EQ(s.code(), Status::Code::kPluginError);
  // Module state is new for every call, so the saved ctx is gone.
  EXPECT_NE(s.message().find("attempt to index a nil value (upvalue 'saved')"), std::string::npos) << s.message();
  EXPECT_TRUE(changes.empty());
}

TEST(PluginActionTest, TooManyChangesIsResourceExhausted) {
  ChangeSet changes;
  Status s = Action("for i = 1, 2000 do pcall(ctx.set, ctx, 'f' .. i, i) end", &changes);
  EXPECT_EQ(s.code(), Status::Code::kResourceExhausted) << s.ToString();
  EXPECT_NE(s.message().find("plugin 'test' actions.a"), std::string::npos) << s.message();
  EXPECT_TRUE(changes.empty());
}

// ---- Config ------------------------------------------------------------------

const char* kConfiguredPlugin =
    "return { name = 'test', version = '1.0.0',\n"
    "  config = { limit = { type = 'integer', default = 5 },\n"
    "             labels = { type = 'list', items = { type = 'string' }, default = {'a'} } },\n"
    "  guards = { g = function(case, ctx) return ctx.config.limit == case.data.age, 'limit ' .. ctx.config.limit end,\n"
    "             n = function(case, ctx) return #ctx.config.labels == 2 end } }\n";

TEST(PluginConfigTest, DefaultsAreBoundAtLoadAndSetConfigReplacesThem) {
  auto plugin = MustLoad(kConfiguredPlugin);
  ASSERT_NE(plugin, nullptr);
  CallData data;
  auto before = plugin->CallGuard(data.Make("g"));
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_FALSE(before->allow);
  EXPECT_EQ(before->reason, "limit 5");

  ASSERT_TRUE(
      plugin->SetConfig(Value(Object{{"limit", Value(42)}, {"labels", Value(Array{Value("x"), Value("y")})}})).ok());
  auto after = plugin->CallGuard(data.Make("g"));
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_TRUE(after->allow);
  auto labels = plugin->CallGuard(data.Make("n"));
  ASSERT_TRUE(labels.ok());
  EXPECT_TRUE(labels->allow);
}

TEST(PluginConfigTest, SetConfigRefusesAnInvalidConfigAndKeepsTheOldOne) {
  auto plugin = MustLoad(kConfiguredPlugin);
  ASSERT_NE(plugin, nullptr);
  Status s = plugin->SetConfig(Value(Object{{"limit", Value("many")}, {"limt", Value(1)}}));
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "plugin 'test' config: limit: expected integer, got string; limt: unknown key 'limt' (did you mean "
            "'limit'?)");
  CallData data;
  auto verdict = plugin->CallGuard(data.Make("g"));
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->reason, "limit 5");
}

// ---- Threads -----------------------------------------------------------------

TEST(PluginThreadTest, ConcurrentCallsEachRunAlone) {
  auto plugin = MustLoad(
      "local counter = 0\n"
      "return { name = 'test', version = '1.0.0', actions = {\n"
      "  bump = function(case, ctx)\n"
      "    local before, total = counter, 0\n"
      "    for i = 1, 1000 do total = total + #tostring(i) end\n"
      "    counter = before + 1\n"
      "    ctx:set('counter', counter)\n"
      "    ctx:set('total', total)\n"
      "  end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  constexpr int kThreads = 4;
  constexpr int kCalls = 50;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        ChangeSet changes;
        if (!plugin->CallAction(data.Make("bump"), &changes).ok() || changes.data_patch.at("counter") != Value(1) ||
            changes.data_patch.at("total") != Value(2893))
          ++failures[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  ChangeSet last;
  ASSERT_TRUE(plugin->CallAction(data.Make("bump"), &last).ok());
  EXPECT_EQ(last.data_patch.at("counter"), Value(1));  // module state is new for every call
  EXPECT_GT(plugin->memory_in_use(), 0u);
  EXPECT_LT(plugin->memory_in_use(), SandboxLimits().memory_bytes);
}

// A runaway call of a plugin (50 ms until its budget stops it) does not hold
// up another case's call of the same plugin: that one runs on another Lua
// state at once. On one state it would wait for the runaway call to end.
TEST(PluginThreadTest, ARunawayCallHoldsUpNoOtherCallOfThePlugin) {
  auto plugin = MustLoad(
      "return { name = 'test', version = '1.0.0', guards = {\n"
      "  spin = function() while true do end end,\n"
      "  ok = function() return true end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  std::atomic<bool> started{false};
  std::thread runaway([&] {
    started = true;
    EXPECT_EQ(plugin->CallGuard(data.Make("spin")).status().code(), Status::Code::kDeadlineExceeded);
  });
  while (!started) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the runaway call holds its state now
  const auto start = std::chrono::steady_clock::now();
  auto verdict = plugin->CallGuard(data.Make("ok"));
  const auto waited = std::chrono::steady_clock::now() - start;
  runaway.join();
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->allow);
  EXPECT_LT(waited, std::chrono::milliseconds(30));
  EXPECT_EQ(static_cast<LuaPlugin*>(plugin.get())->lanes(), 2);
}

// The states are bounded: with one allowed, calls wait for it in turn and
// every one still completes.
TEST(PluginThreadTest, CallsBeyondTheStatesWaitTheirTurn) {
  SandboxLimits limits;
  limits.states = 1;
  auto plugin = MustLoad(GuardPlugin("local n = 0 for i = 1, 20000 do n = n + i end return n > 0"), limits);
  ASSERT_NE(plugin, nullptr);
  CallData data;
  std::vector<std::thread> threads;
  std::atomic<int> allowed{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto v = plugin->CallGuard(data.Make("g"));
        if (v.ok() && v->allow) ++allowed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 80);
  EXPECT_EQ(static_cast<LuaPlugin*>(plugin.get())->lanes(), 1);
}

// A config set later reaches every state, also those made before it.
TEST(PluginThreadTest, EveryStateSeesTheCurrentConfig) {
  auto plugin = MustLoad(
      "return { name = 'test', version = '1.0.0', config = { limit = { type = 'integer', default = 1 } },\n"
      "  guards = { g = function(case, ctx) return false, 'limit ' .. ctx.config.limit end,\n"
      "             spin = function() while true do end end } }\n");
  ASSERT_NE(plugin, nullptr);
  CallData data;
  std::thread runaway([&] { (void)plugin->CallGuard(data.Make("spin")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(plugin->CallGuard(data.Make("g"))->reason, "limit 1");  // on a second state
  runaway.join();
  ASSERT_TRUE(plugin->SetConfig(Value(Object{{"limit", Value(7)}})).ok());
  std::thread again([&] { (void)plugin->CallGuard(data.Make("spin")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(plugin->CallGuard(data.Make("g"))->reason, "limit 7");
  again.join();
  EXPECT_EQ(plugin->CallGuard(data.Make("g"))->reason, "limit 7");
}

}  // namespace
}  // namespace kasane
