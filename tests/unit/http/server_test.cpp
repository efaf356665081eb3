#include <gtest/gtest.h>

#include <string>

#include "http_fixture.h"
#include "util/value.h"

namespace kasane::http::testing {
namespace {

std::string CodeOf(const HttpResult& r) {
  Result<Value> body = ParseJson(r.body);
  if (!body.ok()) return "<not json: " + r.body + ">";
  const Value* code = body->find("code");
  return code != nullptr && code->is_string() ? code->as_string() : "<no code>";
}

void ExpectProblem(const HttpResult& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json; charset=utf-8");
  EXPECT_EQ(CodeOf(r), code);
  Result<Value> body = ParseJson(r.body);
  ASSERT_TRUE(body.ok());
  const Value* s = body->find("status");
  ASSERT_TRUE(s != nullptr && s->is_int());
  EXPECT_EQ(s->as_int(), status);
}

TEST_F(HttpServerTest, HealthzAnswersOk) {
  HttpResult r = Call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(HttpServerTest, EveryResponseCarriesSecurityHeaders) {
  for (const char* path : {"/healthz", "/nowhere", "/api/v1/me"}) {
    HttpResult r = Call("GET", path);
    EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'self'") << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << path;
  }
  EXPECT_EQ(Call("GET", "/api/v1/me").header("Cache-Control"), "no-store");
}

TEST_F(HttpServerTest, LoginSetsAStrictHttpOnlyCookie) {
  HttpResult r = Call("POST", "/api/v1/login",
                      R"({"tenant":"t1","username":"sato","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("Set-Cookie");
  ASSERT_EQ(cookie.size(), std::string("kasane_session=").size() + 64 + std::string("; HttpOnly; SameSite=Strict; Path=/").size())
      << cookie;
  EXPECT_EQ(cookie.substr(0, 15), "kasane_session=");
  EXPECT_EQ(cookie.find_first_not_of("0123456789abcdef", 15), 15u + 64u);
  EXPECT_EQ(cookie.substr(15 + 64), "; HttpOnly; SameSite=Strict; Path=/");
  Result<Value> body = ParseJson(r.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->find("role")->as_string(), "window");
  EXPECT_EQ(body->find("agency")->as_string(), "madoguchi");
  EXPECT_EQ(body->find("user")->find("username")->as_string(), "sato");
  EXPECT_EQ(body->find("csrf_token")->as_string().size(), 64u);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");

  // Audited without the password.
  AuditFilter filter;
  filter.tenant = "t1";
  filter.action = "login";
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor, "sato");
  EXPECT_EQ((*audit)[0].detail, "success");
}

TEST_F(HttpServerTest, WrongPasswordAndUnknownUserLookTheSame) {
  HttpResult wrong = Call("POST", "/api/v1/login", R"({"tenant":"t1","username":"sato","password":"nope"})");
  HttpResult unknown = Call("POST", "/api/v1/login", R"({"tenant":"t1","username":"suzuki","password":"nope"})");
  ExpectProblem(wrong, 401, "unauthorized");
  ExpectProblem(unknown, 401, "unauthorized");
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.header("Set-Cookie").empty());

  AuditFilter filter;
  filter.tenant = "t1";
  filter.actor = "sato";
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit.ok());
  filter.actor = "suzuki";
  Result<std::vector<AuditEntry>> unknown_audit = store_->ListAudit(filter);
  ASSERT_TRUE(unknown_audit.ok());
  audit->insert(audit->end(), unknown_audit->begin(), unknown_audit->end());
  ASSERT_EQ(audit->size(), 2u);
  for (const AuditEntry& e : *audit) {
    EXPECT_EQ(e.action, "login");
    EXPECT_EQ(e.detail, "failure");
    EXPECT_EQ(e.detail.find("nope"), std::string::npos);
  }
}

TEST_F(HttpServerTest, RepeatedFailuresLockTheAccountForAWhile) {
  const std::string wrong = R"({"tenant":"t1","username":"sato","password":"nope"})";
  const std::string right = std::string(R"({"tenant":"t1","username":"sato","password":")") + kPassword + "\"}";
  for (int i = 0; i < 5; ++i) ExpectProblem(Call("POST", "/api/v1/login", wrong), 401, "unauthorized");
  // Locked now: even the right password is refused, without being checked.
  HttpResult locked = Call("POST", "/api/v1/login", right);
  ExpectProblem(locked, 429, "too_many_attempts");
  EXPECT_TRUE(locked.header("Set-Cookie").empty());
  // Another account is not affected; guessed names are throttled the same way.
  for (int i = 0; i < 5; ++i)
    ExpectProblem(Call("POST", "/api/v1/login", R"({"tenant":"t1","username":"ghost","password":"x"})"), 401,
                  "unauthorized");
  ExpectProblem(Call("POST", "/api/v1/login", R"({"tenant":"t1","username":"ghost","password":"x"})"), 429,
                "too_many_attempts");
  // After the lockout the right password works again, and success clears the count.
  clock_.Advance(15 * 60);
  EXPECT_EQ(Call("POST", "/api/v1/login", right).status, 200);
  for (int i = 0; i < 4; ++i) ExpectProblem(Call("POST", "/api/v1/login", wrong), 401, "unauthorized");
  EXPECT_EQ(Call("POST", "/api/v1/login", right).status, 200);
  AuditFilter filter;
  filter.tenant = "t1";
  filter.action = "login";
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit.ok());
  size_t throttled = 0;
  for (const AuditEntry& e : *audit) throttled += e.detail == "throttled" ? 1u : 0u;
  EXPECT_EQ(throttled, 2u);
}

TEST_F(HttpServerTest, AFloodOfThrottledLoginsWritesOneAuditEntry) {
  const std::string wrong = R"({"tenant":"t1","username":"sato","password":"nope"})";
  for (int i = 0; i < 5; ++i) ExpectProblem(Call("POST", "/api/v1/login", wrong), 401, "unauthorized");
  for (int i = 0; i < 20; ++i) ExpectProblem(Call("POST", "/api/v1/login", wrong), 429, "too_many_attempts");
  AuditFilter filter;
  filter.tenant = "t1";
  filter.action = "login";
  filter.limit = 1000;
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit.ok());
  size_t throttled = 0, failures = 0;
  for (const AuditEntry& e : *audit) {
    throttled += e.detail == "throttled" ? 1u : 0u;
    failures += e.detail == "failure" ? 1u : 0u;
  }
  EXPECT_EQ(failures, 5u);
  EXPECT_EQ(throttled, 1u) << "the first refusal of the lockout, not twenty";
}

TEST_F(HttpServerTest, MeNeedsASession) {
  ExpectProblem(Call("GET", "/api/v1/me"), 401, "unauthorized");
  ExpectProblem(Call("GET", "/api/v1/me", "", {.cookie = std::string(64, 'a')}), 401, "unauthorized");
  std::string cookie, csrf;
  ASSERT_NO_FATAL_FAILURE(Login(&cookie, &csrf));
  HttpResult me = Call("GET", "/api/v1/me", "", {.cookie = cookie});
  ASSERT_EQ(me.status, 200) << me.body;
  Result<Value> body = ParseJson(me.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->find("user")->find("username")->as_string(), "sato");
  EXPECT_EQ(body->find("user")->find("name")->as_string(), "佐藤");
}

TEST_F(HttpServerTest, SessionsEndAfterIdleTime) {
  std::string cookie, csrf;
  ASSERT_NO_FATAL_FAILURE(Login(&cookie, &csrf));
  clock_.Advance(29 * 60);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", {.cookie = cookie}).status, 200);  // use restarts the idle time
  clock_.Advance(29 * 60);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", {.cookie = cookie}).status, 200);
  clock_.Advance(30 * 60);
  ExpectProblem(Call("GET", "/api/v1/me", "", {.cookie = cookie}), 401, "unauthorized");
}

TEST_F(HttpServerTest, SessionsEndAfterAbsoluteTime) {
  std::string cookie, csrf;
  ASSERT_NO_FATAL_FAILURE(Login(&cookie, &csrf));
  for (int i = 0; i < 24; ++i) {  // busy, but 12 hours old at the end
    clock_.Advance(29 * 60);
    ASSERT_EQ(Call("GET", "/api/v1/me", "", {.cookie = cookie}).status, 200) << i;
  }
  clock_.Advance(29 * 60);
  ExpectProblem(Call("GET", "/api/v1/me", "", {.cookie = cookie}), 401, "unauthorized");
}

TEST_F(HttpServerTest, StateChangesNeedTheCsrfToken) {
  std::string cookie, csrf;
  ASSERT_NO_FATAL_FAILURE(Login(&cookie, &csrf));
  ExpectProblem(Call("POST", "/api/v1/logout", "", {.cookie = cookie}), 403, "csrf");
  std::string wrong = csrf;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  ExpectProblem(Call("POST", "/api/v1/logout", "", {.cookie = cookie, .csrf = wrong}), 403, "csrf");
  ExpectProblem(Call("DELETE", "/api/v1/cases/1", "", {.cookie = cookie}), 403, "csrf");
  // Still logged in; the right token logs out.
  EXPECT_EQ(Call("GET", "/api/v1/me", "", {.cookie = cookie}).status, 200);
  HttpResult out = Call("POST", "/api/v1/logout", "", {.cookie = cookie, .csrf = csrf});
  EXPECT_EQ(out.status, 200) << out.body;
  ExpectProblem(Call("GET", "/api/v1/me", "", {.cookie = cookie}), 401, "unauthorized");

  AuditFilter filter;
  filter.tenant = "t1";
  filter.action = "logout";
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor, "sato");
}

TEST_F(HttpServerTest, MalformedJsonIsABadRequestWithTheOffset) {
  HttpResult r = Call("POST", "/api/v1/login", R"({"tenant": "t1",,})");
  ExpectProblem(r, 400, "bad_request");
  Result<Value> body = ParseJson(r.body);
  ASSERT_TRUE(body.ok());
  EXPECT_NE(body->find("detail")->as_string().find("at byte 16"), std::string::npos) << r.body;
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

TEST_F(HttpServerTest, OversizeBodiesAreRefused) {
  // Decided from Content-Length; the body is never read.
  ExpectProblem(Call("POST", "/api/v1/login", "{}", {.content_length = 1 << 20}), 413, "payload_too_large");
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  // A body that really is too large.
  ExpectProblem(Call("POST", "/api/v1/login", std::string(5000, ' ')), 413, "payload_too_large");
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

TEST_F(HttpServerTest, UnknownPathsAreNotFoundOnlyWithASession) {
  ExpectProblem(Call("GET", "/api/v1/cases"), 401, "unauthorized");
  std::string cookie, csrf;
  ASSERT_NO_FATAL_FAILURE(Login(&cookie, &csrf));
  EXPECT_EQ(Call("GET", "/api/v1/cases", "", {.cookie = cookie}).status, 200);
  ExpectProblem(Call("GET", "/api/v1/nothing-here", "", {.cookie = cookie}), 404, "not_found");
  ExpectProblem(Call("GET", "/api/v1/cases/1/nothing", "", {.cookie = cookie}), 404, "not_found");
  HttpResult wrong_method = Call("DELETE", "/api/v1/cases", "", {.cookie = cookie, .csrf = csrf});
  ExpectProblem(wrong_method, 405, "method_not_allowed");
  EXPECT_EQ(wrong_method.header("Allow"), "GET, POST");
  ExpectProblem(Call("GET", "/elsewhere"), 404, "not_found");
  HttpResult r = Call("PUT", "/healthz");
  ExpectProblem(r, 405, "method_not_allowed");
  EXPECT_EQ(r.header("Allow"), "GET");
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

TEST_F(HttpServerTest, MetricsCountResponsesByCode) {
  Call("GET", "/healthz");
  Call("GET", "/nowhere");
  HttpResult r = Call("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("kasane_http_requests_total{code=\"200\"} 1\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("kasane_http_requests_total{code=\"404\"} 1\n"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, MetricsShowTheTimerScheduler) {
  const Actor window{"sato", "window", "madoguchi", "t1"};
  Object data;
  data["main_complaint"] = Value("x");
  data["issues"] = Value(4);
  auto created = app_->engine()->Create({"t1", "flow", "", window, Value(std::move(data))});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  FireRequest refer;
  refer.case_id = created->id;
  refer.event = "refer";
  refer.actor = window;
  ASSERT_TRUE(app_->engine()->Fire(refer).ok());
  clock_.Advance(30 * 86400);  // the reminder is long due
  ASSERT_TRUE(app_->scheduler()->RunOnce().ok());
  HttpResult r = Call("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("kasane_timers_fired_total 1\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("kasane_timers_failed_total 0\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("# TYPE kasane_timers_lag_seconds gauge\n"), std::string::npos) << r.body;
}

// One address guessing many account names is refused before any password is hashed.
class AddressThrottleTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    config->login_max_failures_per_address = 3;
  }
};

TEST_F(AddressThrottleTest, ManyNamesFromOneAddressAreRefusedBeforeAnyHash) {
  for (const char* name : {"a1", "a2", "a3"}) {
    ExpectProblem(Call("POST", "/api/v1/login", std::string(R"({"tenant":"t1","username":")") + name +
                                                     R"(","password":"x"})"),
                  401, "unauthorized");
  }
  // A fourth name, never tried: the address is throttled, not the account.
  ExpectProblem(Call("POST", "/api/v1/login", R"({"tenant":"t1","username":"a4","password":"x"})"), 429,
                "too_many_attempts");
  const std::string right = std::string(R"({"tenant":"t1","username":"sato","password":")") + kPassword + "\"}";
  ExpectProblem(Call("POST", "/api/v1/login", right), 429, "too_many_attempts");
  clock_.Advance(15 * 60);  // the lockout ends
  EXPECT_EQ(Call("POST", "/api/v1/login", right).status, 200);
}

TEST_F(HttpServerTest, PasswordChecksAreBoundedServerWide) {
  std::vector<OperationSlots::Slot> hashing;  // as if that many logins were being checked
  for (int i = 0; i < config_.login_hash_slots; ++i) hashing.push_back(server_->login_hash_slots()->TryAcquire(""));
  const std::string right = std::string(R"({"tenant":"t1","username":"sato","password":")") + kPassword + "\"}";
  HttpResult busy = Call("POST", "/api/v1/login", right);
  ExpectProblem(busy, 503, "login_busy");
  EXPECT_EQ(busy.header("Retry-After"), "1");
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  hashing.clear();
  EXPECT_EQ(Call("POST", "/api/v1/login", right).status, 200);
}

}  // namespace
}  // namespace kasane::http::testing
