// `kasane workflows export --config FILE --tenant T [--out DIR] [--workflow ID]`:
// writes the live version of each of a tenant's workflows back to YAML, so
// that a change deployed from the browser's editor can be committed to the
// town's repository. Writes <out>/<id>.yaml (default out: the config's
// workflows_dir) — the workflow's own file only; its bases and plugins stay
// as they are. Reads the database only; a server may be running.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "app/app.h"
#include "app/config.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "definition/source_set.h"

namespace kasane::cli {
namespace {

constexpr const char* kUsage =
    "usage: kasane workflows export --config FILE --tenant T [--out DIR] [--workflow ID]\n";

int Fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "kasane workflows: %s\n", message.c_str());
  return code;
}

// The root YAML of the stored version `version`.
Result<std::string> RootSourceOf(Store* store, DefinitionVersionId version) {
  auto stored = store->LoadDefinitionVersion(version);
  if (!stored.ok()) return stored.status();
  auto sources = SourceSet::FromBundleJson(stored->bundle);
  if (!sources.ok()) return sources.status();
  auto root = sources->workflow_files.find(sources->root);
  if (root == sources->workflow_files.end()) return Status::Corruption("the stored bundle has no root file");
  return root->second;
}

}  // namespace

int RunWorkflows(int argc, char** argv) {
  Args args(argc, argv, 2, {"config", "tenant", "out", "workflow"}, {});
  if (!args.error().empty() || args.positional().size() != 1 || args.positional()[0] != "export" ||
      args.get("config").empty() || args.get("tenant").empty()) {
    std::fprintf(stderr, "kasane workflows: %s\n%s",
                 !args.error().empty() ? args.error().c_str() : "give the export subcommand, --config and --tenant",
                 kUsage);
    return 2;
  }
  ServerConfig config;
  std::vector<Diagnostic> diags;
  if (!LoadServerConfigFile(args.get("config"), &config, &diags)) {
    for (const Diagnostic& d : diags) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    return Fail(std::to_string(diags.size()) + " problem(s) in the configuration");
  }
  const TenantConfig* tenant = nullptr;
  for (const TenantConfig& t : config.tenants) tenant = t.id == args.get("tenant") ? &t : tenant;
  if (tenant == nullptr) return Fail("no tenant '" + args.get("tenant") + "' in " + args.get("config"), 2);
  std::error_code ec;
  if (config.db_path.find(':') == std::string::npos && !std::filesystem::is_regular_file(config.db_path, ec))
    return Fail("no database file at " + config.db_path + ": nothing was ever deployed", 2);
  auto store = OpenConfiguredStore(config);
  if (!store.ok()) return Fail("cannot open " + config.db_path + ": " + store.status().ToString());
  auto live = (*store)->ListLiveVersions(tenant->id);
  if (!live.ok()) return Fail(live.status().ToString());

  const std::string out_dir = args.has("out") ? args.get("out") : config.workflows_dir;
  std::filesystem::create_directories(out_dir, ec);
  int written = 0;
  for (const std::string& id : tenant->workflows) {
    if (args.has("workflow") && args.get("workflow") != id) continue;
    const LiveVersion* version = nullptr;
    for (const LiveVersion& v : *live) version = v.workflow == id ? &v : version;
    if (version == nullptr) return Fail("workflow '" + id + "' of tenant '" + tenant->id + "' was never deployed");
    auto source = RootSourceOf(store->get(), version->version);
    if (!source.ok()) return Fail("version " + std::to_string(version->version) + ": " + source.status().ToString());
    const std::string path = out_dir + "/" + id + ".yaml";
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << *source;
    file.close();
    if (!file) return Fail("cannot write " + path);
    std::printf("%s: version %lld (deployed by %s)\n", path.c_str(), static_cast<long long>(version->version),
                version->changed_by.c_str());
    ++written;
  }
  if (written == 0) return Fail("no workflow '" + args.get("workflow") + "' in tenant '" + tenant->id + "'", 2);
  return 0;
}

}  // namespace kasane::cli
