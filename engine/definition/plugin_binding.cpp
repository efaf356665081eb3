#include "definition/plugin_binding.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "util/text.h"

namespace kasane {
namespace {

std::string PluginFile(const LoaderOptions& options, const std::string& name) {
  return options.plugins_dir + "/" + name + "/plugin.lua";
}

// A problem path as the plugin loader writes it, "matrix.rows[2].C2" (list
// positions count from 1, as in Lua), in the form ValuePositions uses:
// "matrix.rows.1.C2". A leading "config." is dropped.
std::string NormalizePath(std::string_view path) {
  if (path.substr(0, 7) == "config.") path.remove_prefix(7);
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] != '[') {
      out.push_back(path[i++]);
      continue;
    }
    size_t close = path.find(']', i);
    if (close == std::string_view::npos) break;
    std::string_view digits = path.substr(i + 1, close - i - 1);
    int64_t position = 0;
    for (char c : digits) position = (c >= '0' && c <= '9' && position < 1000000) ? position * 10 + (c - '0') : -1;
    if (!out.empty()) out.push_back('.');
    out += position >= 1 ? std::to_string(position - 1) : std::string(digits);
    i = close + 1;
  }
  return out;
}

// Position of the deepest written part of `path`, else of the `with:` key.
SourcePos ConfigProblemPos(const PluginDraft& p, const std::string& path) {
  std::string key = NormalizePath(path);
  while (!key.empty()) {
    auto it = p.config_pos.find(key);
    if (it != p.config_pos.end()) return it->second;
    size_t dot = key.rfind('.');
    key = dot == std::string::npos ? std::string() : key.substr(0, dot);
  }
  return p.with_pos;
}

// Returns the plugin when it loaded under the right name (even if its config
// has problems, so that calls into it are still checked).
std::shared_ptr<Plugin> LoadPlugin(PluginDraft* p, const SourceSet& sources, const LoaderOptions& options,
                                   std::vector<Diagnostic>* diags) {
  const std::string& name = p->use.name;
  auto source = sources.plugin_sources.find(name);
  if (source == sources.plugin_sources.end()) {
    if (!sources.unreadable_plugins.count(name))
      diags->push_back({p->use.pos, "plugin '" + name + "' not found in " + options.plugins_dir +
                                        "/ (looked for " + PluginFile(options, name) + ")"});
    return nullptr;
  }
  auto path = sources.plugin_paths.find(name);
  std::string chunk = path == sources.plugin_paths.end() ? PluginFile(options, name) : path->second;
  Result<std::unique_ptr<Plugin>> loaded = Plugin::LoadFromSource(source->second, chunk, options.sandbox);
  if (!loaded.ok()) {
    diags->push_back({p->use.pos, "plugin '" + name + "' failed to load: " + loaded.status().message()});
    return nullptr;
  }
  std::shared_ptr<Plugin> plugin = std::move(loaded).value();
  if (plugin->info().name != name) {
    diags->push_back({p->use.pos, "plugin '" + name + "': " + chunk + " declares the name '" +
                                      plugin->info().name + "'"});
    return nullptr;
  }
  std::vector<ConfigProblem> problems;
  Value config = p->use.config.is_null() ? Value(Object{}) : p->use.config;
  Value completed = plugin->CheckConfig(config, &problems);
  for (const ConfigProblem& problem : problems) {
    std::string where = problem.path.empty() ? "" : " '" + problem.path + "'";
    diags->push_back({ConfigProblemPos(*p, problem.path), "plugin '" + name + "' config" + where + ": " +
                                                               problem.message});
  }
  if (!problems.empty()) return plugin;  // still loaded, so its calls can be checked
  Status bound = plugin->SetConfig(completed);
  if (!bound.ok()) {
    diags->push_back({p->with_pos, "plugin '" + name + "' rejected its config: " + bound.message()});
    return plugin;
  }
  p->use.config = std::move(completed);
  return plugin;
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void CheckCalls(const std::vector<CallRef>& calls, bool guards,
                const std::map<std::string, std::shared_ptr<Plugin>>& plugins, std::vector<Diagnostic>* diags) {
  for (const CallRef& call : calls) {
    auto it = plugins.find(call.plugin);
    if (it == plugins.end()) continue;  // not listed or not loaded: reported already
    const PluginInfo& info = it->second->info();
    const auto& wanted = guards ? info.guards : info.actions;
    const auto& other = guards ? info.actions : info.guards;
    if (Has(wanted, call.function)) continue;
    const char* kind = guards ? "guard" : "action";
    std::string hint = Has(other, call.function)
                           ? std::string(" ('") + call.function + "' is " + (guards ? "an action" : "a guard") + ")"
                           : DidYouMeanSuffix(call.function, wanted);
    diags->push_back({call.pos, "plugin '" + call.plugin + "' has no " + kind + " '" + call.function + "'" + hint});
  }
}

}  // namespace

void BindPlugins(DefinitionDraft* draft, const SourceSet& sources, const LoaderOptions& options,
                 std::map<std::string, std::shared_ptr<Plugin>>* plugins, std::vector<Diagnostic>* diags) {
  for (PluginDraft& p : draft->plugins) {
    if (auto plugin = LoadPlugin(&p, sources, options, diags)) (*plugins)[p.use.name] = std::move(plugin);
  }
  for (const StateDraft& s : draft->states.items) {
    CheckCalls(s.state.on_enter, false, *plugins, diags);
    CheckCalls(s.state.on_exit, false, *plugins, diags);
  }
  for (const TransitionDraft& t : draft->transitions) {
    CheckCalls(t.transition.guards, true, *plugins, diags);
    CheckCalls(t.transition.actions, false, *plugins, diags);
  }
}

}  // namespace kasane
