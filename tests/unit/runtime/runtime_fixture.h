// A ready engine over an in-memory store, with the runtime test flow deployed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "runtime/engine.h"
#include "runtime/timer_runner.h"
#include "store/sqlite/open_sqlite.h"

namespace kasane::testing {

inline std::string FixturePath(const std::string& rel) { return std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/" + rel; }

inline LoaderOptions RuntimeLoaderOptions() {
  LoaderOptions o;
  o.plugins_dir = FixturePath("runtime/plugins");
  o.workflow_dirs = {FixturePath("runtime")};
  return o;
}

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Timestamp start = 0;
    ASSERT_TRUE(ParseTimestamp("2024-04-26T10:00", &start));  // a Friday before Golden Week
    clock_ = std::make_unique<ManualClock>(start);
    auto store = OpenSqliteStore(":memory:");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    registry_ = std::make_unique<WorkflowRegistry>(store_.get(), RuntimeLoaderOptions());
    engine_ = std::make_unique<Engine>(store_.get(), registry_.get(), clock_.get(), &calendar_);
    version1_ = Deploy(FixturePath("runtime/flow.yaml"));
  }

  DefinitionVersionId Deploy(const std::string& path) {
    std::vector<Diagnostic> diags;
    auto loaded = LoadWorkflowFile(path, RuntimeLoaderOptions(), &diags);
    EXPECT_TRUE(loaded.ok()) << (diags.empty() ? loaded.status().ToString() : diags.front().ToString());
    if (!loaded.ok()) return 0;
    auto id = registry_->Deploy("t1", *loaded, "admin", clock_->Now());
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  static Actor Window() { return {"u-window", "window", "madoguchi", "t1"}; }
  static Actor Csw() { return {"u-csw", "takikan", "shakyo", "t1"}; }

  CaseId NewCase(Value data) {
    auto c = engine_->Create({"t1", "flow", "", Window(), std::move(data)});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? c->id : 0;
  }

  static Value Data(std::initializer_list<std::pair<const std::string, Value>> kv) {
    Object o;
    for (const auto& [k, v] : kv) o[k] = v;
    return Value(std::move(o));
  }

  Result<FireResult> Fire(CaseId id, const std::string& event, const Actor& actor, Value payload = {}) {
    FireRequest req;
    req.case_id = id;
    req.event = event;
    req.actor = actor;
    req.payload = std::move(payload);
    return engine_->Fire(req);
  }

  CaseRecord Get(CaseId id) {
    auto c = store_->GetCase(id);
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : CaseRecord{};
  }

  size_t HistoryLength(CaseId id) {
    auto h = store_->History(id);
    return h.ok() ? h->size() : 0;
  }

  BusinessCalendar calendar_;
  std::unique_ptr<ManualClock> clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<WorkflowRegistry> registry_;
  std::unique_ptr<Engine> engine_;
  DefinitionVersionId version1_ = 0;
};

}  // namespace kasane::testing
