#include <string>
#include <utility>
#include <vector>

#include "runtime_fixture.h"
#include "util/text.h"

namespace kasane::testing {
namespace {

class RegistryTest : public RuntimeTest {
 protected:
  // The fixture's flow.yaml with its English title replaced: a new version's sources.
  static LoadedWorkflow FlowTitled(const std::string& en_title) {
    std::string text, error;
    EXPECT_TRUE(ReadFileLimited(FixturePath("runtime/flow.yaml"), 1 << 20, &text, &error)) << error;
    const std::string old_title = "en: Runtime test";
    const size_t at = text.find(old_title);
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) text.replace(at, old_title.size(), "en: " + en_title);
    std::vector<Diagnostic> diags;
    auto sources = CollectSourcesFromText(FixturePath("runtime/flow.yaml"), text, RuntimeLoaderOptions(), &diags);
    EXPECT_TRUE(sources.ok()) << sources.status().ToString();
    auto loaded = LoadFromSources(*sources, RuntimeLoaderOptions(), &diags);
    EXPECT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags.front().ToString());
    return loaded.ok() ? std::move(*loaded) : LoadedWorkflow{};
  }

  static LoadedWorkflow FromDisk(const std::string& file) {
    std::vector<Diagnostic> diags;
    auto loaded = LoadWorkflowFile(FixturePath("runtime/" + file), RuntimeLoaderOptions(), &diags);
    EXPECT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags.front().ToString());
    return loaded.ok() ? std::move(*loaded) : LoadedWorkflow{};
  }

  DefinitionVersionId ActiveVersion(const std::string& tenant, const std::string& workflow) {
    auto active = registry_->Active(tenant, workflow);
    return active.ok() ? active->first : 0;
  }
};

TEST_F(RegistryTest, DeployAllActivatesEveryWorkflowAndReportsWhatItReplaced) {
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t1", FlowTitled("Runtime test second edition"));
  batch.emplace_back("t1", FromDisk("child.yaml"));
  auto deployed = registry_->DeployAll(std::move(batch), "admin", clock_->Now());
  ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
  ASSERT_EQ(deployed->size(), 2u);

  const auto& flow = (*deployed)[0];
  EXPECT_EQ(flow.tenant, "t1");
  EXPECT_EQ(flow.workflow, "flow");
  EXPECT_NE(flow.version, version1_);
  EXPECT_EQ(flow.previous, version1_);
  const auto& child = (*deployed)[1];
  EXPECT_EQ(child.workflow, "child");
  EXPECT_EQ(child.previous, 0);  // never deployed before

  EXPECT_EQ(ActiveVersion("t1", "flow"), flow.version);
  EXPECT_EQ(ActiveVersion("t1", "child"), child.version);
  auto active = registry_->Active("t1", "flow");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->second->definition->title.en, "Runtime test second edition");

  auto stored = store_->LoadDefinitionVersion(flow.version);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->deployed_by, "admin");
  EXPECT_EQ(stored->tenant, "t1");
}

TEST_F(RegistryTest, DeployAllOfIdenticalSourcesKeepsTheVersion) {
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t1", FromDisk("flow.yaml"));
  auto deployed = registry_->DeployAll(std::move(batch), "reload", clock_->Now());
  ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
  ASSERT_EQ(deployed->size(), 1u);
  EXPECT_EQ((*deployed)[0].version, version1_);
  EXPECT_EQ((*deployed)[0].previous, version1_);
  auto versions = store_->ListDefinitionVersions("t1", "flow");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);
}

TEST_F(RegistryTest, RunningCasesKeepTheirVersionAcrossDeployAll) {
  CaseId before = NewCase(Data({{"main_complaint", Value("x")}}));
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t1", FlowTitled("Runtime test v2"));
  auto deployed = registry_->DeployAll(std::move(batch), "admin", clock_->Now());
  ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
  CaseId after = NewCase(Data({{"main_complaint", Value("y")}}));

  EXPECT_EQ(Get(before).definition_version, version1_);
  EXPECT_EQ(Get(after).definition_version, (*deployed)[0].version);
  auto old_version = registry_->ByVersion(version1_);
  ASSERT_TRUE(old_version.ok());
  EXPECT_EQ((*old_version)->definition->title.en, "Runtime test");
}

TEST_F(RegistryTest, DeployAllForOneTenantLeavesOthersAlone) {
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t2", FlowTitled("Next town's flow"));
  auto deployed = registry_->DeployAll(std::move(batch), "admin", clock_->Now());
  ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
  EXPECT_EQ(ActiveVersion("t1", "flow"), version1_);
  EXPECT_EQ(ActiveVersion("t2", "flow"), (*deployed)[0].version);
  EXPECT_EQ((*deployed)[0].previous, 0);
}

TEST_F(RegistryTest, DeployAllOfNothingChangesNothing) {
  auto deployed = registry_->DeployAll({}, "admin", clock_->Now());
  ASSERT_TRUE(deployed.ok());
  EXPECT_TRUE(deployed->empty());
  EXPECT_EQ(ActiveVersion("t1", "flow"), version1_);
}

}  // namespace
}  // namespace kasane::testing
