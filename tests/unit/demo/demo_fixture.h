// The demo tenants deployed from the source tree into an in-memory store.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "demo/demo_accounts.h"
#include "demo/demo_cases.h"
#include "demo/demo_config.h"
#include "app/startup.h"
#include "runtime/clock.h"
#include "store/sqlite/open_sqlite.h"

namespace kasane::demo {

class DemoFixture : public ::testing::Test {
 protected:
  // Deploys the five towns as of `now`, as `kasane demo init` does.
  void Deploy(Timestamp now) {
    const std::string source = KASANE_SOURCE_DIR;
    Result<DemoConfig> c = NewDemoConfig({"/tmp/kasane-demo-test", source + "/workflows", source + "/plugins"});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    config_ = std::move(*c);
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(":memory:");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    registry_ = std::make_unique<WorkflowRegistry>(store_.get(), LoaderOptionsFor(config_.server));
    ManualClock deploy_clock(now - int64_t{kDemoHistoryDays} * 24 * 3600);
    std::vector<Diagnostic> diags;
    Status s = DeployTenantWorkflows(config_.server, registry_.get(), deploy_clock, &diags);
    std::string problems;
    for (const Diagnostic& d : diags) problems += d.ToString() + "\n";
    ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << problems;
    EXPECT_TRUE(diags.empty()) << problems;
    Result<MainDefinitions> defs = ActiveMainDefinitions(config_, *registry_);
    ASSERT_TRUE(defs.ok()) << defs.status().ToString();
    defs_ = std::move(*defs);
  }

  std::vector<UserConfig> Users() const {
    std::vector<UserConfig> users;
    for (const DemoAccount& a : config_.accounts) users.push_back(a.user);
    return users;
  }

  DemoConfig config_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<WorkflowRegistry> registry_;
  MainDefinitions defs_;
};

}  // namespace kasane::demo
