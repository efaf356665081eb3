// The workflow and plugin endpoints over real HTTP: reading definitions,
// sources, versions and diagrams; validating, running scenarios, deploying and
// reloading; permissions and tenant isolation.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/config.h"
#include "http/workflow_handlers.h"
#include "http_fixture.h"
#include "util/text.h"

namespace kasane::http::testing {
namespace {

namespace fs = std::filesystem;

// One scenario of the fixture flow: a window refers a case with 5 issues,
// which the `rules.complex` guard (threshold 3) lets go to `referred`.
constexpr const char* kScenario = R"(scenario: FLOW-01
title: refer a complex case
workflow: flow
start: 2026-01-05T09:00
actors:
  window: { role: window, agency: madoguchi }
steps:
  - create: { data: { main_complaint: x, issues: 5 } }
    as: window
  - fire: refer
    as: window
    expect: { state: referred }
)";

std::string ReadText(const std::string& path) {
  std::string text, error;
  EXPECT_TRUE(ReadFileLimited(path, 1 << 20, &text, &error)) << error;
  return text;
}

void WriteText(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// 1-based line of the first occurrence of `needle`.
int LineOf(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  int line = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

Value Json(const HttpResult& r) {
  Result<Value> v = ParseJson(r.body);
  EXPECT_TRUE(v.ok()) << r.body.substr(0, 200);
  return v.ok() ? *v : Value();
}

// {"source": text} and the like, JSON-escaped.
std::string Body(std::initializer_list<std::pair<const char*, std::string>> members) {
  Value body(Object{});
  for (const auto& [key, value] : members) body[key] = value;
  return body.ToJson();
}

const Value* Item(const Value& list, const std::string& key, const std::string& value) {
  if (!list.is_array()) return nullptr;
  for (const Value& v : list.as_array()) {
    const Value* k = v.find(key);
    if (k != nullptr && k->is_string() && k->as_string() == value) return &v;
  }
  return nullptr;
}

int64_t IntOf(const Value& v, const std::string& key) {
  const Value* x = v.find(key);
  return x != nullptr && x->is_int() ? x->as_int() : -1;
}

class WorkflowApiTest : public HttpServerTest {
 protected:
  // The fixture's definitions copied into the test's directory, so that a test
  // may break them on disk; a scenario folder for `flow`; an admin for t2.
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    const std::string defs = dir_ + "/defs";
    fs::copy(std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/runtime", defs, fs::copy_options::recursive);
    config->workflows_dir = defs;
    config->plugins_dir = defs + "/plugins";
    config->scenarios_dir = dir_ + "/scenarios";
    config->max_body_bytes = 64 * 1024;
    config->max_threads = ServerConfig().max_threads;  // editors' share of the threads as in production
    ASSERT_NO_FATAL_FAILURE(WriteText(dir_ + "/scenarios/flow/FLOW-01.yaml", kScenario));
    AddUser("t2", "admin", "tenant_admin", "", "となり町 管理者");
  }

  std::string FlowPath() const { return dir_ + "/defs/flow.yaml"; }
  std::string FlowText() const { return ReadText(FlowPath()); }

  DefinitionVersionId ActiveVersion(const std::string& tenant, const std::string& workflow) const {
    auto active = registry_->Active(tenant, workflow);
    return active.ok() ? active->first : 0;
  }

  std::vector<std::string> AuditActions(const std::string& tenant) {
    AuditFilter filter;
    filter.tenant = tenant;
    filter.limit = 1000;
    auto entries = store_->ListAudit(filter);
    EXPECT_TRUE(entries.ok());
    std::vector<std::string> out;
    if (entries.ok())
      for (const AuditEntry& e : *entries) out.push_back(e.action + " " + e.detail);
    return out;
  }

  static bool Contains(const std::vector<std::string>& items, const std::string& prefix) {
    for (const std::string& s : items)
      if (s.rfind(prefix, 0) == 0) return true;
    return false;
  }
};

TEST_F(WorkflowApiTest, ScenariosDirIsAConfigKey) {
  ServerConfig config;
  EXPECT_EQ(config.scenarios_dir, "tests/scenarios");
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(ParseServerConfig("scenarios_dir: town/scenarios\n", "kasane.yaml", &config, &diags));
  EXPECT_EQ(config.scenarios_dir, "town/scenarios");
}

TEST_F(WorkflowApiTest, ReadRoutesNeedWorkflowsRead) {
  const Client admin = As("t1", "admin");
  const Client sato = As("t1", "sato");
  const Client kansa = As("t1", "kansa");
  for (const std::string path :
       {"/api/v1/workflows", "/api/v1/workflows/flow", "/api/v1/workflows/flow/source",
        "/api/v1/workflows/flow/versions", "/api/v1/workflows/flow/diagram?format=dot", "/api/v1/plugins",
        "/api/v1/plugins/rules"}) {
    EXPECT_EQ(Call(admin, "GET", path).status, 200) << path;
    EXPECT_EQ(Call(sato, "GET", path).status, 200) << path;
    HttpResult refused = Call(kansa, "GET", path);
    EXPECT_EQ(refused.status, 403) << path;
    EXPECT_EQ(Json(refused).find("code")->as_string(), "forbidden");
  }
}

TEST_F(WorkflowApiTest, AdminRoutesNeedWorkflowsAdmin) {
  const std::string source = Body({{"source", FlowText()}});
  for (const char* user : {"sato", "tanaka", "kansa"}) {
    const Client who = As("t1", user);
    EXPECT_EQ(Call(who, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}, {"source", FlowText()}}))
                  .status,
              403)
        << user;
    EXPECT_EQ(Call(who, "POST", "/api/v1/workflows/flow/versions", source).status, 403) << user;
    EXPECT_EQ(Call(who, "POST", "/api/v1/workflows/flow/scenarios", "{}").status, 403) << user;
    EXPECT_EQ(Call(who, "POST", "/api/v1/workflows/reload", "{}").status, 403) << user;
  }
  EXPECT_TRUE(Contains(AuditActions("t1"), "login"));
  EXPECT_TRUE(Contains(AuditActions("t1"), "workflow.startup"));  // the first import from disk
  EXPECT_FALSE(Contains(AuditActions("t1"), "workflow.deploy"));
  EXPECT_FALSE(Contains(AuditActions("t1"), "workflow.reload"));
}

TEST_F(WorkflowApiTest, ListsTheTenantsWorkflows) {
  HttpResult r = Call(As("t1", "admin"), "GET", "/api/v1/workflows");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value body = Json(r);
  const Value* flow = Item(*body.find("workflows"), "id", "flow");
  ASSERT_NE(flow, nullptr) << r.body;
  ASSERT_NE(Item(*body.find("workflows"), "id", "child"), nullptr) << r.body;
  EXPECT_EQ(IntOf(*flow, "version"), ActiveVersion("t1", "flow"));
  EXPECT_EQ(IntOf(*flow, "states"), 5);
  EXPECT_EQ(flow->find("title")->find("ja")->as_string(), "実行時テスト");
  EXPECT_EQ(flow->find("title")->find("en")->as_string(), "Runtime test");
  EXPECT_EQ(flow->find("deployed_by")->as_string(), "startup");
  EXPECT_EQ(flow->find("deployed_at")->as_string(), "2026-01-01T09:00:00+09:00");
}

TEST_F(WorkflowApiTest, ReadsTheActiveDefinitionForABrowser) {
  HttpResult r = Call(As("t1", "sato"), "GET", "/api/v1/workflows/flow");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value def = Json(r);
  EXPECT_EQ(def.find("id")->as_string(), "flow");
  EXPECT_EQ(IntOf(def, "version"), ActiveVersion("t1", "flow"));
  const Value* intake = Item(*def.find("states"), "id", "intake");
  ASSERT_NE(intake, nullptr);
  EXPECT_TRUE(intake->find("initial")->as_bool());
  EXPECT_EQ(intake->find("form")->as_string(), "intake");
  EXPECT_EQ(intake->find("label")->find("ja")->as_string(), "相談受付");
  EXPECT_TRUE(Item(*def.find("states"), "id", "closed")->find("final")->as_bool());
  const Value* referred = Item(*def.find("states"), "id", "referred");
  ASSERT_NE(referred, nullptr);
  EXPECT_EQ(referred->find("timers")->as_array().at(0).find("fire")->as_string(), "remind");

  const Value* refer = Item(*def.find("transitions"), "event", "refer");
  ASSERT_NE(refer, nullptr);
  EXPECT_EQ(refer->find("from")->as_array().at(0).as_string(), "intake");
  EXPECT_EQ(refer->find("to")->as_string(), "referred");
  EXPECT_EQ(refer->find("roles")->as_array().at(0).as_string(), "window");
  EXPECT_EQ(refer->find("guards")->as_array().at(0).as_string(), "rules.complex");

  const Value* intake_form = Item(*def.find("forms"), "id", "intake");
  ASSERT_NE(intake_form, nullptr);
  const Value* complaint = Item(*intake_form->find("fields"), "id", "main_complaint");
  ASSERT_NE(complaint, nullptr);
  EXPECT_EQ(complaint->find("type")->as_string(), "text");
  EXPECT_TRUE(complaint->find("required")->as_bool());
  EXPECT_EQ(complaint->find("label")->find("ja")->as_string(), "主訴");
  const Value* referral = Item(*def.find("forms"), "id", "referral");
  ASSERT_NE(referral, nullptr);
  const Value* members = Item(*referral->find("fields"), "id", "members");
  ASSERT_NE(members, nullptr);
  EXPECT_EQ(members->find("type")->as_string(), "records");
  const Value* attribute = Item(*members->find("fields"), "id", "attribute");
  ASSERT_NE(attribute, nullptr);
  const Value* elderly = Item(*attribute->find("choices"), "id", "elderly");
  ASSERT_NE(elderly, nullptr);
  EXPECT_EQ(elderly->find("label")->find("ja")->as_string(), "高齢者");
  EXPECT_NE(Item(*def.find("roles"), "id", "takikan"), nullptr);
  EXPECT_NE(Item(*def.find("agencies"), "id", "shakyo"), nullptr);
  EXPECT_TRUE(def.find("meetings")->is_array());

  EXPECT_EQ(Call(As("t1", "sato"), "GET", "/api/v1/workflows/nope").status, 404);
}

TEST_F(WorkflowApiTest, SourceAndVersionsOfTheActiveDefinition) {
  const Client admin = As("t1", "admin");
  HttpResult r = Call(admin, "GET", "/api/v1/workflows/flow/source");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value source = Json(r);
  EXPECT_EQ(source.find("root")->as_string(), "flow.yaml");
  EXPECT_EQ(source.find("files")->find("flow.yaml")->as_string(), FlowText());
  EXPECT_EQ(source.find("plugins")->find("rules")->as_string(), ReadText(dir_ + "/defs/plugins/rules/plugin.lua"));
  EXPECT_EQ(r.body.find(dir_), std::string::npos) << "no server paths in answers";

  r = Call(admin, "GET", "/api/v1/workflows/flow/versions");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value versions = Json(r);
  ASSERT_EQ(versions.find("versions")->as_array().size(), 1u);
  const Value& v = versions.find("versions")->as_array()[0];
  EXPECT_EQ(IntOf(v, "id"), ActiveVersion("t1", "flow"));
  EXPECT_TRUE(v.find("active")->as_bool());
  EXPECT_EQ(v.find("deployed_by")->as_string(), "startup");
  EXPECT_EQ(v.find("content_hash")->as_string().size(), 64u);
  EXPECT_EQ(Call(admin, "GET", "/api/v1/workflows/nope/versions").status, 404);
}

TEST_F(WorkflowApiTest, DiagramAsSvgOrDot) {
  const Client sato = As("t1", "sato");
  HttpResult dot = Call(sato, "GET", "/api/v1/workflows/flow/diagram?format=dot&lang=en");
  ASSERT_EQ(dot.status, 200) << dot.body;
  EXPECT_EQ(dot.header("Content-Type").rfind("text/vnd.graphviz", 0), 0u) << dot.header("Content-Type");
  EXPECT_EQ(dot.body.rfind("digraph", 0), 0u) << dot.body.substr(0, 80);
  HttpResult svg = Call(sato, "GET", "/api/v1/workflows/flow/diagram");
  ASSERT_EQ(svg.status, 200) << svg.body;
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
  EXPECT_NE(svg.body.find("<svg"), std::string::npos);
  EXPECT_NE(svg.body.find("相談受付"), std::string::npos);

  EXPECT_EQ(Call(sato, "GET", "/api/v1/workflows/flow/diagram?format=png").status, 400);
  EXPECT_EQ(Call(sato, "GET", "/api/v1/workflows/flow/diagram?version=abc").status, 400);
  EXPECT_EQ(Call(sato, "GET", "/api/v1/workflows/flow/diagram?version=999999").status, 404);
  const std::string child = std::to_string(ActiveVersion("t1", "child"));
  EXPECT_EQ(Call(sato, "GET", "/api/v1/workflows/flow/diagram?format=dot&version=" + child).status, 404)
      << "a version of another workflow";
}

TEST_F(WorkflowApiTest, ValidateReportsBrokenYamlWithItsLine) {
  const Client admin = As("t1", "admin");
  const std::string broken = Replaced(FlowText(), "title: { ja: 実行時テスト, en: Runtime test }", "title: a: b");
  HttpResult r = Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}, {"source", broken}}));
  ASSERT_EQ(r.status, 200) << r.body;
  Value body = Json(r);
  EXPECT_FALSE(body.find("ok")->as_bool());
  ASSERT_FALSE(body.find("diagnostics")->as_array().empty());
  const Value& d = body.find("diagnostics")->as_array()[0];
  EXPECT_EQ(d.find("file")->as_string(), "flow.yaml");
  EXPECT_EQ(IntOf(d, "line"), LineOf(broken, "title: a: b"));
  EXPECT_NE(d.find("message")->as_string().find("YAML"), std::string::npos) << r.body;
  EXPECT_EQ(body.find("svg"), nullptr);

  // A well-formed file with a wrong reference: the line of the transition.
  const std::string wrong = Replaced(FlowText(), "to: referred, on: refer", "to: nowhere, on: refer");
  r = Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}, {"source", wrong}}));
  ASSERT_EQ(r.status, 200) << r.body;
  body = Json(r);
  EXPECT_FALSE(body.find("ok")->as_bool());
  bool found = false;
  for (const Value& diag : body.find("diagnostics")->as_array()) {
    found = found || (IntOf(diag, "line") == LineOf(wrong, "to: nowhere") &&
                      diag.find("message")->as_string().find("nowhere") != std::string::npos);
  }
  EXPECT_TRUE(found) << r.body;
  EXPECT_EQ(r.body.find(dir_), std::string::npos) << "no server paths in answers";
}

TEST_F(WorkflowApiTest, ValidateAValidSourceAnswersADiagram) {
  const Client admin = As("t1", "admin");
  HttpResult r =
      Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}, {"source", FlowText()}}));
  ASSERT_EQ(r.status, 200) << r.body;
  const Value body = Json(r);
  EXPECT_TRUE(body.find("ok")->as_bool());
  EXPECT_TRUE(body.find("diagnostics")->as_array().empty());
  ASSERT_NE(body.find("svg"), nullptr) << r.body.substr(0, 300);
  EXPECT_NE(body.find("svg")->as_string().find("<svg"), std::string::npos);

  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "nope"}, {"source", "x: 1"}})).status,
            404);
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}})).status, 400);
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/validate", "[1]").status, 400);
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/validate", R"({"workflow":"flow","source":7})").status, 400);
  // Any text is a 200 with diagnostics, never a server error.
  for (const std::string& junk : {std::string("\x01\x02"), std::string("workflow: [[[["), std::string("- a\n- b\n"),
                                 std::string("workflow: flow\nextends: ../../etc/passwd\n")}) {
    HttpResult j = Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}, {"source", junk}}));
    EXPECT_EQ(j.status, 200) << j.body;
    EXPECT_FALSE(Json(j).find("ok")->as_bool()) << j.body;
  }
}

TEST_F(WorkflowApiTest, DeployCreatesAVersionWhileCasesKeepTheirs) {
  const Client sato = As("t1", "sato");
  const Client admin = As("t1", "admin");
  HttpResult created = Call(sato, "POST", "/api/v1/cases", R"({"workflow":"flow","data":{"main_complaint":"x"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t case_id = IntOf(Json(created), "id");
  const int64_t v1 = ActiveVersion("t1", "flow");
  EXPECT_EQ(IntOf(Json(created), "definition_version"), v1);

  const std::string on_disk = FlowText();
  const std::string edited = Replaced(on_disk, "en: Runtime test", "en: Runtime test edition 2");
  HttpResult r = Call(admin, "POST", "/api/v1/workflows/flow/versions", Body({{"source", edited}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const Value deployed = Json(r);
  const int64_t v2 = IntOf(deployed, "version");
  EXPECT_NE(v2, v1);
  EXPECT_EQ(IntOf(deployed, "previous"), v1);
  EXPECT_TRUE(deployed.find("changed")->as_bool());
  EXPECT_EQ(ActiveVersion("t1", "flow"), v2);
  const Value t2_flow = Json(Call(As("t2", "admin"), "GET", "/api/v1/workflows/flow"));
  EXPECT_EQ(IntOf(t2_flow, "version"), ActiveVersion("t2", "flow"));
  EXPECT_NE(ActiveVersion("t2", "flow"), v2) << "another tenant's deployment";
  EXPECT_EQ(FlowText(), on_disk) << "a deployment never writes the file";

  HttpResult old_case = Call(sato, "GET", "/api/v1/cases/" + std::to_string(case_id));
  ASSERT_EQ(old_case.status, 200) << old_case.body;
  EXPECT_EQ(IntOf(Json(old_case), "definition_version"), v1);
  HttpResult new_case = Call(sato, "POST", "/api/v1/cases", R"({"workflow":"flow","data":{"main_complaint":"y"}})");
  ASSERT_EQ(new_case.status, 201) << new_case.body;
  EXPECT_EQ(IntOf(Json(new_case), "definition_version"), v2);

  const Value versions = Json(Call(admin, "GET", "/api/v1/workflows/flow/versions"));
  ASSERT_EQ(versions.find("versions")->as_array().size(), 2u);
  for (const Value& v : versions.find("versions")->as_array()) {
    EXPECT_EQ(v.find("active")->as_bool(), IntOf(v, "id") == v2);
    if (IntOf(v, "id") == v2) {
      EXPECT_EQ(v.find("deployed_by")->as_string(), "admin");
    }
  }
  const Value listed = Json(Call(admin, "GET", "/api/v1/workflows/flow"));
  EXPECT_EQ(listed.find("title")->find("en")->as_string(), "Runtime test edition 2");
  HttpResult old_source = Call(admin, "GET", "/api/v1/workflows/flow/source?version=" + std::to_string(v1));
  ASSERT_EQ(old_source.status, 200);
  EXPECT_EQ(Json(old_source).find("files")->find("flow.yaml")->as_string(), on_disk);
  EXPECT_TRUE(Contains(AuditActions("t1"), "workflow.deploy flow v" + std::to_string(v2)));

  // The same sources again: the same version, nothing new.
  r = Call(admin, "POST", "/api/v1/workflows/flow/versions", Body({{"source", edited}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(IntOf(Json(r), "version"), v2);
  EXPECT_FALSE(Json(r).find("changed")->as_bool());
}

TEST_F(WorkflowApiTest, DeployRefusesAnInvalidDefinition) {
  const Client admin = As("t1", "admin");
  const int64_t v1 = ActiveVersion("t1", "flow");
  const std::string wrong = Replaced(FlowText(), "to: referred, on: refer", "to: nowhere, on: refer");
  HttpResult r = Call(admin, "POST", "/api/v1/workflows/flow/versions", Body({{"source", wrong}}));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.header("Content-Type").rfind("application/problem+json", 0), 0u);
  const Value problem = Json(r);
  EXPECT_EQ(problem.find("code")->as_string(), "invalid_workflow");
  EXPECT_EQ(IntOf(problem, "status"), 422);
  ASSERT_FALSE(problem.find("diagnostics")->as_array().empty());
  EXPECT_EQ(IntOf(problem.find("diagnostics")->as_array()[0], "line"), LineOf(wrong, "to: nowhere"));
  EXPECT_EQ(ActiveVersion("t1", "flow"), v1);
  EXPECT_TRUE(Contains(AuditActions("t1"), "workflow.deploy.refused flow"));

  // Another workflow's text under this id is refused too.
  r = Call(admin, "POST", "/api/v1/workflows/flow/versions", Body({{"source", ReadText(dir_ + "/defs/child.yaml")}}));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/nope/versions", Body({{"source", "x: 1"}})).status, 404);
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/flow/versions", "{}").status, 400);
  EXPECT_EQ(ActiveVersion("t1", "flow"), v1);
}

TEST_F(WorkflowApiTest, ReloadIsAllOrNothing) {
  const Client admin = As("t1", "admin");
  const int64_t flow_v1 = ActiveVersion("t1", "flow");
  const int64_t child_v1 = ActiveVersion("t1", "child");
  const int64_t t2_flow = ActiveVersion("t2", "flow");
  // The child changes correctly, the flow is broken: neither is deployed.
  const std::string good_child = Replaced(ReadText(dir_ + "/defs/child.yaml"), "en: Child flow", "en: Child flow 2");
  ASSERT_NO_FATAL_FAILURE(WriteText(dir_ + "/defs/child.yaml", good_child));
  const std::string broken = Replaced(FlowText(), "to: referred, on: refer", "to: nowhere, on: refer");
  ASSERT_NO_FATAL_FAILURE(WriteText(FlowPath(), broken));

  HttpResult r = Call(admin, "POST", "/api/v1/workflows/reload", "{}");
  ASSERT_EQ(r.status, 422) << r.body;
  Value problem = Json(r);
  EXPECT_EQ(problem.find("code")->as_string(), "invalid_workflow");
  ASSERT_FALSE(problem.find("diagnostics")->as_array().empty());
  const Value& d = problem.find("diagnostics")->as_array()[0];
  EXPECT_EQ(d.find("file")->as_string(), "flow.yaml");
  EXPECT_EQ(IntOf(d, "line"), LineOf(broken, "to: nowhere"));
  EXPECT_EQ(ActiveVersion("t1", "flow"), flow_v1);
  EXPECT_EQ(ActiveVersion("t1", "child"), child_v1);
  EXPECT_EQ(IntOf(Json(Call(admin, "GET", "/api/v1/workflows/flow")), "version"), flow_v1);
  EXPECT_TRUE(Contains(AuditActions("t1"), "workflow.reload.refused"));

  // Fixed on disk: both reload; only the child changed.
  const std::string original = ReadText(std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/runtime/flow.yaml");
  ASSERT_NO_FATAL_FAILURE(WriteText(FlowPath(), original));
  r = Call(admin, "POST", "/api/v1/workflows/reload", "");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value reloaded = Json(r);
  const Value* flow = Item(*reloaded.find("reloaded"), "id", "flow");
  const Value* child = Item(*reloaded.find("reloaded"), "id", "child");
  ASSERT_TRUE(flow != nullptr && child != nullptr) << r.body;
  EXPECT_EQ(IntOf(*flow, "version"), flow_v1);
  EXPECT_FALSE(flow->find("changed")->as_bool());
  EXPECT_NE(IntOf(*child, "version"), child_v1);
  EXPECT_TRUE(child->find("changed")->as_bool());
  EXPECT_EQ(ActiveVersion("t1", "child"), IntOf(*child, "version"));
  EXPECT_EQ(ActiveVersion("t2", "flow"), t2_flow) << "t1's reload leaves t2 alone";
  auto t2_child = registry_->Active("t2", "child");
  ASSERT_TRUE(t2_child.ok());
  EXPECT_EQ(t2_child->second->definition->title.en, "Child flow");
  EXPECT_TRUE(Contains(AuditActions("t1"), "workflow.reload flow v"));
}

TEST_F(WorkflowApiTest, TenantsSeeOnlyTheirOwnVersions) {
  const Client t1_admin = As("t1", "admin");
  const Client t2_admin = As("t2", "admin");
  const std::string edited = Replaced(FlowText(), "en: Runtime test", "en: t1 only");
  HttpResult r = Call(t1_admin, "POST", "/api/v1/workflows/flow/versions", Body({{"source", edited}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string t1_version = std::to_string(IntOf(Json(r), "version"));

  r = Call(t2_admin, "GET", "/api/v1/workflows/flow/versions");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value versions = Json(r);
  ASSERT_EQ(versions.find("versions")->as_array().size(), 1u);
  EXPECT_EQ(IntOf(versions.find("versions")->as_array()[0], "id"), ActiveVersion("t2", "flow"));
  EXPECT_EQ(r.body.find("t1 only"), std::string::npos);
  for (const std::string path : {"/api/v1/workflows/flow?version=", "/api/v1/workflows/flow/source?version=",
                                 "/api/v1/workflows/flow/diagram?format=dot&version="}) {
    HttpResult other = Call(t2_admin, "GET", path + t1_version);
    EXPECT_EQ(other.status, 404) << path << " " << other.body;
    EXPECT_EQ(other.body.find("t1 only"), std::string::npos);
    EXPECT_EQ(Call(t1_admin, "GET", path + t1_version).status, 200) << path;
  }
  EXPECT_EQ(Json(Call(t2_admin, "GET", "/api/v1/workflows/flow")).find("title")->find("en")->as_string(),
            "Runtime test");
}

TEST_F(WorkflowApiTest, RunsTheScenariosAgainstTheActiveOrAnEditedSource) {
  const Client admin = As("t1", "admin");
  HttpResult r = Call(admin, "POST", "/api/v1/workflows/flow/scenarios", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  Value report = Json(r);
  EXPECT_EQ(IntOf(report, "passed"), 1) << r.body;
  EXPECT_EQ(IntOf(report, "failed"), 0) << r.body;
  ASSERT_EQ(report.find("results")->as_array().size(), 1u);
  const Value& passed = report.find("results")->as_array()[0];
  EXPECT_EQ(passed.find("file")->as_string(), "FLOW-01.yaml");
  EXPECT_EQ(passed.find("name")->as_string(), "FLOW-01");
  EXPECT_TRUE(passed.find("ok")->as_bool());

  // A threshold of 10 makes `refer` go to `handled`: the scenario fails.
  const std::string edited = Replaced(FlowText(), "threshold: 3", "threshold: 10");
  r = Call(admin, "POST", "/api/v1/workflows/flow/scenarios", Body({{"source", edited}}));
  ASSERT_EQ(r.status, 200) << r.body;
  report = Json(r);
  EXPECT_EQ(IntOf(report, "passed"), 0) << r.body;
  EXPECT_EQ(IntOf(report, "failed"), 1) << r.body;
  const Value& failed = report.find("results")->as_array()[0];
  EXPECT_FALSE(failed.find("ok")->as_bool());
  EXPECT_NE(failed.find("message")->as_string().find("referred"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(dir_), std::string::npos) << "no server paths in answers";
  EXPECT_EQ(ActiveVersion("t1", "flow"), IntOf(Json(Call(admin, "GET", "/api/v1/workflows/flow")), "version"));

  const std::string broken = Replaced(FlowText(), "to: referred, on: refer", "to: nowhere, on: refer");
  r = Call(admin, "POST", "/api/v1/workflows/flow/scenarios", Body({{"source", broken}}));
  EXPECT_EQ(r.status, 422) << r.body;
  // A workflow without a scenario folder: nothing to run.
  r = Call(admin, "POST", "/api/v1/workflows/child/scenarios", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(IntOf(Json(r), "passed"), 0);
  EXPECT_TRUE(Json(r).find("results")->as_array().empty());
}

TEST_F(WorkflowApiTest, PluginsWithSchemaConfigAndSource) {
  const Client sato = As("t1", "sato");
  HttpResult r = Call(sato, "GET", "/api/v1/plugins");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value list = Json(r);
  const Value* rules = Item(*list.find("plugins"), "name", "rules");
  ASSERT_NE(rules, nullptr) << r.body;
  EXPECT_EQ(rules->find("version")->as_string(), "1.0.0");
  ASSERT_EQ(rules->find("workflows")->as_array().size(), 1u);
  EXPECT_EQ(rules->find("workflows")->as_array()[0].as_string(), "flow");

  r = Call(sato, "GET", "/api/v1/plugins/rules");
  ASSERT_EQ(r.status, 200) << r.body;
  const Value plugin = Json(r);
  EXPECT_EQ(plugin.find("config_schema")->find("threshold")->find("type")->as_string(), "integer");
  const Value* flow = Item(*plugin.find("configs"), "workflow", "flow");
  ASSERT_NE(flow, nullptr) << r.body;
  EXPECT_EQ(IntOf(*flow->find("config"), "threshold"), 3);
  EXPECT_EQ(plugin.find("source")->as_string(), ReadText(dir_ + "/defs/plugins/rules/plugin.lua"));
  EXPECT_EQ(r.body.find(dir_), std::string::npos) << "no server paths in answers";
  EXPECT_EQ(Call(sato, "GET", "/api/v1/plugins/nope").status, 404);
}

TEST_F(WorkflowApiTest, AScenarioRunHoldsUpOnlyItsOwnMunicipality) {
  std::lock_guard<std::mutex> t1_running(ScenarioRunLock("t1"));  // as if t1's admin had a run going
  HttpResult t1 = Call(As("t1", "admin"), "POST", "/api/v1/workflows/flow/scenarios", "{}");
  EXPECT_EQ(t1.status, 409) << t1.body;
  HttpResult t2 = Call(As("t2", "admin"), "POST", "/api/v1/workflows/flow/scenarios", "{}");
  EXPECT_EQ(t2.status, 200) << t2.body;
}

TEST_F(WorkflowApiTest, AnEditedWorkflowCannotExtendAWorkflowOfNoTenantOrAnother) {
  // A workflow on disk that is no workflow of t1 (another town's, say).
  WriteText(dir_ + "/defs/othertown.yaml", Replaced(FlowText(), "workflow: flow", "workflow: othertown"));
  const Client admin = As("t1", "admin");
  const DefinitionVersionId before = ActiveVersion("t1", "flow");
  const std::string edited = "workflow: flow\nextends: othertown\ntitle: { ja: 借り物, en: Borrowed }\n";
  HttpResult r = Call(admin, "POST", "/api/v1/workflows/validate", Body({{"workflow", "flow"}, {"source", edited}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Json(r).find("ok")->as_bool());
  EXPECT_NE(r.body.find("extends 'othertown', which is neither a workflow of tenant 't1'"), std::string::npos) << r.body;
  HttpResult deploy = Call(admin, "POST", "/api/v1/workflows/flow/versions", Body({{"source", edited}}));
  EXPECT_EQ(deploy.status, 422) << deploy.body;
  EXPECT_NE(deploy.body.find("othertown"), std::string::npos) << deploy.body;
  EXPECT_EQ(ActiveVersion("t1", "flow"), before);
  HttpResult source = Call(admin, "GET", "/api/v1/workflows/flow/source");
  EXPECT_EQ(source.body.find("Borrowed"), std::string::npos) << "nothing was deployed";
}

TEST_F(WorkflowApiTest, OneMunicipalitysEditorCannotTakeEveryThread) {
  const Client admin = As("t1", "admin");
  const std::string validate = Body({{"workflow", "flow"}, {"source", FlowText()}});
  std::vector<OperationSlots::Slot> busy;  // as if two of t1's validations were running
  for (int i = 0; i < config_.editor_slots_per_tenant; ++i) busy.push_back(server_->editor_slots()->TryAcquire("t1"));
  HttpResult refused = Call(admin, "POST", "/api/v1/workflows/validate", validate);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.header("Retry-After"), "1");
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/flow/scenarios", "{}").status, 429);
  EXPECT_EQ(Call(admin, "GET", "/api/v1/workflows/flow/diagram").status, 429);
  EXPECT_EQ(Call(admin, "GET", "/api/v1/workflows/flow/diagram?format=dot").status, 200);  // no drawing, no slot
  // The other municipality, case work and /healthz are not held up.
  EXPECT_EQ(Call(As("t2", "admin"), "POST", "/api/v1/workflows/validate", validate).status, 200);
  EXPECT_EQ(Call(As("t1", "sato"), "GET", "/api/v1/cases").status, 200);
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  busy.clear();  // the runs end
  EXPECT_EQ(Call(admin, "POST", "/api/v1/workflows/validate", validate).status, 200);
}

// With many municipalities editing at once, editors together take at most
// half of the threads: the rest keep serving case work.
TEST_F(WorkflowApiTest, AllMunicipalitiesEditorsTogetherLeaveThreadsForCaseWork) {
  EXPECT_EQ(server_->editor_slots()->total(), config_.max_threads / 2);
  std::vector<OperationSlots::Slot> busy;  // other towns' validations running, as many as all may run
  for (int i = 0; i < server_->editor_slots()->total(); ++i) {
    busy.push_back(server_->editor_slots()->TryAcquire("town" + std::to_string(i / config_.editor_slots_per_tenant)));
    ASSERT_TRUE(busy.back());
  }
  const std::string validate = Body({{"workflow", "flow"}, {"source", FlowText()}});
  HttpResult refused = Call(As("t1", "admin"), "POST", "/api/v1/workflows/validate", validate);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(Call(As("t1", "sato"), "GET", "/api/v1/cases").status, 200);
  busy.pop_back();
  EXPECT_EQ(Call(As("t1", "admin"), "POST", "/api/v1/workflows/validate", validate).status, 200);
}

}  // namespace
}  // namespace kasane::http::testing
