// The case endpoints over HTTP: create, read, list and search, actions, fire
// (idempotency, stale versions, guards), history, tasks — and the rules that
// keep a case inside its tenant and its members.
#include <gtest/gtest.h>

#include <string>

#include "api_test_util.h"
#include "http_fixture.h"
#include "runtime/engine.h"
#include "runtime/timer_runner.h"

namespace kasane::http::testing {
namespace {

class CaseApiTest : public HttpServerTest {
 protected:
  // Creates a case as `who`; returns its id (0 and a failed test otherwise).
  int64_t CreateCase(const Client& who, const std::string& complaint, int issues) {
    HttpResult r = Call(who, "POST", "/api/v1/cases",
                        R"({"workflow":"flow","data":{"main_complaint":")" + complaint +
                            R"(","issues":)" + std::to_string(issues) + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    const Value body = BodyOf(r);
    EXPECT_EQ(r.header("Location"), "/api/v1/cases/" + std::to_string(IntAt(body, "id")));
    return r.status == 201 ? IntAt(body, "id") : 0;
  }

  HttpResult Fire(const Client& who, int64_t id, const std::string& body, const std::string& key = "") {
    return Call(who, "POST", "/api/v1/cases/" + std::to_string(id) + "/events", body, key);
  }

  std::vector<AuditEntry> AuditOf(const std::string& tenant) {
    AuditFilter f;
    f.tenant = tenant;
    f.limit = 1000;
    Result<std::vector<AuditEntry>> entries = store_->ListAudit(f);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

  bool Audited(const std::string& tenant, const std::string& actor, const std::string& action, int64_t case_id) {
    for (const AuditEntry& e : AuditOf(tenant)) {
      if (e.actor == actor && e.action == action && e.case_id && *e.case_id == case_id) return true;
    }
    return false;
  }
};

TEST_F(CaseApiTest, CreateThenReadShowsStateLabelDataAndMembers) {
  const Client sato = As("t1", "sato");
  const int64_t id = CreateCase(sato, "親の介護", 1);
  ASSERT_GT(id, 0);
  HttpResult r = Call(sato, "GET", "/api/v1/cases/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const Value c = BodyOf(r);
  EXPECT_EQ(StringAt(c, "workflow"), "flow");
  EXPECT_EQ(IntAt(c, "version"), 1);
  EXPECT_EQ(StringAt(c, "visibility"), "full");
  const Value* state = c.find("state");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(StringAt(*state, "id"), "intake");
  EXPECT_EQ(StringAt(*state->find("label"), "ja"), "相談受付");
  EXPECT_EQ(StringAt(*c.find("data"), "main_complaint"), "親の介護");
  ASSERT_EQ(c.find("members")->as_array().size(), 1u);
  EXPECT_EQ(StringAt(c.find("members")->as_array()[0], "agency"), "madoguchi");
  EXPECT_TRUE(Audited("t1", "sato", "case.create", id));
  EXPECT_TRUE(Audited("t1", "sato", "case.read", id));
}

TEST_F(CaseApiTest, AnotherTenantsCaseIsNotFoundAndTheRefusalIsAuditedInTheCallersTenant) {
  const int64_t id = CreateCase(As("t1", "sato"), "秘密", 1);
  const Client other = As("t2", "sato");  // same user name and agency id, other town
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  for (const std::string& p : {path, path + "/history", path + "/actions", path + "/tasks", path + "/meetings"}) {
    HttpResult r = Call(other, "GET", p);
    EXPECT_API_PROBLEM(r, 404, "not_found");
    EXPECT_EQ(r.body.find("秘密"), std::string::npos);
  }
  EXPECT_API_PROBLEM(Fire(other, id, R"({"event":"handle"})"), 404, "not_found");
  // Same answer as for a case that does not exist.
  HttpResult missing = Call(other, "GET", "/api/v1/cases/999999");
  EXPECT_EQ(missing.body, Call(other, "GET", path).body);
  EXPECT_TRUE(Audited("t2", "sato", "case.denied", id));
  for (const AuditEntry& e : AuditOf("t1")) EXPECT_NE(e.action, "case.denied") << "t1 saw t2's attempt";
  const Value list = BodyOf(Call(other, "GET", "/api/v1/cases"));
  EXPECT_TRUE(list.find("cases")->as_array().empty());
  // Nothing changed.
  Result<CaseRecord> stored = store_->GetCase(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->version, 1);
}

TEST_F(CaseApiTest, OnlyMemberAgenciesSeeACase) {
  const Client sato = As("t1", "sato");
  const Client tanaka = As("t1", "tanaka");  // shakyo: not a member yet
  const int64_t id = CreateCase(sato, "8050", 4);
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  EXPECT_API_PROBLEM(Call(tanaka, "GET", path), 404, "not_found");
  EXPECT_TRUE(BodyOf(Call(tanaka, "GET", "/api/v1/cases")).find("cases")->as_array().empty());
  EXPECT_TRUE(Audited("t1", "tanaka", "case.denied", id));
  // refer's action makes shakyo a member (assigned): now it sees the case.
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer"})").status, 201);
  HttpResult seen = Call(tanaka, "GET", path);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(StringAt(*BodyOf(seen).find("state"), "id"), "referred");
  EXPECT_EQ(BodyOf(Call(tanaka, "GET", "/api/v1/cases")).find("cases")->as_array().size(), 1u);
}

TEST_F(CaseApiTest, ListFiltersSearchesAndPages) {
  const Client sato = As("t1", "sato");
  const int64_t a = CreateCase(sato, "ごみ屋敷", 1);
  const int64_t b = CreateCase(sato, "ひきこもり", 4);
  const int64_t c = CreateCase(sato, "ひきこもりと介護", 1);
  ASSERT_EQ(Fire(sato, b, R"({"event":"refer"})").status, 201);
  auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    HttpResult r = Call(sato, "GET", "/api/v1/cases" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    const Value body = BodyOf(r);
    for (const Value& v : body.find("cases")->as_array()) out.push_back(IntAt(v, "id"));
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<int64_t>{a, b, c}));
  EXPECT_EQ(ids("?state=referred"), (std::vector<int64_t>{b}));
  EXPECT_EQ(ids("?q=%E3%81%B2%E3%81%8D%E3%81%93%E3%82%82%E3%82%8A"), (std::vector<int64_t>{b, c}));  // ひきこもり
  EXPECT_EQ(ids("?q=" + std::to_string(a)), (std::vector<int64_t>{a}));
  EXPECT_EQ(ids("?workflow=child"), (std::vector<int64_t>{}));
  HttpResult page = Call(sato, "GET", "/api/v1/cases?limit=2");
  const Value first = BodyOf(page);
  ASSERT_EQ(first.find("cases")->as_array().size(), 2u);
  EXPECT_EQ(IntAt(first, "next_after"), b);
  EXPECT_EQ(ids("?limit=2&after=" + std::to_string(b)), (std::vector<int64_t>{c}));
  EXPECT_API_PROBLEM(Call(sato, "GET", "/api/v1/cases?limit=0"), 400, "bad_request");
  EXPECT_API_PROBLEM(Call(sato, "GET", "/api/v1/cases?limit=abc"), 400, "bad_request");
  EXPECT_API_PROBLEM(Call(sato, "GET", "/api/v1/cases?after=-1"), 400, "bad_request");
}

TEST_F(CaseApiTest, ARareSearchIsAnsweredInBoundedStepsWithNextAfter) {
  BusinessCalendar calendar;
  Engine engine(store_, registry_, &clock_, &calendar);
  for (int i = 0; i < 2100; ++i) {
    CreateRequest req;
    req.tenant = "t1";
    req.workflow = "flow";
    req.actor = Actor{"sato", "window", "madoguchi", "t1"};
    req.data["main_complaint"] = Value(i == 2099 ? std::string("めずらしい相談") : "相談" + std::to_string(i));
    ASSERT_TRUE(engine.Create(req).ok());
  }
  const Client sato = As("t1", "sato");
  const std::string q = "?q=%E3%82%81%E3%81%9A%E3%82%89%E3%81%97%E3%81%84";  // めずらしい
  const Value first = BodyOf(Call(sato, "GET", "/api/v1/cases" + q));
  EXPECT_TRUE(first.find("cases")->as_array().empty());  // 2000 examined, no match yet
  const int64_t next = IntAt(first, "next_after");
  ASSERT_GT(next, 0);
  const Value second = BodyOf(Call(sato, "GET", "/api/v1/cases" + q + "&after=" + std::to_string(next)));
  ASSERT_EQ(second.find("cases")->as_array().size(), 1u);
  EXPECT_EQ(StringAt(second.find("cases")->as_array()[0], "main_complaint"), "めずらしい相談");
  EXPECT_EQ(second.find("next_after"), nullptr);
}

TEST_F(CaseApiTest, ActionsShowWhyAGuardedActionIsUnavailable) {
  const Client sato = As("t1", "sato");
  const Client tanaka = As("t1", "tanaka");
  const int64_t id = CreateCase(sato, "8050", 4);
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer"})").status, 201);
  HttpResult r = Call(tanaka, "GET", "/api/v1/cases/" + std::to_string(id) + "/actions");
  ASSERT_EQ(r.status, 200) << r.body;
  bool saw_convene = false;
  const Value body = BodyOf(r);
  for (const Value& a : body.find("actions")->as_array()) {
    if (StringAt(a, "event") != "convene") continue;
    saw_convene = true;
    EXPECT_FALSE(a.find("allowed")->as_bool());
    EXPECT_EQ(StringAt(a, "reason"), "本人同意が記録されていません");
  }
  EXPECT_TRUE(saw_convene) << r.body;
  // Firing it anyway: 422 with the same reason, nothing written.
  HttpResult denied = Fire(tanaka, id, R"({"event":"convene"})");
  EXPECT_API_PROBLEM(denied, 422, "guard_denied");
  EXPECT_NE(denied.body.find("本人同意が記録されていません"), std::string::npos);
  EXPECT_EQ(StringAt(BodyOf(denied), "title"), "Unprocessable Content");
  EXPECT_EQ(store_->GetCase(id)->version, 2);
  EXPECT_TRUE(Audited("t1", "tanaka", "case.fire.refused", id));
}

// A plugin's failure is the caseworker's action failing: 422 with a stable
// code and the plugin and function named, never 500; nothing is written.
TEST_F(CaseApiTest, APluginFailureIsA422ThatNamesThePlugin) {
  const Client sato = As("t1", "sato");
  const Client tanaka = As("t1", "tanaka");
  const int64_t id = CreateCase(sato, "8050", 4);
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer"})").status, 201);
  struct Expected {
    const char* event;
    const char* code;
    const char* detail;
  };
  for (const Expected& e : {Expected{"explode", "plugin_failed", "plugin 'rules' actions.broken: "},
                            Expected{"spin", "plugin_timeout", "plugin 'rules' function 'actions.spin' exceeded its CPU budget"},
                            Expected{"hog", "plugin_limit", "plugin 'rules' function 'actions.hog' exceeded its memory limit"}}) {
    HttpResult r = Fire(tanaka, id, std::string(R"({"event":")") + e.event + R"("})");
    EXPECT_API_PROBLEM(r, 422, e.code);
    EXPECT_NE(StringAt(BodyOf(r), "detail").find(e.detail), std::string::npos) << r.body;
  }
  EXPECT_EQ(store_->GetCase(id)->version, 2);
  EXPECT_EQ(store_->GetCase(id)->data.find("half"), nullptr);
  EXPECT_EQ(Fire(tanaka, id, R"({"event":"note"})").status, 201);
}

TEST_F(CaseApiTest, StaleExpectedVersionIsAConflictAndWritesNothing) {
  const Client sato = As("t1", "sato");
  const int64_t id = CreateCase(sato, "8050", 4);
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer","expected_version":1})").status, 201);
  const Client tanaka = As("t1", "tanaka");
  HttpResult stale = Fire(tanaka, id, R"({"event":"note","expected_version":1})");
  EXPECT_API_PROBLEM(stale, 409, "conflict");
  EXPECT_EQ(store_->GetCase(id)->version, 2);
  EXPECT_EQ(Fire(tanaka, id, R"({"event":"note","expected_version":2})").status, 201);
}

TEST_F(CaseApiTest, ARetriedFireWithTheSameIdempotencyKeyIsAnsweredNotRepeated) {
  const Client sato = As("t1", "sato");
  const Client tanaka = As("t1", "tanaka");
  const int64_t id = CreateCase(sato, "8050", 4);
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer"})").status, 201);
  HttpResult first = Fire(tanaka, id, R"({"event":"note"})", "key-123");
  ASSERT_EQ(first.status, 201) << first.body;
  HttpResult again = Fire(tanaka, id, R"({"event":"note"})", "key-123");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(BodyOf(again).find("replayed")->as_bool());
  EXPECT_EQ(IntAt(*BodyOf(again).find("event"), "seq"), IntAt(*BodyOf(first).find("event"), "seq"));
  EXPECT_EQ(store_->GetCase(id)->version, 3);
  HttpResult too_long = Fire(tanaka, id, R"({"event":"note"})", std::string(129, 'k'));
  EXPECT_API_PROBLEM(too_long, 400, "bad_request");
}

TEST_F(CaseApiTest, BadBodiesAreClearFourHundreds) {
  const Client sato = As("t1", "sato");
  const int64_t id = CreateCase(sato, "8050", 1);
  struct Bad {
    std::string body;
    std::string says;
  };
  for (const Bad& bad : std::vector<Bad>{{"{not json", "malformed JSON"},
                                         {"[1,2]", "JSON object"},
                                         {R"({"event":"handle","extra":1})", "unknown field 'extra'"},
                                         {R"({"event":42})", "'event'"},
                                         {R"({"event":"handle","payload":[]})", "'payload'"},
                                         {R"({"event":"handle","expected_version":"1"})", "'expected_version'"},
                                         {R"({})", "'event'"}}) {
    HttpResult r = Fire(sato, id, bad.body);
    EXPECT_API_PROBLEM(r, 400, "bad_request");
    EXPECT_NE(r.body.find(bad.says), std::string::npos) << bad.body << " -> " << r.body;
  }
  // Wrong field types in the payload are named by the engine's form check.
  HttpResult wrong = Call(sato, "POST", "/api/v1/cases", R"({"workflow":"flow","data":{"main_complaint":"x","issues":"many"}})");
  EXPECT_API_PROBLEM(wrong, 400, "bad_request");
  EXPECT_NE(wrong.body.find("issues"), std::string::npos) << wrong.body;
  EXPECT_API_PROBLEM(Call(sato, "POST", "/api/v1/cases", R"({"workflow":"nope"})"), 404, "not_found");
  EXPECT_API_PROBLEM(Call(sato, "POST", "/api/v1/cases", R"({"workflow":"flow","who":1})"), 400, "bad_request");
  HttpResult unknown_event = Fire(sato, id, R"({"event":"no_such_event"})");
  EXPECT_API_PROBLEM(unknown_event, 400, "bad_request");
  EXPECT_NE(unknown_event.body.find("cannot be fired in state 'intake'"), std::string::npos) << unknown_event.body;
  EXPECT_API_PROBLEM(Call(sato, "GET", "/api/v1/cases/abc"), 404, "not_found");
  EXPECT_API_PROBLEM(Call(sato, "GET", "/api/v1/cases/-1"), 404, "not_found");
  EXPECT_API_PROBLEM(Call(sato, "GET", "/api/v1/cases/99999999999999999999999"), 404, "not_found");
  // Oversize (the fixture's limit is 4096 bytes).
  const std::string huge = R"({"event":"handle","payload":{"note":")" + std::string(5000, 'x') + R"("}})";
  EXPECT_API_PROBLEM(Fire(sato, id, huge), 413, "payload_too_large");
  // The server still serves.
  EXPECT_EQ(Call(sato, "GET", "/api/v1/cases/" + std::to_string(id)).status, 200);
}

TEST_F(CaseApiTest, HistoryListsEveryEventInOrder) {
  const Client sato = As("t1", "sato");
  const Client tanaka = As("t1", "tanaka");
  const int64_t id = CreateCase(sato, "8050", 4);
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer"})").status, 201);
  ASSERT_EQ(Fire(tanaka, id, R"({"event":"confirm_consent","payload":{"consent":true}})").status, 201);
  HttpResult r = Call(tanaka, "GET", "/api/v1/cases/" + std::to_string(id) + "/history");
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> events;
  const Value body = BodyOf(r);
  for (const Value& e : body.find("events")->as_array()) events.push_back(StringAt(e, "event"));
  EXPECT_EQ(events, (std::vector<std::string>{"create", "refer", "confirm_consent"}));
  EXPECT_TRUE(Audited("t1", "tanaka", "case.history", id));
  EXPECT_TRUE(Audited("t1", "tanaka", "case.fire", id));
}

TEST_F(CaseApiTest, TheInboxListsMyAgencysOpenTasks) {
  const int64_t id = CreateCase(As("t1", "sato"), "8050", 4);
  ASSERT_EQ(Fire(As("t1", "sato"), id, R"({"event":"refer"})").status, 201);
  // The reminder timer creates a screening task for shakyo.
  BusinessCalendar calendar;
  Engine engine(store_, registry_, &clock_, &calendar);
  clock_.Advance(30 * 86400);
  auto ran = RunDueTimers(&engine);
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  ASSERT_EQ(ran->fired, 1);
  // Log in after the month has passed: the earlier sessions have expired.
  const Client sato = As("t1", "sato");
  const Client tanaka = As("t1", "tanaka");
  HttpResult inbox = Call(tanaka, "GET", "/api/v1/tasks");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  const Value body = BodyOf(inbox);
  const Array& tasks = body.find("tasks")->as_array();
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(StringAt(tasks[0], "kind"), "screening");
  EXPECT_EQ(IntAt(tasks[0], "case_id"), id);
  EXPECT_EQ(StringAt(*tasks[0].find("title"), "ja"), "スクリーニング期限");
  EXPECT_TRUE(BodyOf(Call(sato, "GET", "/api/v1/tasks")).find("tasks")->as_array().empty());
  EXPECT_TRUE(BodyOf(Call(As("t2", "sato"), "GET", "/api/v1/tasks")).find("tasks")->as_array().empty());
  HttpResult case_tasks = Call(tanaka, "GET", "/api/v1/cases/" + std::to_string(id) + "/tasks");
  EXPECT_EQ(BodyOf(case_tasks).find("tasks")->as_array().size(), 1u);
}

TEST_F(CaseApiTest, TheAuditLogNeverHoldsCaseData) {
  const Client sato = As("t1", "sato");
  const int64_t id = CreateCase(sato, "とても個人的な相談内容", 4);
  ASSERT_EQ(Fire(sato, id, R"({"event":"refer","payload":{}})").status, 201);
  Call(sato, "GET", "/api/v1/cases/" + std::to_string(id));
  Call(sato, "GET", "/api/v1/cases?q=%E3%81%A8%E3%81%A6%E3%82%82");
  const Client kansa = As("t1", "kansa");
  HttpResult audit = Call(kansa, "GET", "/api/v1/audit?limit=1000");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.body.find("とても個人的な相談内容"), std::string::npos);
  EXPECT_EQ(audit.body.find("とても"), std::string::npos);
  EXPECT_GE(BodyOf(audit).find("entries")->as_array().size(), 5u);
  HttpResult for_case = Call(kansa, "GET", "/api/v1/audit?case=" + std::to_string(id));
  const Value entries = BodyOf(for_case);
  ASSERT_FALSE(entries.find("entries")->as_array().empty());
  for (const Value& e : entries.find("entries")->as_array()) EXPECT_EQ(IntAt(e, "case_id"), id);
  const Value verified = BodyOf(Call(kansa, "GET", "/api/v1/audit/verify"));
  EXPECT_TRUE(verified.find("ok")->as_bool());
}

}  // namespace
}  // namespace kasane::http::testing
