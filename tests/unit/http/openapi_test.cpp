#include "http/openapi.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http/api_routes.h"
#include "http_fixture.h"

namespace kasane::http {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> BracedNames(const std::string& path) {
  std::vector<std::string> out;
  size_t open = path.find('{');
  while (open != std::string::npos) {
    const size_t close = path.find('}', open);
    if (close == std::string::npos) break;
    out.push_back(path.substr(open + 1, close - open - 1));
    open = path.find('{', close);
  }
  return out;
}

// Resolves a local reference "#/a/b/c"; nullptr when it leads nowhere.
const Value* Resolve(const Value& doc, const std::string& ref) {
  if (ref.rfind("#/", 0) != 0) return nullptr;
  const Value* at = &doc;
  size_t start = 2;
  while (at != nullptr && start <= ref.size()) {
    size_t end = ref.find('/', start);
    if (end == std::string::npos) end = ref.size();
    at = at->find(ref.substr(start, end - start));
    start = end + 1;
  }
  return at;
}

// A parameter object, following its $ref.
const Value& Deref(const Value& doc, const Value& v) {
  const Value* ref = v.find("$ref");
  if (ref == nullptr) return v;
  const Value* target = Resolve(doc, ref->as_string());
  return target != nullptr ? *target : v;
}

void CollectRefs(const Value& v, std::vector<std::string>* refs) {
  if (v.is_array()) {
    for (const Value& item : v.as_array()) CollectRefs(item, refs);
  } else if (v.is_object()) {
    for (const auto& [key, item] : v.as_object()) {
      if (key == "$ref" && item.is_string()) refs->push_back(item.as_string());
      else CollectRefs(item, refs);
    }
  }
}

const Value& Paths(const Value& doc) {
  static const Value empty = Value(Object{});
  const Value* paths = doc.find("paths");
  return paths != nullptr && paths->is_object() ? *paths : empty;
}

// The names of an operation's parameters located `in`.
std::set<std::string> ParamNames(const Value& doc, const Value& op, const std::string& in) {
  std::set<std::string> out;
  const Value* params = op.find("parameters");
  if (params == nullptr) return out;
  for (const Value& p : params->as_array()) {
    const Value& param = Deref(doc, p);
    if (param.find("in") != nullptr && param.find("in")->as_string() == in) out.insert(param.find("name")->as_string());
  }
  return out;
}

const Value* Operation(const Value& doc, const std::string& method, const std::string& path) {
  const Value* item = Paths(doc).find(path);
  return item != nullptr ? item->find(method) : nullptr;
}

Reply NoHandler(const ApiCall&) { return Reply{}; }

TEST(OpenApiTest, EveryRouteAppearsWithItsMethod) {
  const Value doc = OpenApiDocument(ApiRoutes());
  ASSERT_FALSE(ApiRoutes().empty());
  for (const ApiRoute& route : ApiRoutes()) {
    const Value* op = Operation(doc, Lower(route.method), route.pattern);
    ASSERT_NE(op, nullptr) << route.method << " " << route.pattern;
    EXPECT_EQ(op->find("summary")->as_string(), route.summary);
    EXPECT_EQ(op->find("x-kasane-permission")->as_string(), PermissionName(route.permission));
    EXPECT_NE(op->find("responses")->find("401"), nullptr) << route.pattern;
    const Value& requirement = op->find("security")->as_array().at(0);
    EXPECT_NE(requirement.find("sessionCookie"), nullptr);
    EXPECT_EQ(requirement.find("csrfToken") != nullptr, ChangesState(route.method)) << route.pattern;
  }
}

TEST(OpenApiTest, EveryPathParameterIsDeclaredRequired) {
  const Value doc = OpenApiDocument(ApiRoutes());
  int checked = 0;
  for (const auto& [path, item] : Paths(doc).as_object()) {
    const std::vector<std::string> braced = BracedNames(path);
    for (const auto& [method, op] : item.as_object()) {
      EXPECT_EQ(ParamNames(doc, op, "path"), std::set<std::string>(braced.begin(), braced.end())) << method << " " << path;
      if (op.find("parameters") == nullptr) continue;
      for (const Value& p : op.find("parameters")->as_array()) {
        const Value& param = Deref(doc, p);
        if (param.find("in")->as_string() != "path") continue;
        ASSERT_NE(param.find("required"), nullptr) << path;
        EXPECT_TRUE(param.find("required")->as_bool()) << path;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(OpenApiTest, OperationIdsAreUniqueAndStable) {
  // Two patterns whose derived ids collide still get distinct ids.
  std::vector<ApiRoute> routes = ApiRoutes();
  routes.push_back({"GET", "/api/v1/parts/{x}", Permission::kSession, NoHandler, "by param"});
  routes.push_back({"GET", "/api/v1/parts/by/x", Permission::kSession, NoHandler, "by literal"});
  const Value doc = OpenApiDocument(routes);
  std::set<std::string> ids;
  size_t count = 0;
  for (const auto& [path, item] : Paths(doc).as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      const Value* id = op.find("operationId");
      ASSERT_TRUE(id != nullptr && id->is_string() && !id->as_string().empty()) << method << " " << path;
      ids.insert(id->as_string());
      ++count;
    }
  }
  EXPECT_EQ(ids.size(), count);
  EXPECT_EQ(Operation(doc, "post", "/api/v1/cases/{id}/events")->find("operationId")->as_string(),
            "postCasesByIdEvents");
  EXPECT_EQ(OpenApiDocument(routes), doc);
}

TEST(OpenApiTest, EveryRefResolves) {
  const Value doc = OpenApiDocument(ApiRoutes());
  std::vector<std::string> refs;
  CollectRefs(doc, &refs);
  ASSERT_GT(refs.size(), 20u);
  for (const std::string& ref : refs) {
    EXPECT_EQ(ref.rfind("#/components/", 0), 0u) << ref;
    EXPECT_NE(Resolve(doc, ref), nullptr) << ref;
  }
  for (const char* schema : {"Problem", "Case", "CaseSummary", "Event", "Task", "Action", "AuditEntry", "User",
                             "Agency", "Role", "LoginRequest", "FireRequest", "CreateCaseRequest"}) {
    EXPECT_NE(Resolve(doc, std::string("#/components/schemas/") + schema), nullptr) << schema;
  }
  const Value* problem = Resolve(doc, "#/components/schemas/Problem");
  ASSERT_NE(problem, nullptr);
  for (const char* field : {"type", "title", "status", "detail", "code"})
    EXPECT_NE(problem->find("properties")->find(field), nullptr) << field;
}

TEST(OpenApiTest, SerialisesAndParsesBack) {
  const Value doc = OpenApiDocument(ApiRoutes(), "0.1.0");
  Result<Value> parsed = ParseJson(doc.ToJson());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, doc);
  EXPECT_EQ(parsed->find("openapi")->as_string(), "3.0.3");
  EXPECT_EQ(parsed->find("info")->find("version")->as_string(), "0.1.0");
  EXPECT_EQ(parsed->find("info")->find("title")->as_string(), "kasane API");
  EXPECT_EQ(OpenApiDocument(ApiRoutes()).find("info")->find("version")->as_string(), "1");
  const Value* schemes = Resolve(*parsed, "#/components/securitySchemes");
  ASSERT_NE(schemes, nullptr);
  EXPECT_EQ(schemes->find("sessionCookie")->find("in")->as_string(), "cookie");
  EXPECT_EQ(schemes->find("sessionCookie")->find("name")->as_string(), "kasane_session");
  EXPECT_EQ(schemes->find("csrfToken")->find("in")->as_string(), "header");
  EXPECT_EQ(schemes->find("csrfToken")->find("name")->as_string(), "X-CSRF-Token");
}

TEST(OpenApiTest, QueryParametersAreTheOnesTheHandlersRead) {
  const Value doc = OpenApiDocument(ApiRoutes());
  using Names = std::set<std::string>;
  EXPECT_EQ(ParamNames(doc, *Operation(doc, "get", "/api/v1/cases"), "query"),
            (Names{"workflow", "state", "q", "after", "limit"}));
  EXPECT_EQ(ParamNames(doc, *Operation(doc, "get", "/api/v1/tasks"), "query"), (Names{"role", "after", "limit"}));
  EXPECT_EQ(ParamNames(doc, *Operation(doc, "get", "/api/v1/audit"), "query"),
            (Names{"case", "actor", "action", "after", "limit"}));
  EXPECT_EQ(ParamNames(doc, *Operation(doc, "post", "/api/v1/cases/{id}/events"), "header"),
            (Names{"Idempotency-Key"}));
}

TEST(OpenApiTest, FiringAnEventDescribesItsBodyAndRefusals) {
  const Value doc = OpenApiDocument(ApiRoutes());
  const Value* op = Operation(doc, "post", "/api/v1/cases/{id}/events");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->find("requestBody")->find("content")->find("application/json")->find("schema")->find("$ref")->as_string(),
            "#/components/schemas/FireRequest");
  for (const char* status : {"200", "201", "400", "401", "403", "404", "409", "413", "422"})
    EXPECT_NE(op->find("responses")->find(status), nullptr) << status;
  // A read with no path parameter has no 404 and no body errors.
  const Value* me = Operation(doc, "get", "/api/v1/me");
  ASSERT_NE(me, nullptr);
  for (const char* status : {"400", "403", "404", "413"}) EXPECT_EQ(me->find("responses")->find(status), nullptr) << status;
}

TEST(OpenApiTest, RouteWithoutDetailGetsAGenericOperation) {
  const std::vector<ApiRoute> routes = {
      {"PUT", "/api/v1/widgets/{widget}/parts/{part}", Permission::kWorkflowsAdmin, NoHandler, "Replace a part"}};
  const Value doc = OpenApiDocument(routes);
  const Value* op = Operation(doc, "put", "/api/v1/widgets/{widget}/parts/{part}");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->find("operationId")->as_string(), "putWidgetsByWidgetPartsByPart");
  EXPECT_EQ(op->find("x-kasane-permission")->as_string(), "workflows.admin");
  EXPECT_EQ(ParamNames(doc, *op, "path"), (std::set<std::string>{"widget", "part"}));
  EXPECT_NE(op->find("requestBody"), nullptr);
  for (const char* status : {"200", "400", "401", "403", "404", "413", "default"})
    EXPECT_NE(op->find("responses")->find(status), nullptr) << status;
  EXPECT_NE(op->find("security")->as_array().at(0).find("csrfToken"), nullptr);
}

TEST(OpenApiTest, OpenEndpointsNeedNoSession) {
  const Value doc = OpenApiDocument(ApiRoutes());
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"post", "/api/v1/login"}, {"get", "/api/v1/openapi.json"}, {"get", "/healthz"}, {"get", "/metrics"}}) {
    const Value* op = Operation(doc, method, path);
    ASSERT_NE(op, nullptr) << path;
    ASSERT_NE(op->find("security"), nullptr) << path;
    EXPECT_TRUE(op->find("security")->as_array().empty()) << path;
  }
  const Value* login = Operation(doc, "post", "/api/v1/login");
  EXPECT_EQ(login->find("requestBody")->find("content")->find("application/json")->find("schema")->find("$ref")->as_string(),
            "#/components/schemas/LoginRequest");
  EXPECT_NE(login->find("responses")->find("429"), nullptr);
}

}  // namespace

namespace testing {
namespace {

TEST_F(HttpServerTest, OpenApiDocumentIsServedWithoutASession) {
  HttpResult r = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u) << r.header("Content-Type");
  Result<Value> doc = ParseJson(r.body);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->find("openapi")->as_string(), "3.0.3");
  EXPECT_EQ(*doc, OpenApiDocument(ApiRoutes()));
  EXPECT_EQ(Call("GET", "/api/v1/openapi.json").body, r.body);  // the cached copy
}

TEST_F(HttpServerTest, OpenApiDocumentRefusesOtherMethods) {
  HttpResult r = Call("POST", "/api/v1/openapi.json", "{}");
  EXPECT_EQ(r.status, 405) << r.body;
  EXPECT_EQ(r.header("Allow"), "GET");
}

}  // namespace
}  // namespace testing
}  // namespace kasane::http
