// Store conformance: live versions set with their audit entry, replaced,
// listed, and refused unless they are stored versions of their workflow.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_conformance.h"

namespace kasane {
namespace {

using testing_util::MakeDefinition;

KASANE_STORE_CONFORMANCE_SUITE(LiveVersionConformance);

LiveVersion Live(DefinitionVersionId version, const std::string& workflow = "toyonaka") {
  LiveVersion v;
  v.tenant = "toyonaka-city";
  v.workflow = workflow;
  v.version = version;
  v.disk_hash = "disk-" + std::to_string(version);
  v.changed_at = 1693530000;
  v.changed_by = "admin";
  return v;
}

AuditEntry Deploy(const std::string& detail) {
  AuditEntry e;
  e.tenant = "toyonaka-city";
  e.at = 1693530000;
  e.actor = "admin";
  e.role = "admin";
  e.action = "workflow.deploy";
  e.detail = detail;
  return e;
}

TEST_P(LiveVersionConformance, LiveVersionsAreSetReplacedAndListedWithTheirAuditEntry) {
  auto v2 = store_->SaveDefinitionVersion(MakeDefinition("hash-2"));
  auto other = store_->SaveDefinitionVersion(MakeDefinition("hash-3", "maibara"));
  StoredDefinition foreign_def = MakeDefinition("hash-4");
  foreign_def.tenant = "suita-city";
  auto foreign = store_->SaveDefinitionVersion(foreign_def);
  ASSERT_TRUE(v2.ok() && other.ok() && foreign.ok());

  auto empty = store_->ListLiveVersions("");
  KASANE_ASSERT_OK(empty);
  EXPECT_TRUE(empty->empty());

  KASANE_ASSERT_OK(store_->SetLiveVersions({Live(def_), Live(*other, "maibara")}, Deploy("toyonaka maibara")));
  LiveVersion suita = Live(*foreign);
  suita.tenant = "suita-city";
  KASANE_ASSERT_OK(store_->SetLiveVersions({suita}, std::nullopt));
  KASANE_ASSERT_OK(store_->SetLiveVersions({Live(*v2)}, Deploy("toyonaka")));

  auto mine = store_->ListLiveVersions("toyonaka-city");
  KASANE_ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].workflow, "maibara");
  EXPECT_EQ((*mine)[0].version, *other);
  EXPECT_EQ((*mine)[1].workflow, "toyonaka");
  EXPECT_EQ((*mine)[1].version, *v2);
  EXPECT_EQ((*mine)[1].disk_hash, "disk-" + std::to_string(*v2));
  EXPECT_EQ((*mine)[1].changed_at, 1693530000);
  EXPECT_EQ((*mine)[1].changed_by, "admin");

  auto all = store_->ListLiveVersions("");
  KASANE_ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].tenant, "suita-city");
  EXPECT_EQ((*all)[1].tenant, "toyonaka-city");
  EXPECT_EQ((*all)[2].workflow, "toyonaka");

  const std::vector<AuditEntry> audit = AuditOf("toyonaka-city");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].detail, "toyonaka maibara");
  EXPECT_EQ(audit[1].detail, "toyonaka");
  auto v = store_->VerifyAudit("");
  KASANE_ASSERT_OK(v);
  EXPECT_TRUE(v->ok) << v->problem;
}

TEST_P(LiveVersionConformance, ALiveVersionMustBeAStoredVersionOfItsWorkflowElseNothingIsWritten) {
  auto other = store_->SaveDefinitionVersion(MakeDefinition("hash-3", "maibara"));
  ASSERT_TRUE(other.ok());
  KASANE_ASSERT_OK(store_->SetLiveVersions({Live(def_)}, Deploy("first")));

  LiveVersion foreign_tenant = Live(def_);
  foreign_tenant.tenant = "suita-city";
  LiveVersion no_tenant = Live(def_);
  no_tenant.tenant.clear();
  const std::vector<std::vector<LiveVersion>> bad = {
      {Live(*other)},                               // maibara's version for toyonaka
      {Live(*other, "maibara"), Live(def_ + 100)},  // the first is fine, the second unknown
      {foreign_tenant},                             // another tenant's definition
      {no_tenant},
      {Live(0)},
      {Live(def_), Live(def_)},  // named twice
  };
  for (const std::vector<LiveVersion>& live : bad) {
    Status s = store_->SetLiveVersions(live, Deploy("refused"));
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  }
  auto listed = store_->ListLiveVersions("");
  KASANE_ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].version, def_);
  EXPECT_EQ(AuditOf("toyonaka-city").size(), 1u);

  // An audit entry the log refuses takes the change down with it.
  AuditEntry too_long = Deploy(std::string(300, 'x'));
  EXPECT_EQ(store_->SetLiveVersions({Live(*other, "maibara")}, too_long).code(), Status::Code::kInvalidArgument);
  listed = store_->ListLiveVersions("toyonaka-city");
  KASANE_ASSERT_OK(listed);
  EXPECT_EQ(listed->size(), 1u);
  EXPECT_EQ(AuditOf("toyonaka-city").size(), 1u);
}

}  // namespace
}  // namespace kasane
