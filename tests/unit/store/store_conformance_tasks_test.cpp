// Store conformance: tasks created and closed with a commit, an agency's inbox,
// and child cases spawned in the same transaction as their parent's commit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_conformance.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeNewCase;

KASANE_STORE_CONFORMANCE_SUITE(TaskConformance);

// A child case of another workflow, opened by a spawn.
NewCase Child(DefinitionVersionId def) {
  NewCase child = MakeNewCase(def, "needs_assessment");
  child.workflow = "participation";
  child.event.event = "spawn";
  child.changes.memberships.push_back({"shakyo", "participation", false});
  return child;
}

TEST_P(TaskConformance, TasksAreClosedByKind) {
  NewCase n = MakeNewCase(def_);
  n.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"評価1", ""}, std::nullopt},
                             {"assess", "fukushi", "secretariat", {"評価2", ""}, std::nullopt},
                             {"contact", "chiiki_kyosei", "secretariat", {"連絡", ""}, 1693616400}};
  const CaseRecord c = Create(n);
  ASSERT_EQ(TasksOf(c.id, true).size(), 3u);

  CommitRequest r = MakeCommit(c, "assessment", "accept");
  r.changes.task_kinds_closed = {"assess"};
  r.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"再評価", ""}, std::nullopt}};
  KASANE_ASSERT_OK(store_->Commit(r));

  const std::vector<TaskRecord> open = TasksOf(c.id, true);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].kind, "contact");
  EXPECT_EQ(open[1].kind, "assess");
  EXPECT_EQ(open[1].title.ja, "再評価");
  EXPECT_EQ(open[1].created_at, r.now);

  const std::vector<TaskRecord> all = TasksOf(c.id, false);
  ASSERT_EQ(all.size(), 4u);
  for (size_t i : {size_t{0}, size_t{1}}) {
    EXPECT_EQ(all[i].kind, "assess");
    EXPECT_FALSE(all[i].open);
    EXPECT_EQ(all[i].closed_at, std::optional<Timestamp>(r.now));
  }
  EXPECT_TRUE(all[2].open);
  EXPECT_FALSE(all[2].closed_at.has_value());
  EXPECT_EQ(all[2].due_at, std::optional<Timestamp>(1693616400));
}

TEST_P(TaskConformance, ListTasksIsAnAgencysOpenInboxWithinItsTenant) {
  NewCase a = MakeNewCase(def_);
  a.changes.tasks_created = {{"screening", "takikan", "coordinator", {"スクリーニング", "Screening"}, 100},
                             {"visit", "madoguchi", "window", {"訪問", "Visit"}, std::nullopt}};
  const CaseRecord ca = Create(a);
  NewCase b = MakeNewCase(def_);
  b.changes.tasks_created = {{"assessment", "takikan", "coordinator", {"アセスメント", "Assessment"}, 200}};
  const CaseRecord cb = Create(b);
  NewCase foreign = MakeNewCase(def_);
  foreign.tenant = "maibara-city";
  foreign.changes.tasks_created = {{"screening", "takikan", "coordinator", {"他市", "Other"}, 1}};
  Create(foreign);
  CommitRequest close = MakeCommit(ca, "s1", "work");
  close.changes.task_kinds_closed = {"screening"};
  KASANE_ASSERT_OK(store_->Commit(close));

  TaskFilter f;
  f.tenant = "toyonaka-city";
  f.agency = "takikan";
  Result<std::vector<TaskRecord>> inbox = store_->ListTasks(f);
  KASANE_ASSERT_OK(inbox);
  ASSERT_EQ(inbox->size(), 1u);  // screening was closed; the other tenant's is not listed
  EXPECT_EQ((*inbox)[0].case_id, cb.id);
  EXPECT_EQ((*inbox)[0].kind, "assessment");
  f.role = "window";
  inbox = store_->ListTasks(f);
  KASANE_ASSERT_OK(inbox);
  EXPECT_TRUE(inbox->empty());
  f.agency = "madoguchi";
  inbox = store_->ListTasks(f);
  KASANE_ASSERT_OK(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ((*inbox)[0].kind, "visit");
  f.agency.clear();
  EXPECT_EQ(store_->ListTasks(f).status().code(), Status::Code::kInvalidArgument);
}

TEST_P(TaskConformance, CommitCreatesLinkedChildrenAtomically) {
  auto parent = store_->CreateCase(MakeNewCase(def_));
  ASSERT_TRUE(parent.ok());
  CommitRequest req = MakeCommit(*parent, "support", "start_participation");
  req.spawned.push_back(Child(def_));
  auto committed = store_->Commit(req);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  ASSERT_EQ(committed->spawned.size(), 1u);
  EXPECT_EQ(committed->spawned[0].parent_id, parent->id);

  auto children = store_->Children(parent->id);
  ASSERT_TRUE(children.ok());
  ASSERT_EQ(children->size(), 1u);
  EXPECT_EQ((*children)[0].workflow, "participation");
  EXPECT_EQ((*children)[0].state, "needs_assessment");
  EXPECT_EQ((*children)[0].parent_id, parent->id);
  ASSERT_EQ((*children)[0].members.size(), 1u);
  auto again = store_->GetCase((*children)[0].id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->parent_id, parent->id);
  auto parent_now = store_->GetCase(parent->id);
  ASSERT_TRUE(parent_now.ok());
  EXPECT_EQ(parent_now->parent_id, 0);
}

TEST_P(TaskConformance, AFailedCommitCreatesNoChild) {
  auto parent = store_->CreateCase(MakeNewCase(def_));
  ASSERT_TRUE(parent.ok());
  CommitRequest req = MakeCommit(*parent, "support", "start_participation");
  req.expected_version = 9;  // stale
  req.spawned.push_back(Child(def_));
  EXPECT_EQ(store_->Commit(req).status().code(), Status::Code::kConflict);
  auto children = store_->Children(parent->id);
  ASSERT_TRUE(children.ok());
  EXPECT_TRUE(children->empty());
  Result<int64_t> count = store_->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
}

}  // namespace
}  // namespace kasane
