// Tenants share a server but nothing else: users, roles, agencies, workflows
// and audit entries of one are invisible to the other.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "api_test_util.h"
#include "http/api_routes.h"
#include "http_fixture.h"

namespace kasane::http::testing {
namespace {

class TenantIsolationTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    AddUser("t2", "t2-admin", "tenant_admin", "", "となり町 管理者");
    AddUser("t2", "t2-kansa", "auditor", "", "となり町 監査");
  }
};

TEST_F(TenantIsolationTest, UsersAreListedOnlyWithinTheirTenant) {
  const Value t1 = BodyOf(Call(As("t1", "admin"), "GET", "/api/v1/users"));
  const Value t2 = BodyOf(Call(As("t2", "t2-admin"), "GET", "/api/v1/users"));
  std::set<std::string> t1_names, t2_names;
  for (const Value& u : t1.find("users")->as_array()) t1_names.insert(StringAt(u, "username"));
  for (const Value& u : t2.find("users")->as_array()) t2_names.insert(StringAt(u, "username"));
  EXPECT_EQ(t1_names, (std::set<std::string>{"sato", "tanaka", "admin", "kansa"}));
  EXPECT_EQ(t2_names, (std::set<std::string>{"sato", "t2-admin", "t2-kansa"}));
  // No password hash leaves the server.
  EXPECT_EQ(Call(As("t1", "admin"), "GET", "/api/v1/users").body.find("pbkdf2"), std::string::npos);
}

TEST_F(TenantIsolationTest, RolesAndAgenciesComeFromTheTenantsWorkflows) {
  const Client sato = As("t1", "sato");
  const Value roles = BodyOf(Call(sato, "GET", "/api/v1/roles"));
  std::set<std::string> ids;
  for (const Value& r : roles.find("roles")->as_array()) ids.insert(StringAt(r, "id") + "/" + StringAt(r, "kind"));
  EXPECT_EQ(ids, (std::set<std::string>{"window/workflow", "takikan/workflow", "support/workflow",
                                        "tenant_admin/account", "auditor/account"}));
  const Value agencies = BodyOf(Call(sato, "GET", "/api/v1/agencies"));
  std::set<std::string> labels;
  for (const Value& a : agencies.find("agencies")->as_array())
    labels.insert(StringAt(a, "id") + "=" + StringAt(*a.find("label"), "ja"));
  EXPECT_EQ(labels, (std::set<std::string>{"madoguchi=福祉政策課", "shakyo=社会福祉協議会"}));
}

TEST_F(TenantIsolationTest, AuditEntriesStayInTheirTenant) {
  const Client t1_sato = As("t1", "sato");
  HttpResult created = Call(t1_sato, "POST", "/api/v1/cases", R"({"workflow":"flow","data":{"main_complaint":"x"}})");
  ASSERT_EQ(created.status, 201);
  const int64_t id = IntAt(BodyOf(created), "id");
  const Client t2_kansa = As("t2", "t2-kansa");
  HttpResult audit = Call(t2_kansa, "GET", "/api/v1/audit?limit=1000");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Value body = BodyOf(audit);
  ASSERT_FALSE(body.find("entries")->as_array().empty());  // its own logins
  for (const Value& e : body.find("entries")->as_array()) {
    EXPECT_NE(StringAt(e, "actor"), "tanaka") << audit.body;
    EXPECT_NE(IntAt(e, "case_id"), id) << audit.body;
    EXPECT_NE(StringAt(e, "action"), "case.create") << audit.body;
  }
  // Filtering by another tenant's case finds nothing.
  const Value filtered = BodyOf(Call(t2_kansa, "GET", "/api/v1/audit?case=" + std::to_string(id)));
  EXPECT_TRUE(filtered.find("entries")->as_array().empty());
  EXPECT_TRUE(BodyOf(Call(t2_kansa, "GET", "/api/v1/audit/verify")).find("ok")->as_bool());
}

TEST_F(TenantIsolationTest, ALoginNamesItsTenant) {
  // t1's password and user name do not open t2, even where the names match.
  HttpResult wrong_tenant = Call("POST", "/api/v1/login",
                                 R"({"tenant":"t2","username":"tanaka","password":")" + std::string(kPassword) + "\"}");
  EXPECT_API_PROBLEM(wrong_tenant, 401, "unauthorized");
  const Value me = BodyOf(Call(As("t2", "sato"), "GET", "/api/v1/me"));
  EXPECT_EQ(StringAt(*me.find("user"), "tenant"), "t2");
}

// Every endpoint, called by each kind of t2 account with t1's ids (a case, a
// workflow version only t1 deployed): nothing of t1 comes back. The markers
// are in t1's case data and in the source of t1's own version of the flow.
TEST_F(TenantIsolationTest, NoEndpointShowsAnotherTenantsCaseOrDefinition) {
  const std::string kSourceMarker = "t1-only-definition-marker";
  const std::string kCaseMarker = "t1の秘密の主訴";
  std::ifstream file(std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/runtime/flow.yaml");
  std::stringstream text;
  text << file.rdbuf();
  Value deploy(Object{});
  deploy["source"] = text.str() + "# " + kSourceMarker + "\n";
  HttpResult deployed = Call(As("t1", "admin"), "POST", "/api/v1/workflows/flow/versions", deploy.ToJson());
  ASSERT_EQ(deployed.status, 201) << deployed.body;
  const int64_t t1_version = IntAt(BodyOf(deployed), "version");
  ASSERT_NE(Call(As("t1", "admin"), "GET", "/api/v1/workflows/flow/source").body.find(kSourceMarker),
            std::string::npos);  // the marker is where t1 sees it
  Value create(Object{});
  create["workflow"] = "flow";
  create["data"] = Value(Object{{"main_complaint", Value(kCaseMarker)}, {"issues", Value(5)}});
  HttpResult created = Call(As("t1", "sato"), "POST", "/api/v1/cases", create.ToJson());
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t case_id = IntAt(BodyOf(created), "id");

  auto concrete = [&](const std::string& pattern) {
    std::string out;
    for (size_t i = 0; i < pattern.size();) {
      if (pattern[i] != '{') {
        out += pattern[i++];
        continue;
      }
      const size_t end = pattern.find('}', i);
      const std::string name = pattern.substr(i + 1, end - i - 1);
      out += name == "name" ? "rules" : pattern.rfind("/api/v1/cases", 0) == 0 ? std::to_string(case_id) : "flow";
      i = end + 1;
    }
    return out;
  };
  const std::vector<std::string> queries = {"", "?version=" + std::to_string(t1_version),
                                            "?case=" + std::to_string(case_id), "?format=dot&version=" +
                                            std::to_string(t1_version)};
  const std::vector<std::string> bodies = {"{}", R"({"event":"refer"})", R"({"workflow":"flow"})"};
  int calls = 0;
  for (const char* user : {"sato", "t2-admin", "t2-kansa"}) {
    const Client who = As("t2", user);
    for (const ApiRoute& route : ApiRoutes()) {
      const std::string method = route.method;
      if (std::string(route.pattern) == "/api/v1/logout" || std::string(route.pattern) == "/api/v1/workflows/reload")
        continue;
      const std::string path = concrete(route.pattern);
      for (const std::string& query : queries) {
        for (const std::string& body : method == "GET" ? std::vector<std::string>{""} : bodies) {
          HttpResult r = Call(who, method, path + query, body);
          ++calls;
          EXPECT_EQ(r.body.find(kSourceMarker), std::string::npos) << user << " " << method << " " << path << query;
          EXPECT_EQ(r.body.find(kCaseMarker), std::string::npos) << user << " " << method << " " << path << query;
          if (path.rfind("/api/v1/cases/" + std::to_string(case_id), 0) == 0 && r.status < 300)
            ADD_FAILURE() << user << " " << method << " " << path << " answered 200 for t1's case: " << r.body;
        }
      }
    }
  }
  EXPECT_GT(calls, 100);
  // t1's case was never touched by t2's attempts, and t1 sees its marker.
  HttpResult own = Call(As("t1", "sato"), "GET", "/api/v1/cases/" + std::to_string(case_id));
  EXPECT_EQ(IntAt(BodyOf(own), "version"), 1);
  EXPECT_NE(own.body.find(kCaseMarker), std::string::npos) << own.body;
}

}  // namespace
}  // namespace kasane::http::testing
