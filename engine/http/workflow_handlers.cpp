#include "http/workflow_handlers.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "diagram/diagram.h"
#include "http/definition_json.h"
#include "http/problem.h"
#include "app/startup.h"
#include "scenario/scenario_runner.h"

namespace kasane::http {
namespace {

constexpr size_t kMaxDiagnostics = 200;      // per answer: enough to fix a file, bounded
constexpr int64_t kScenarioBudgetMs = 20000;  // a scenario run starts no scenario after this


std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string WithSlash(const std::string& dir) { return dir.empty() || dir.back() == '/' ? dir : dir + "/"; }

// `text` with the server's directories replaced by names relative to them.
std::string Public(const ServerConfig& config, std::string text) {
  text = ReplaceAll(std::move(text), WithSlash(config.plugins_dir), "plugins/");
  return ReplaceAll(std::move(text), WithSlash(config.workflows_dir), "");
}

Value DiagnosticsJson(const ServerConfig& config, const std::vector<Diagnostic>& diags) {
  Array out;
  for (const Diagnostic& d : diags) {
    if (out.size() == kMaxDiagnostics) break;
    Value item;
    item["file"] = Public(config, d.pos.file);
    item["line"] = d.pos.line;
    item["column"] = d.pos.column;
    item["message"] = Public(config, d.message);
    out.push_back(std::move(item));
  }
  return Value(std::move(out));
}

Reply InvalidWorkflow(const ServerConfig& config, const std::string& detail, const std::vector<Diagnostic>& diags) {
  Value extra;
  extra["diagnostics"] = DiagnosticsJson(config, diags);
  return ProblemReply(422, "invalid_workflow", detail, std::move(extra));
}

bool TenantHasWorkflow(const ApiCall& call, const std::string& id) {
  for (const TenantConfig& t : call.ctx.config->tenants) {
    if (t.id == call.session.tenant) return std::find(t.workflows.begin(), t.workflows.end(), id) != t.workflows.end();
  }
  return false;
}

std::string QueryText(const Request& req, const std::string& name, const std::string& fallback) {
  auto it = req.query.find(name);
  return it == req.query.end() || it->second.empty() ? fallback : it->second;
}

struct VersionOf {
  DefinitionVersionId version = 0;
  WorkflowPtr workflow;
};

// Workflow `id` of the caller's tenant at query parameter `version` (the
// active version when absent); 404 for another tenant's or an unknown one.
std::optional<VersionOf> ResolveVersion(const ApiCall& call, const std::string& id, Reply* problem) {
  if (!TenantHasWorkflow(call, id)) {
    *problem = ProblemReply(404, "not_found", "no such workflow in this tenant");
    return std::nullopt;
  }
  const std::optional<int64_t> wanted = QueryInt(call.req, "version", 0, 1, INT64_MAX / 2, problem);
  if (!wanted) return std::nullopt;
  if (*wanted == 0) {
    auto active = call.ctx.registry->Active(call.session.tenant, id);
    if (!active.ok()) {
      *problem = StatusToProblem(active.status());
      return std::nullopt;
    }
    return VersionOf{active->first, active->second};
  }
  Result<StoredDefinition> stored = call.ctx.registry->StoredVersion(call.session.tenant, id, *wanted);
  if (!stored.ok()) {
    *problem = !stored.ok() && stored.status().code() != Status::Code::kNotFound
                   ? StatusToProblem(stored.status())
                   : ProblemReply(404, "not_found", "no such version of this workflow");
    return std::nullopt;
  }
  Result<WorkflowPtr> wf = call.ctx.registry->ByVersion(*wanted);
  if (!wf.ok()) {
    *problem = StatusToProblem(wf.status());
    return std::nullopt;
  }
  return VersionOf{*wanted, *wf};
}

// Loads `text` as the root file of workflow `id` (<workflows_dir>/<id>.yaml):
// its bases and plugins are read from disk as they are now.
Result<LoadedWorkflow> LoadEdited(const ServerConfig& config, const std::string& tenant, const std::string& id,
                                  const std::string& text, std::vector<Diagnostic>* diags) {
  const LoaderOptions options = LoaderOptionsFor(config);
  const std::string path = WithSlash(config.workflows_dir) + id + ".yaml";
  const size_t before = diags->size();
  Result<SourceSet> sources = CollectSourcesFromText(path, text, options, diags);
  Result<LoadedWorkflow> loaded = sources.ok() ? LoadFromSources(*sources, options, diags)
                                               : Result<LoadedWorkflow>(sources.status());
  if (!loaded.ok() && diags->size() == before) diags->push_back({SourcePos{path, 0, 0}, loaded.status().message()});
  if (loaded.ok() && !WithinTenantScope(config, tenant, *loaded, diags))
    return Status::InvalidArgument("the workflow reaches outside its tenant");
  return loaded;
}

// The `source` string member of a request body; fills *problem when it is
// absent (unless optional) or not a string.
std::optional<std::string> SourceMember(const Value& body, bool optional, Reply* problem) {
  const Value* source = body.find("source");
  if (source == nullptr && optional) return std::string();
  if (source == nullptr || !source->is_string() || source->as_string().empty()) {
    *problem = ProblemReply(400, "bad_request", "'source' must be a non-empty string (the YAML of the root file)");
    return std::nullopt;
  }
  return source->as_string();
}

// Refuses members other than `allowed`.
bool OnlyMembers(const Value& body, std::initializer_list<const char*> allowed, Reply* problem) {
  for (const auto& [key, value] : body.as_object()) {
    bool known = false;
    std::string expected;
    for (const char* name : allowed) {
      known = known || key == name;
      expected += (expected.empty() ? "" : ", ") + std::string(name);
    }
    if (!known) {
      *problem = ProblemReply(400, "bad_request", "unknown field '" + key + "' (expected " + expected + ")");
      return false;
    }
  }
  return true;
}

// GET /api/v1/workflows
Reply ListWorkflows(const ApiCall& call) {
  Array out;
  for (const TenantWorkflow& w : TenantWorkflows(call)) {
    Result<StoredDefinition> stored = call.ctx.registry->StoredVersion(call.session.tenant, w.id, w.version);
    if (!stored.ok()) return StatusToProblem(stored.status());
    const Definition& def = *w.workflow->definition;
    Value item;
    item["id"] = w.id;
    item["title"] = LocalizedJson(def.title, def.id);
    item["version"] = w.version;
    item["content_hash"] = def.content_hash;
    item["deployed_at"] = FormatJst(stored->deployed_at);
    item["deployed_by"] = stored->deployed_by;
    item["states"] = static_cast<int64_t>(def.states.size());
    item["transitions"] = static_cast<int64_t>(def.transitions.size());
    out.push_back(std::move(item));
  }
  Value body;
  body["workflows"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/workflows/{id}?version=N
Reply ReadWorkflow(const ApiCall& call) {
  Reply problem;
  std::optional<VersionOf> v = ResolveVersion(call, call.params[0], &problem);
  if (!v) return problem;
  Value out = DefinitionJson(*v->workflow->definition);
  out["version"] = v->version;
  return JsonReply(200, out);
}

// GET /api/v1/workflows/{id}/source?version=N
Reply ReadSource(const ApiCall& call) {
  Reply problem;
  std::optional<VersionOf> v = ResolveVersion(call, call.params[0], &problem);
  if (!v) return problem;
  const SourceSet& sources = v->workflow->sources;
  Value out;
  out["workflow"] = call.params[0];
  out["version"] = v->version;
  out["root"] = sources.root;
  Object files;
  for (const auto& [name, text] : sources.workflow_files) files[name] = Value(text);
  out["files"] = Value(std::move(files));
  Object plugins;
  for (const auto& [name, text] : sources.plugin_sources) plugins[name] = Value(text);
  out["plugins"] = Value(std::move(plugins));
  return JsonReply(200, out);
}

// GET /api/v1/workflows/{id}/versions
Reply ListVersions(const ApiCall& call) {
  const std::string& id = call.params[0];
  if (!TenantHasWorkflow(call, id)) return ProblemReply(404, "not_found", "no such workflow in this tenant");
  auto active = call.ctx.registry->Active(call.session.tenant, id);
  const DefinitionVersionId active_id = active.ok() ? active->first : 0;
  Result<std::vector<StoredDefinition>> versions = call.ctx.registry->StoredVersions(call.session.tenant, id);
  if (!versions.ok()) return StatusToProblem(versions.status());
  Array out;
  for (const StoredDefinition& d : *versions) {
    Value item;
    item["id"] = d.id;
    item["content_hash"] = d.content_hash;
    item["deployed_at"] = FormatJst(d.deployed_at);
    item["deployed_by"] = d.deployed_by;
    item["active"] = d.id == active_id;
    out.push_back(std::move(item));
  }
  Value body;
  body["workflow"] = id;
  body["active"] = active_id;
  body["versions"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/workflows/{id}/diagram?format=svg|dot&lang=ja|en&lr=1&version=N
// 429 when the tenant's editor slots are all in use (http/operation_slots.h).
Reply EditorBusy() {
  Reply r = ProblemReply(429, "too_many_requests",
                         "この自治体の定義の検証・実行が混み合っています。少し待ってからお試しください / "
                         "the municipality's editor operations are all busy; try again shortly");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

Reply ReadDiagram(const ApiCall& call) {
  const std::string format = QueryText(call.req, "format", "svg");
  const std::string lang = QueryText(call.req, "lang", "ja");
  const std::string lr = QueryText(call.req, "lr", "0");
  if (format != "svg" && format != "dot") return ProblemReply(400, "bad_request", "'format' must be svg or dot");
  if (lang != "ja" && lang != "en") return ProblemReply(400, "bad_request", "'lang' must be ja or en");
  if (lr != "0" && lr != "1") return ProblemReply(400, "bad_request", "'lr' must be 0 or 1");
  Reply problem;
  std::optional<VersionOf> v = ResolveVersion(call, call.params[0], &problem);
  if (!v) return problem;
  DiagramOptions options;
  options.lang = lang;
  options.left_to_right = lr == "1";
  Reply r;
  r.body = ToDot(*v->workflow->definition, options);
  r.content_type = "text/vnd.graphviz; charset=utf-8";
  if (format == "svg") {
    const OperationSlots::Slot slot = call.ctx.editor_slots->TryAcquire(call.session.tenant);  // Graphviz is the cost
    if (!slot) return EditorBusy();
    Result<std::string> svg = RenderSvg(r.body);
    if (!svg.ok())
      return ProblemReply(503, "diagram_unavailable",
                     "the diagram cannot be drawn now: " + svg.status().message() + " (format=dot still works)");
    r.body = std::move(*svg);
    r.content_type = "image/svg+xml";
  }
  return r;
}

// POST /api/v1/workflows/validate {workflow, source}
Reply ValidateWorkflow(const ApiCall& call) {
  const OperationSlots::Slot slot = call.ctx.editor_slots->TryAcquire(call.session.tenant);
  if (!slot) return EditorBusy();
  Reply problem;
  std::optional<Value> body = ObjectBody(call.req, &problem);
  if (!body) return problem;
  if (!OnlyMembers(*body, {"workflow", "source"}, &problem)) return problem;
  const Value* workflow = body->find("workflow");
  if (workflow == nullptr || !workflow->is_string())
    return ProblemReply(400, "bad_request", "'workflow' must be a string");
  std::optional<std::string> source = SourceMember(*body, false, &problem);
  if (!source) return problem;
  if (!TenantHasWorkflow(call, workflow->as_string()))
    return ProblemReply(404, "not_found", "no such workflow in this tenant");
  std::vector<Diagnostic> diags;
  Result<LoadedWorkflow> loaded = LoadEdited(*call.ctx.config, call.session.tenant, workflow->as_string(), *source, &diags);
  Value out;
  out["ok"] = loaded.ok();
  out["diagnostics"] = DiagnosticsJson(*call.ctx.config, diags);
  if (loaded.ok()) {
    // A live diagram for the editor; the definition is valid without it.
    Result<std::string> svg = RenderSvg(ToDot(*loaded->definition));
    if (svg.ok()) {
      out["svg"] = std::move(*svg);
    } else {
      out["svg_error"] = svg.status().message();
    }
  }
  return JsonReply(200, out);
}

// The name a scenario file or message is shown with: relative to `dir`.
std::string ScenarioText(const ServerConfig& config, const std::string& dir, const std::string& text) {
  return Public(config, ReplaceAll(text, WithSlash(dir), ""));
}

// POST /api/v1/workflows/{id}/scenarios {source?}
Reply RunScenarios(const ApiCall& call) {
  const OperationSlots::Slot slot = call.ctx.editor_slots->TryAcquire(call.session.tenant);
  if (!slot) return EditorBusy();
  const std::string& id = call.params[0];
  Reply problem;
  std::optional<Value> body = call.req.body.empty() ? Value(Object{}) : ObjectBody(call.req, &problem);
  if (!body) return problem;
  if (!OnlyMembers(*body, {"source"}, &problem)) return problem;
  std::optional<std::string> source = SourceMember(*body, true, &problem);
  if (!source) return problem;
  if (!TenantHasWorkflow(call, id)) return ProblemReply(404, "not_found", "no such workflow in this tenant");

  std::unique_lock<std::mutex> running(ScenarioRunLock(call.session.tenant), std::try_to_lock);
  if (!running.owns_lock())
    return ProblemReply(409, "conflict", "another scenario run of this municipality is in progress; try again");
  const ServerConfig& config = *call.ctx.config;
  ScenarioRunOptions options;
  options.loader = LoaderOptionsFor(config);
  options.time_budget_ms = kScenarioBudgetMs;
  // The tenant's workflows as deployed (reloaded, so that the run's plugins
  // are its own), and the edited one in place of its active version.
  for (const TenantWorkflow& w : TenantWorkflows(call)) {
    std::vector<Diagnostic> diags;
    Result<LoadedWorkflow> loaded = !source->empty() && w.id == id
                                        ? LoadEdited(config, call.session.tenant, id, *source, &diags)
                                        : LoadFromSources(w.workflow->sources, options.loader, &diags);
    if (!loaded.ok()) return InvalidWorkflow(config, "the workflow '" + w.id + "' does not load", diags);
    options.workflows.emplace(w.id, std::move(*loaded));
  }
  if (!options.workflows.count(id)) return StatusToProblem(Status::NotFound("workflow '" + id + "' is not deployed"));

  const std::string dir = WithSlash(config.scenarios_dir) + id;
  std::error_code ec;
  ScenarioReport report;
  if (std::filesystem::is_directory(dir, ec)) report = RunScenarioPaths({dir}, options);
  Array results;
  for (const ScenarioOutcome& o : report.outcomes) {
    Value item;
    item["file"] = ScenarioText(config, dir, o.file);
    item["name"] = o.id;
    item["ok"] = o.passed;
    item["message"] = ScenarioText(config, dir, o.failure);
    results.push_back(std::move(item));
  }
  for (const std::string& error : report.errors) {  // "FILE:LINE:COL: error: ..." of a file that does not parse
    const std::string text = ScenarioText(config, dir, error);
    Value item;
    item["file"] = text.substr(0, text.find(':'));
    item["name"] = "";
    item["ok"] = false;
    item["message"] = text;
    results.push_back(std::move(item));
  }
  Value out;
  out["workflow"] = id;
  out["passed"] = report.passed;
  out["failed"] = report.failed;
  out["results"] = Value(std::move(results));
  return JsonReply(200, out);
}

// POST /api/v1/workflows/{id}/versions {source}
Reply DeployVersion(const ApiCall& call) {
  const OperationSlots::Slot slot = call.ctx.editor_slots->TryAcquire(call.session.tenant);
  if (!slot) return EditorBusy();
  const std::string& id = call.params[0];
  Reply problem;
  std::optional<Value> body = ObjectBody(call.req, &problem);
  if (!body) return problem;
  if (!OnlyMembers(*body, {"source"}, &problem)) return problem;
  std::optional<std::string> source = SourceMember(*body, false, &problem);
  if (!source) return problem;
  if (!TenantHasWorkflow(call, id)) return ProblemReply(404, "not_found", "no such workflow in this tenant");
  std::vector<Diagnostic> diags;
  Result<LoadedWorkflow> loaded = LoadEdited(*call.ctx.config, call.session.tenant, id, *source, &diags);
  if (!loaded.ok()) {
    (void)AuditCall(call, "workflow.deploy.refused", std::nullopt, id);
    return InvalidWorkflow(*call.ctx.config, "the definition is not valid; nothing was deployed", diags);
  }
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back(call.session.tenant, std::move(*loaded));
  // Live at once and after every restart, with its audit entry in the same transaction.
  auto deployed = call.ctx.registry->DeployAll(std::move(batch), call.session.username, call.ctx.clock->Now(),
                                               WorkflowRegistry::Origin::kEditor,
                                               AuditEntryFor(call, "workflow.deploy", id));
  if (!deployed.ok()) return StatusToProblem(deployed.status());
  const WorkflowRegistry::Deployment& d = deployed->front();
  const bool changed = d.version != d.previous;
  Value out;
  out["workflow"] = id;
  out["version"] = d.version;
  out["previous"] = d.previous;
  out["changed"] = changed;
  return JsonReply(changed ? 201 : 200, out);
}

// POST /api/v1/workflows/reload
Reply ReloadFromDisk(const ApiCall& call) {
  const OperationSlots::Slot slot = call.ctx.editor_slots->TryAcquire(call.session.tenant);
  if (!slot) return EditorBusy();
  std::vector<Diagnostic> diags;
  auto reloaded = ReloadWorkflows(*call.ctx.config, call.ctx.registry, *call.ctx.clock, call.session.tenant,
                                  AuditEntryFor(call, "workflow.reload", ""), &diags);
  if (!reloaded.ok()) {
    if (reloaded.status().code() != Status::Code::kInvalidArgument) return StatusToProblem(reloaded.status());
    (void)AuditCall(call, "workflow.reload.refused", std::nullopt, reloaded.status().message());
    return InvalidWorkflow(
        *call.ctx.config,
        reloaded.status().message() + "; nothing was deployed, the running definitions are unchanged", diags);
  }
  Array out;
  bool changed = false;
  for (const WorkflowRegistry::Deployment& d : *reloaded) {
    Value item;
    item["id"] = d.workflow;
    item["version"] = d.version;
    item["changed"] = d.version != d.previous;
    changed = changed || d.version != d.previous;
    out.push_back(std::move(item));
  }
  // A change was audited with it; a reload that changed nothing is audited here.
  if (!changed) (void)AuditCall(call, "workflow.reload", std::nullopt, "unchanged");
  Value body;
  body["reloaded"] = Value(std::move(out));
  return JsonReply(200, body);
}

}  // namespace

std::mutex& ScenarioRunLock(const std::string& tenant) {
  static std::mutex guard;
  static std::map<std::string, std::unique_ptr<std::mutex>> by_tenant;
  std::lock_guard<std::mutex> lock(guard);
  std::unique_ptr<std::mutex>& m = by_tenant[tenant];
  if (!m) m = std::make_unique<std::mutex>();
  return *m;
}

std::vector<TenantWorkflow> TenantWorkflows(const ApiCall& call) {
  std::vector<TenantWorkflow> out;
  for (const TenantConfig& t : call.ctx.config->tenants) {
    if (t.id != call.session.tenant) continue;
    for (const std::string& id : t.workflows) {
      auto active = call.ctx.registry->Active(t.id, id);
      if (active.ok()) out.push_back(TenantWorkflow{id, active->first, active->second});
    }
  }
  return out;
}

const std::vector<ApiRoute>& WorkflowRoutes() {
  // The fixed paths come before the {id} patterns they would also match.
  static const std::vector<ApiRoute> routes = {
      {"GET", "/api/v1/workflows", Permission::kWorkflowsRead, ListWorkflows, "The tenant's workflows"},
      {"POST", "/api/v1/workflows/validate", Permission::kWorkflowsAdmin, ValidateWorkflow,
       "Validate an edited root file; diagnostics and a diagram"},
      {"POST", "/api/v1/workflows/reload", Permission::kWorkflowsAdmin, ReloadFromDisk,
       "Reload every workflow of the tenant from disk, all or nothing"},
      {"GET", "/api/v1/workflows/{id}", Permission::kWorkflowsRead, ReadWorkflow, "The active definition"},
      {"GET", "/api/v1/workflows/{id}/source", Permission::kWorkflowsRead, ReadSource,
       "The YAML and plugin sources of a version"},
      {"GET", "/api/v1/workflows/{id}/versions", Permission::kWorkflowsRead, ListVersions,
       "Every stored version of a workflow"},
      {"POST", "/api/v1/workflows/{id}/versions", Permission::kWorkflowsAdmin, DeployVersion,
       "Validate and deploy an edited root file as a new version"},
      {"GET", "/api/v1/workflows/{id}/diagram", Permission::kWorkflowsRead, ReadDiagram,
       "The state diagram (SVG or Graphviz DOT)"},
      {"POST", "/api/v1/workflows/{id}/scenarios", Permission::kWorkflowsAdmin, RunScenarios,
       "Run the workflow's scenarios against an edited source or the active version"},
  };
  return routes;
}

}  // namespace kasane::http
