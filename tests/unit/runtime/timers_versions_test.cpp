#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime_fixture.h"

namespace kasane::testing {
namespace {

TEST_F(RuntimeTest, EnteringAStateArmsItsBusinessDayTimer) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());  // Friday 2024-04-26
  auto timers = store_->PendingTimers(id);
  ASSERT_TRUE(timers.ok());
  ASSERT_EQ(timers->size(), 1u);
  // 10 business days after 4/26, skipping 4/29 and 5/3-5/6 (Golden Week): 2024-05-15 09:00 JST.
  EXPECT_EQ(FormatJst((*timers)[0].due_at), "2024-05-15T09:00:00+09:00");
  EXPECT_EQ((*timers)[0].event, "remind");
  EXPECT_EQ((*timers)[0].state, "referred");
}

TEST_F(RuntimeTest, DueTimerFiresOnceThroughTheSameFirePath) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  clock_->Advance(3 * 86400);
  auto early = RunDueTimers(engine_.get());
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->fired, 0);
  Timestamp due = 0;
  ASSERT_TRUE(ParseTimestamp("2024-05-15T09:00", &due));
  clock_->Set(due);
  auto ran = RunDueTimers(engine_.get());
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(ran->fired, 1);
  auto again = RunDueTimers(engine_.get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->fired, 0);
  auto history = store_->History(id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().event, "remind");
  EXPECT_EQ(history->back().actor, "system");
  auto tasks = store_->Tasks(id, true);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].kind, "screening");
  EXPECT_EQ(FormatJst(*(*tasks)[0].due_at), "2024-05-20T09:00:00+09:00");
}

TEST_F(RuntimeTest, LeavingAStateCancelsItsTimersAndClosesTasks) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  ASSERT_TRUE(Fire(id, "convene", Csw(), Data({{"consent", Value(true)}})).ok());
  auto timers = store_->PendingTimers(id);
  ASSERT_TRUE(timers.ok());
  EXPECT_TRUE(timers->empty());
  auto tasks = store_->Tasks(id, true);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 1u);  // the meeting's on_enter task
  EXPECT_EQ((*tasks)[0].kind, "minutes");
}

TEST_F(RuntimeTest, RunningCasesStayOnTheirVersionAfterADeploy) {
  CaseId old_case = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  // Version 2 drops the `note` transition.
  std::ifstream in(FixturePath("runtime/flow.yaml"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string note = "  - { from: referred, on: note, roles: [takikan] }\n";
  auto pos = text.find(note);
  ASSERT_NE(pos, std::string::npos);
  text.erase(pos, note.size());
  std::string dir = ::testing::TempDir() + "/kasane_v2";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/flow.yaml") << text;
  DefinitionVersionId v2 = Deploy(dir + "/flow.yaml");
  ASSERT_NE(v2, version1_);

  CaseId new_case = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  EXPECT_EQ(Get(new_case).definition_version, v2);
  ASSERT_TRUE(Fire(old_case, "refer", Window()).ok());
  ASSERT_TRUE(Fire(new_case, "refer", Window()).ok());
  EXPECT_TRUE(Fire(old_case, "note", Csw()).ok());
  EXPECT_EQ(Fire(new_case, "note", Csw()).status().code(), Status::Code::kInvalidArgument);

  // After a restart (a fresh registry), the pinned version is reloaded from its stored sources.
  registry_ = std::make_unique<WorkflowRegistry>(store_.get(), RuntimeLoaderOptions());
  engine_ = std::make_unique<Engine>(store_.get(), registry_.get(), clock_.get(), &calendar_);
  EXPECT_TRUE(Fire(old_case, "note", Csw()).ok());
}

}  // namespace
}  // namespace kasane::testing

namespace kasane::testing {
namespace {

TEST_F(RuntimeTest, SpawnOpensALinkedChildInTheSameTransaction) {
  ASSERT_NE(Deploy(FixturePath("runtime/child.yaml")), 0);
  CaseId id = NewCase(Data({{"main_complaint", Value("ひきこもり")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  ASSERT_TRUE(Fire(id, "convene", Csw(), Data({{"consent", Value(true)}})).ok());
  auto r = Fire(id, "start_child", Csw());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->spawned.size(), 1u);
  const CaseRecord& child = r->spawned[0];
  EXPECT_EQ(child.workflow, "child");
  EXPECT_EQ(child.state, "open");
  EXPECT_EQ(child.parent_id, id);
  EXPECT_EQ(*child.data.find("main_complaint"), Value("ひきこもり"));
  EXPECT_EQ(child.data.find("issues"), nullptr);  // only the listed fields are copied
  bool inherits = false;
  for (const auto& m : child.members) inherits |= (m.agency == "madoguchi");
  EXPECT_TRUE(inherits) << "the child keeps the parent's member agencies";
  auto timers = store_->PendingTimers(child.id);
  ASSERT_TRUE(timers.ok());
  EXPECT_EQ(timers->size(), 1u);  // the child's initial state armed its timer
  auto children = store_->Children(id);
  ASSERT_TRUE(children.ok());
  EXPECT_EQ(children->size(), 1u);
  auto history = store_->History(child.id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->front().event, "spawn");
}

TEST_F(RuntimeTest, SetWritesTheDefinitionsValuesBeforeActions) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  ASSERT_TRUE(Fire(id, "note", Csw(), Data({{"half", Value(true)}})).ok());
  ASSERT_TRUE(Fire(id, "convene", Csw(), Data({{"consent", Value(true)}})).ok());
  auto r = Fire(id, "close", Csw());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r->case_after.data.find("outcome"), Value("settled"));
  EXPECT_EQ(r->case_after.data.find("half"), nullptr);  // `half: ~` removes the field
}

TEST_F(RuntimeTest, SpawnOfAnUndeployedWorkflowFailsWithoutWriting) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  ASSERT_TRUE(Fire(id, "convene", Csw(), Data({{"consent", Value(true)}})).ok());
  auto r = Fire(id, "start_child", Csw());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_NE(r.status().message().find("spawn 'child'"), std::string::npos) << r.status().message();
  EXPECT_EQ(HistoryLength(id), 3u);
  auto children = store_->Children(id);
  ASSERT_TRUE(children.ok());
  EXPECT_TRUE(children->empty());
}

}  // namespace
}  // namespace kasane::testing
