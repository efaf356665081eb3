#include "http/plugin_handlers.h"

#include <map>
#include <memory>

#include "http/problem.h"
#include "http/workflow_handlers.h"

namespace kasane::http {
namespace {

Value NamesJson(const std::vector<std::string>& names) {
  Array out;
  for (const std::string& n : names) out.emplace_back(n);
  return Value(std::move(out));
}

// Name, version, description and functions of a plugin.
Value PluginSummary(const PluginInfo& info) {
  Value out;
  out["name"] = info.name;
  out["version"] = info.version;
  if (!info.description.empty()) out["description"] = LocalizedJson(info.description, "");
  out["guards"] = NamesJson(info.guards);
  out["actions"] = NamesJson(info.actions);
  return out;
}

// GET /api/v1/plugins
Reply ListPlugins(const ApiCall& call) {
  std::map<std::string, Value> by_name;  // sorted by name
  for (const TenantWorkflow& w : TenantWorkflows(call)) {
    for (const auto& [name, plugin] : w.workflow->plugins) {
      auto [it, inserted] = by_name.try_emplace(name, Value());
      if (inserted) {
        it->second = PluginSummary(plugin->info());
        it->second["workflows"] = Value(Array{});
      }
      it->second["workflows"].as_array().emplace_back(w.id);
    }
  }
  Array out;
  for (auto& [name, item] : by_name) out.push_back(std::move(item));
  Value body;
  body["plugins"] = Value(std::move(out));
  return JsonReply(200, body);
}

// GET /api/v1/plugins/{name}
Reply ReadPlugin(const ApiCall& call) {
  const std::string& name = call.params[0];
  std::shared_ptr<Plugin> first;
  Array configs;
  for (const TenantWorkflow& w : TenantWorkflows(call)) {
    auto it = w.workflow->plugins.find(name);
    if (it == w.workflow->plugins.end()) continue;
    if (!first) first = it->second;
    const PluginUse* use = w.workflow->definition->FindPlugin(name);
    Value item;
    item["workflow"] = w.id;
    item["version"] = it->second->info().version;
    item["config"] = use != nullptr ? use->config : Value(Object{});
    configs.push_back(std::move(item));
  }
  if (!first) return ProblemReply(404, "not_found", "no workflow of this tenant uses such a plugin");
  const PluginInfo& info = first->info();
  Value out = PluginSummary(info);
  out["config_schema"] = info.config_schema.is_null() ? Value(Object{}) : info.config_schema;
  out["configs"] = Value(std::move(configs));
  out["source"] = first->source();
  return JsonReply(200, out);
}

}  // namespace

const std::vector<ApiRoute>& PluginRoutes() {
  static const std::vector<ApiRoute> routes = {
      {"GET", "/api/v1/plugins", Permission::kWorkflowsRead, ListPlugins,
       "The plugins the tenant's workflows use"},
      {"GET", "/api/v1/plugins/{name}", Permission::kWorkflowsRead, ReadPlugin,
       "A plugin's config schema, the workflows' configs and its source"},
  };
  return routes;
}

}  // namespace kasane::http
