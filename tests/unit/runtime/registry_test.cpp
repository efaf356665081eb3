#include <string>
#include <utility>
#include <vector>

#include "runtime_fixture.h"
#include "store/faulty_store.h"
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

TEST_F(RegistryTest, TheLiveVersionIsStoredSoARestartedServerFindsIt) {
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t1", FlowTitled("Edited in the browser"));
  AuditEntry audit;
  audit.actor = "admin";
  audit.role = "tenant_admin";
  audit.action = "workflow.deploy";
  auto edited = registry_->DeployAll(std::move(batch), "admin", clock_->Now(), WorkflowRegistry::Origin::kEditor, audit);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  const DefinitionVersionId browser_version = (*edited)[0].version;
  ASSERT_NE(browser_version, version1_);

  auto live = store_->ListLiveVersions("t1");
  ASSERT_TRUE(live.ok());
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ((*live)[0].version, browser_version);
  EXPECT_EQ((*live)[0].changed_by, "admin");
  EXPECT_EQ((*live)[0].disk_hash, FromDisk("flow.yaml").definition->content_hash) << "the editor keeps the file's hash";
  AuditFilter filter;
  filter.tenant = "t1";
  filter.action = "workflow.deploy";
  auto entries = store_->ListAudit(filter);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].detail, "flow v" + std::to_string(browser_version));

  // A restart: a new registry over the same store imports the unchanged file.
  WorkflowRegistry restarted(store_.get(), RuntimeLoaderOptions());
  std::vector<std::pair<std::string, LoadedWorkflow>> from_disk;
  from_disk.emplace_back("t1", FromDisk("flow.yaml"));
  auto deployed = restarted.DeployAll(std::move(from_disk), "startup", clock_->Now());
  ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
  EXPECT_EQ((*deployed)[0].version, browser_version);
  EXPECT_EQ((*deployed)[0].previous, browser_version);
  auto active = restarted.Active("t1", "flow");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->first, browser_version);
  EXPECT_EQ(active->second->definition->title.en, "Edited in the browser");

  // The file changes on disk: its new version replaces the browser's.
  std::vector<std::pair<std::string, LoadedWorkflow>> changed;
  changed.emplace_back("t1", FlowTitled("Changed on disk"));
  deployed = restarted.DeployAll(std::move(changed), "reload", clock_->Now());
  ASSERT_TRUE(deployed.ok());
  EXPECT_NE((*deployed)[0].version, browser_version);
  EXPECT_EQ((*deployed)[0].previous, browser_version);
  EXPECT_EQ(restarted.Active("t1", "flow")->first, (*deployed)[0].version);
}

TEST_F(RegistryTest, ADeployWhoseAuditEntryCannotBeWrittenChangesNothing) {
  FaultyStore faulty(store_.get());
  WorkflowRegistry registry(&faulty, RuntimeLoaderOptions());
  std::vector<std::pair<std::string, LoadedWorkflow>> first;
  first.emplace_back("t1", FromDisk("flow.yaml"));
  ASSERT_TRUE(registry.DeployAll(std::move(first), "startup", clock_->Now()).ok());
  ASSERT_TRUE(faulty.FailNext(StoreOp::kSetLiveVersions, Status::IOError("disk full"), 1, FaultPoint::kInside).ok());
  AuditEntry audit;
  audit.actor = "admin";
  audit.action = "workflow.deploy";
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t1", FlowTitled("Never live"));
  auto deployed = registry.DeployAll(std::move(batch), "admin", clock_->Now(), WorkflowRegistry::Origin::kEditor, audit);
  ASSERT_FALSE(deployed.ok());
  EXPECT_EQ(faulty.Injected(StoreOp::kSetLiveVersions), 1);
  EXPECT_EQ(registry.Active("t1", "flow")->first, version1_);
  EXPECT_EQ(store_->ListLiveVersions("t1")->front().version, version1_);
  AuditFilter filter;
  filter.tenant = "t1";
  filter.action = "workflow.deploy";
  EXPECT_TRUE(store_->ListAudit(filter)->empty());
}

TEST_F(RegistryTest, TwoServersOnOneDatabaseAgreeOnTheLiveVersion) {
  WorkflowRegistry other(store_.get(), RuntimeLoaderOptions());  // a second server's registry
  EXPECT_EQ(other.Active("t1", "flow")->first, version1_);
  std::vector<std::pair<std::string, LoadedWorkflow>> batch;
  batch.emplace_back("t1", FlowTitled("Deployed on the first server"));
  auto deployed = registry_->DeployAll(std::move(batch), "admin", clock_->Now(), WorkflowRegistry::Origin::kEditor);
  ASSERT_TRUE(deployed.ok());
  auto seen = other.Active("t1", "flow");  // no reload on the second server
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->first, (*deployed)[0].version);
  EXPECT_EQ(seen->second->definition->title.en, "Deployed on the first server");
}

TEST_F(RegistryTest, UnusedVersionsAreDroppedFromMemoryAndLoadAgainWhenNeeded) {
  const CaseId old_case = NewCase(Data({{"main_complaint", Value("x")}}));  // pinned to version1_
  DefinitionVersionId last = 0;
  for (size_t i = 0; i < WorkflowRegistry::kCachedVersions + 10; ++i) {
    std::vector<std::pair<std::string, LoadedWorkflow>> batch;
    batch.emplace_back("t1", FlowTitled("edition " + std::to_string(i)));
    auto deployed = registry_->DeployAll(std::move(batch), "admin", clock_->Now(), WorkflowRegistry::Origin::kEditor);
    ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
    last = (*deployed)[0].version;
  }
  EXPECT_EQ(registry_->CachedVersionCount(), WorkflowRegistry::kCachedVersions);
  EXPECT_EQ(registry_->Active("t1", "flow")->first, last);
  auto first = registry_->ByVersion(version1_);  // evicted long ago: loaded again from the store
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ((*first)->definition->title.en, "Runtime test");
  EXPECT_TRUE(Fire(old_case, "handle", Window()).ok());  // the case on the old version still runs
  EXPECT_EQ(registry_->CachedVersionCount(), WorkflowRegistry::kCachedVersions);
}

}  // namespace
}  // namespace kasane::testing
