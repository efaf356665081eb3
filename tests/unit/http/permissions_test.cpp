// Deny by default, proved for every role × endpoint pair: each route of the
// table is called by a user of every kind, and by nobody.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "api_test_util.h"
#include "http/api_routes.h"
#include "http/permissions.h"
#include "http_fixture.h"

namespace kasane::http::testing {
namespace {

// Who may use which permission, written out independently of permissions.cpp.
const std::map<std::string, std::set<std::string>>& ExpectedGrants() {
  static const std::map<std::string, std::set<std::string>> grants = {
      {"session", {"window", "takikan", "tenant_admin", "auditor"}},
      {"directory", {"window", "takikan", "tenant_admin", "auditor"}},
      {"cases", {"window", "takikan"}},
      {"workflows.read", {"window", "takikan", "tenant_admin"}},
      {"workflows.admin", {"tenant_admin"}},
      {"audit", {"tenant_admin", "auditor"}},
  };
  return grants;
}

std::string Concrete(const std::string& pattern, int64_t case_id) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const size_t end = pattern.find('}', i);
      const std::string name = pattern.substr(i + 1, end - i - 1);
      out += name == "id" ? std::to_string(case_id) : name == "name" ? "rules" : "flow";
      i = end + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

using PermissionTest = HttpServerTest;

TEST_F(PermissionTest, EveryRouteHasAKnownPermission) {
  ASSERT_GE(ApiRoutes().size(), 10u);
  for (const ApiRoute& route : ApiRoutes()) {
    EXPECT_EQ(ExpectedGrants().count(PermissionName(route.permission)), 1u)
        << route.method << " " << route.pattern << ": " << PermissionName(route.permission);
    EXPECT_NE(route.handler, nullptr);
  }
}

TEST_F(PermissionTest, EveryRoleAndEndpointPairIsAllowedOrRefusedAsWritten) {
  const Client sato = As("t1", "sato");
  HttpResult created = Call(sato, "POST", "/api/v1/cases", R"({"workflow":"flow","data":{"main_complaint":"x"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t case_id = IntAt(BodyOf(created), "id");
  const std::map<std::string, std::string> users = {
      {"window", "sato"}, {"takikan", "tanaka"}, {"tenant_admin", "admin"}, {"auditor", "kansa"}};
  int allowed = 0, refused = 0;
  for (const auto& [role, username] : users) {
    const Client who = As("t1", username);
    for (const ApiRoute& route : ApiRoutes()) {
      if (std::string(route.pattern) == "/api/v1/logout") continue;  // ends the session; tested below
      const std::string path = Concrete(route.pattern, case_id);
      HttpResult r = Call(who, route.method, path, std::string(route.method) == "GET" ? "" : "{}");
      const std::string what = role + " " + route.method + " " + path + " -> " + r.body;
      EXPECT_LT(r.status, 500) << what;
      const bool should = ExpectedGrants().at(PermissionName(route.permission)).count(role) > 0;
      const bool was_refused = r.status == 403 && r.body.find("may not use this endpoint") != std::string::npos;
      EXPECT_EQ(was_refused, !should) << what;
      (should ? allowed : refused)++;
    }
    HttpResult out = Call(who, "POST", "/api/v1/logout");
    EXPECT_EQ(out.status, 200) << role;
  }
  EXPECT_GT(allowed, 0);
  EXPECT_GT(refused, 0);
}

TEST_F(PermissionTest, EveryEndpointNeedsASessionAndStateChangesNeedTheCsrfToken) {
  const Client sato = As("t1", "sato");
  for (const ApiRoute& route : ApiRoutes()) {
    const std::string path = Concrete(route.pattern, 1);
    EXPECT_API_PROBLEM(Call(route.method, path, "{}"), 401, "unauthorized");
    if (ChangesState(route.method)) {
      HttpResult no_csrf = Call(route.method, path, "{}", {.cookie = sato.cookie});
      EXPECT_API_PROBLEM(no_csrf, 403, "csrf");
      HttpResult wrong = Call(route.method, path, "{}", {.cookie = sato.cookie, .csrf = std::string(64, '0')});
      EXPECT_API_PROBLEM(wrong, 403, "csrf");
    }
  }
}

TEST_F(PermissionTest, MeListsWhatTheConsoleMayOffer) {
  auto permissions_of = [&](const std::string& user) {
    const Value me = BodyOf(Call(As("t1", user), "GET", "/api/v1/me"));
    std::set<std::string> out;
    for (const Value& p : me.find("permissions")->as_array()) out.insert(p.as_string());
    return out;
  };
  EXPECT_EQ(permissions_of("sato"), (std::set<std::string>{"session", "cases", "workflows.read", "directory"}));
  EXPECT_EQ(permissions_of("admin"),
            (std::set<std::string>{"session", "workflows.read", "workflows.admin", "directory", "audit"}));
  EXPECT_EQ(permissions_of("kansa"), (std::set<std::string>{"session", "directory", "audit"}));
}

TEST_F(PermissionTest, NoInputMakesAnyRouteAnswerFiveHundred) {
  const Client sato = As("t1", "sato");
  HttpResult created = Call(sato, "POST", "/api/v1/cases", R"({"workflow":"flow","data":{"main_complaint":"x"}})");
  ASSERT_EQ(created.status, 201);
  const int64_t case_id = IntAt(BodyOf(created), "id");
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "[";
  const std::vector<std::string> bodies = {
      "", "null", "0", "\"text\"", "[]", "{", "{\"a\":}", std::string("\x00\xff\xfe", 3), deep,
      R"({"workflow":1,"state":[],"data":"x","event":{},"payload":7,"expected_version":1e308,"source":false})",
      R"({"workflow":"flow","source":"workflow: [unclosed"})",
      R"({"event":"refer","payload":{"issues":99999999999999999999999}})",
      R"({"tenant":"t1","username":"sato","password":"\ud800"})",
  };
  const std::vector<std::string> queries = {"", "?limit=-5", "?after=abc&limit=1000000", "?q=%ff%fe", "?version=0",
                                            "?format=exe", "?case=1e9"};
  const std::vector<Client> users = {sato, As("t1", "admin"), As("t1", "kansa")};
  int calls = 0;
  for (const Client& who : users) {
    for (const ApiRoute& route : ApiRoutes()) {
      if (std::string(route.pattern) == "/api/v1/logout") continue;
      const std::string path = Concrete(route.pattern, case_id);
      for (const std::string& query : queries) {
        HttpResult r = Call(who, route.method, path + query, "");
        EXPECT_LT(r.status, 500) << route.method << " " << path << query << " -> " << r.body;
        ++calls;
      }
      if (std::string(route.method) == "GET") continue;
      for (const std::string& body : bodies) {
        HttpResult r = Call(who, route.method, path, body);
        EXPECT_LT(r.status, 500) << route.method << " " << path << " body " << body.substr(0, 40) << " -> " << r.body;
        ++calls;
      }
    }
  }
  for (const std::string& body : bodies) {
    HttpResult r = Call("POST", "/api/v1/login", body);
    EXPECT_LT(r.status, 500) << "login body " << body.substr(0, 40) << " -> " << r.body;
    ++calls;
  }
  EXPECT_GT(calls, 200);
  EXPECT_EQ(Call("GET", "/healthz").status, 200);  // still serving
}

TEST(PermissionTableTest, AccountRolesAreReservedNames) {
  EXPECT_EQ(KindOfRole("tenant_admin"), AccountKind::kTenantAdmin);
  EXPECT_EQ(KindOfRole("auditor"), AccountKind::kAuditor);
  EXPECT_EQ(KindOfRole("takikan"), AccountKind::kCaseworker);
  EXPECT_EQ(KindOfRole(""), AccountKind::kCaseworker);
  // An admin never reads case data; an auditor never edits workflows.
  EXPECT_FALSE(Grants(AccountKind::kTenantAdmin, Permission::kCases));
  EXPECT_FALSE(Grants(AccountKind::kAuditor, Permission::kWorkflowsAdmin));
  EXPECT_FALSE(Grants(AccountKind::kCaseworker, Permission::kAudit));
}

}  // namespace
}  // namespace kasane::http::testing
