// A tenant's workflow may extend only its own tenant's workflows or a shared
// base, and spawn only its own tenant's workflows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "app/startup.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;

class TenantScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kasane_scope_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const fs::path fixtures = fs::path(KASANE_SOURCE_DIR) / "tests/fixtures/runtime";
    for (const char* f : {"flow.yaml", "child.yaml"}) fs::copy_file(fixtures / f, dir_ / f);
    // Next town's own flow, built on the first town's.
    std::ofstream(dir_ / "nexttown.yaml") << "workflow: nexttown\nextends: flow\ntitle: { ja: となり町, en: Next town }\n";
    config_.workflows_dir = dir_.string();
    config_.plugins_dir = (fixtures / "plugins").string();
    config_.shared_workflows.clear();
    config_.tenants.push_back({"t1", "テスト市", "", {"flow", "child"}});
    config_.tenants.push_back({"t2", "となり町", "", {"nexttown", "child"}});
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Joined(const std::vector<Diagnostic>& diags) {
    std::string out;
    for (const Diagnostic& d : diags) out += d.ToString() + "\n";
    return out;
  }

  fs::path dir_;
  ServerConfig config_;
};

TEST_F(TenantScopeTest, ATenantCannotExtendAnotherTenantsWorkflow) {
  std::vector<Diagnostic> diags;
  auto loaded = LoadTenantWorkflows(config_, "t2", &diags);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(Joined(diags).find("workflow 'nexttown' extends 'flow', which is neither a workflow of tenant 't2' nor a "
                               "shared base (shared_workflows)"),
            std::string::npos)
      << Joined(diags);
  diags.clear();
  EXPECT_TRUE(LoadTenantWorkflows(config_, "t1", &diags).ok()) << Joined(diags);
}

TEST_F(TenantScopeTest, ASharedBaseMayBeExtendedByEveryTenant) {
  config_.shared_workflows = {"flow"};
  std::vector<Diagnostic> diags;
  // nexttown inherits flow's spawn of `child`, which is t2's own.
  EXPECT_TRUE(LoadTenantWorkflows(config_, "t2", &diags).ok()) << Joined(diags);
}

TEST_F(TenantScopeTest, ATenantCannotSpawnAWorkflowItDoesNotHave) {
  config_.tenants[0].workflows = {"flow"};  // t1 without its child flow
  std::vector<Diagnostic> diags;
  auto loaded = LoadTenantWorkflows(config_, "t1", &diags);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(Joined(diags).find("spawn of workflow 'child', which is not a workflow of tenant 't1'"), std::string::npos)
      << Joined(diags);
  EXPECT_NE(Joined(diags).find("flow.yaml:"), std::string::npos) << "placed at the spawn: " << Joined(diags);
}

TEST(ExampleConfigTest, TheDocumentedExampleLoadsWithEveryWorkflow) {
  const std::string root = KASANE_SOURCE_DIR;
  ServerConfig config;
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(LoadServerConfigFile(root + "/scripts/kasane.example.yaml", &config, &diags))
      << (diags.empty() ? "" : diags[0].ToString());
  config.workflows_dir = root + "/workflows";
  config.plugins_dir = root + "/plugins";
  auto loaded = LoadTenantWorkflows(config, "", &diags);
  EXPECT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags[0].ToString());
}

}  // namespace
}  // namespace kasane
