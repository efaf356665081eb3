// The definition is the law for plugins too: a change an action records is
// checked as a YAML-declared one is, and a violation fails the transition with
// the action named and nothing written.
#include "runtime_fixture.h"

namespace kasane::testing {
namespace {

class PluginLawTest : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    ASSERT_NE(Deploy(FixturePath("runtime/lawless.yaml")), 0);
    auto c = engine_->Create({"t1", "lawless", "", Window(), Value(Object{})});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    id_ = c->id;
  }
  CaseId id_ = 0;
};

TEST_F(PluginLawTest, EveryChangeTheDefinitionDoesNotAllowFailsTheTransition) {
  const std::pair<const char*, const char*> cases[] = {
      {"undeclared", "plugin action lawless.undeclared set field 'nowhere', which workflow 'lawless' does not declare"},
      {"mistyped", "plugin action lawless.mistyped set field 'count'"},
      {"ghost_agency", "made a task 'visit' for agency 'nobody', which workflow 'lawless' does not have"},
      {"ghost_role", "made a task 'visit' for role 'wizard', which workflow 'lawless' does not have"},
      {"ghost_event", "set a timer for event 'never_fired', which no transition of workflow 'lawless' fires"},
  };
  for (const auto& [event, message] : cases) {
    auto r = Fire(id_, event, Window());
    ASSERT_FALSE(r.ok()) << event;
    EXPECT_EQ(r.status().code(), Status::Code::kPluginError) << event;
    EXPECT_NE(r.status().message().find(message), std::string::npos) << event << ": " << r.status().message();
  }
  EXPECT_EQ(Get(id_).version, 1) << "nothing was written";
  EXPECT_TRUE(store_->Tasks(id_, true)->empty());
}

TEST_F(PluginLawTest, ChangesTheDefinitionAllowsAreRecorded) {
  auto r = Fire(id_, "lawful", Window());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Get(id_).data.find("count")->as_int(), 3);
  EXPECT_EQ(store_->Tasks(id_, true)->size(), 1u);
  EXPECT_EQ(store_->PendingTimers(id_)->size(), 1u);
}

}  // namespace
}  // namespace kasane::testing
