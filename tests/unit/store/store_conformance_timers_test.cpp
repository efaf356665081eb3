// Store conformance: timers scheduled, replaced, cancelled and consumed with
// a commit, due timers in order, and postponement after a failed attempt.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_conformance.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeNewCase;

KASANE_STORE_CONFORMANCE_SUITE(TimerConformance);

TEST_P(TimerConformance, TimersAreScheduledReplacedCancelledAndConsumed) {
  NewCase n = MakeNewCase(def_, "assessment");
  n.changes.timers_scheduled = {{"remind", "remind", 100, "assessment"},
                                {"deadline", "expire", 200, ""},
                                {"escalate", "escalate", 300, "assessment"}};
  const CaseRecord c = Create(n);
  std::vector<TimerRecord> timers = TimersOf(c.id);
  ASSERT_EQ(TimerIds(timers), (std::vector<std::string>{"remind", "deadline", "escalate"}));
  const int64_t old_remind_row = timers[0].id;

  // Cancel one by id; schedule "remind" again, which replaces the pending one.
  CommitRequest r1 = MakeCommit(c, "assessment", "update");
  r1.changes.timers_cancelled = {"escalate"};
  r1.changes.timers_scheduled = {{"remind", "remind_again", 250, "assessment"}};
  Result<CommitResult> c1 = store_->Commit(r1);
  KASANE_ASSERT_OK(c1);
  timers = TimersOf(c.id);
  ASSERT_EQ(TimerIds(timers), (std::vector<std::string>{"deadline", "remind"}));
  EXPECT_EQ(timers[1].event, "remind_again");
  EXPECT_EQ(timers[1].due_at, 250);
  EXPECT_NE(timers[1].id, old_remind_row) << "a replaced timer must get a new row id";
  const int64_t deadline_row = timers[0].id;

  // The old row id of the replaced timer is no longer pending: the commit is refused.
  CommitRequest stale = MakeCommit(c1->case_after, "assessment", "remind");
  stale.consumed_timer = old_remind_row;
  EXPECT_EQ(store_->Commit(stale).status().code(), Status::Code::kConflict);
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"deadline", "remind"}));
  CommitRequest r2 = MakeCommit(c1->case_after, "assessment", "remind");
  Result<CommitResult> c2 = store_->Commit(r2);
  KASANE_ASSERT_OK(c2);

  // Consuming a timer deletes exactly that row.
  CommitRequest r3 = MakeCommit(c2->case_after, "assessment", "expire");
  r3.consumed_timer = deadline_row;
  Result<CommitResult> c3 = store_->Commit(r3);
  KASANE_ASSERT_OK(c3);
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"remind"}));

  // Leaving the state cancels its timers; a timer the same commit schedules for
  // the state (a self-transition re-arms it) survives, as does a stateless one.
  CommitRequest r4 = MakeCommit(c3->case_after, "assessment", "restart");
  r4.changes.cancel_state_timers = true;
  r4.changes.timers_scheduled = {{"rearmed", "remind", 400, "assessment"}, {"global", "expire", 500, ""}};
  Result<CommitResult> c4 = store_->Commit(r4);
  KASANE_ASSERT_OK(c4);
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"rearmed", "global"}));

  CommitRequest r5 = MakeCommit(c4->case_after, "planning", "plan");
  r5.changes.cancel_state_timers = true;
  KASANE_ASSERT_OK(store_->Commit(r5));
  EXPECT_EQ(TimerIds(TimersOf(c.id)), (std::vector<std::string>{"global"}));
}

TEST_P(TimerConformance, ConsumedTimerOfAnotherCaseIsAConflictAndLeftAlone) {
  NewCase a = MakeNewCase(def_);
  a.changes.timers_scheduled = {{"remind", "remind", 100, "referred"}};
  const CaseRecord ca = Create(a);
  const CaseRecord cb = Create(MakeNewCase(def_));
  const std::vector<TimerRecord> timers = TimersOf(ca.id);
  ASSERT_EQ(timers.size(), 1u);

  CommitRequest r = MakeCommit(cb, "assessment", "accept");
  r.consumed_timer = timers[0].id;
  EXPECT_EQ(store_->Commit(r).status().code(), Status::Code::kConflict);
  EXPECT_EQ(TimersOf(ca.id).size(), 1u);
  EXPECT_EQ(Get(cb.id).version, 1);
}

TEST_P(TimerConformance, ConsumingATimerThatIsGoneIsAConflictAndWritesNothing) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"remind", "remind", 100, "referred"}};
  const CaseRecord c = Create(n);
  const std::vector<TimerRecord> timers = TimersOf(c.id);
  ASSERT_EQ(timers.size(), 1u);
  // Another writer fired or cancelled it in the meantime.
  KASANE_ASSERT_OK(store_->DeleteTimer(timers[0].id));

  CommitRequest r = MakeCommit(c, "assessment", "remind");
  r.consumed_timer = timers[0].id;
  r.data["reminded"] = Value(true);
  r.changes.tasks_created = {{"call", "chiiki_kyosei", "secretariat", {"連絡", "Call"}, std::nullopt}};
  r.changes.timers_scheduled = {{"again", "remind", 900, "assessment"}};
  r.changes.memberships = {{"fukushi", "assigned", false}};
  r.audit = AuditEntry{};
  r.audit->tenant = "toyonaka-city";
  r.audit->action = "case.fire";
  Result<CommitResult> done = store_->Commit(r);
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.status().code(), Status::Code::kConflict) << done.status().ToString();
  EXPECT_NE(done.status().message().find("timer " + std::to_string(timers[0].id) + " is no longer pending"),
            std::string::npos)
      << done.status().message();

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(got.state, "referred");
  EXPECT_EQ(got.data, c.data);
  EXPECT_TRUE(got.members.empty());
  EXPECT_EQ(HistoryOf(c.id).size(), 1u);
  EXPECT_TRUE(TasksOf(c.id, false).empty());
  EXPECT_TRUE(TimersOf(c.id).empty());
  AuditFilter f;
  f.tenant = "toyonaka-city";
  Result<std::vector<AuditEntry>> audit = store_->ListAudit(f);
  KASANE_ASSERT_OK(audit);
  EXPECT_TRUE(audit->empty());
}

TEST_P(TimerConformance, ATimerOfTheStateLeftCanBeConsumedByTheTransitionItCauses) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"deadline", "expire", 100, "referred"}, {"remind", "remind", 200, "referred"}};
  const CaseRecord c = Create(n);
  const std::vector<TimerRecord> timers = TimersOf(c.id);
  ASSERT_EQ(TimerIds(timers), (std::vector<std::string>{"deadline", "remind"}));

  CommitRequest r = MakeCommit(c, "expired", "expire");
  r.consumed_timer = timers[0].id;
  r.changes.cancel_state_timers = true;  // also covers the consumed timer's row
  r.changes.timers_cancelled = {"deadline"};
  KASANE_ASSERT_OK(store_->Commit(r));
  EXPECT_TRUE(TimersOf(c.id).empty());
  EXPECT_EQ(Get(c.id).state, "expired");
}

TEST_P(TimerConformance, DueTimersAreOldestFirstAcrossCasesAndCanBeDeleted) {
  NewCase a = MakeNewCase(def_);
  a.changes.timers_scheduled = {{"a1", "remind", 300, "referred"}, {"a2", "remind", 100, "referred"}};
  NewCase b = MakeNewCase(def_);
  b.changes.timers_scheduled = {{"b1", "remind", 200, "referred"}, {"b2", "remind", 900, "referred"}};
  Create(a);
  Create(b);

  Result<std::vector<TimerRecord>> due = store_->DueTimers(300, 10);
  KASANE_ASSERT_OK(due);
  EXPECT_EQ(TimerIds(*due), (std::vector<std::string>{"a2", "b1", "a1"}));

  Result<std::vector<TimerRecord>> limited = store_->DueTimers(1000, 2);
  KASANE_ASSERT_OK(limited);
  EXPECT_EQ(TimerIds(*limited), (std::vector<std::string>{"a2", "b1"}));

  KASANE_ASSERT_OK(store_->DeleteTimer((*due)[0].id));
  KASANE_ASSERT_OK(store_->DeleteTimer((*due)[0].id));  // already gone: still fine
  Result<std::vector<TimerRecord>> after = store_->DueTimers(1000, 10);
  KASANE_ASSERT_OK(after);
  EXPECT_EQ(TimerIds(*after), (std::vector<std::string>{"b1", "a1", "b2"}));

  EXPECT_EQ(store_->DueTimers(1000, 0).status().code(), Status::Code::kInvalidArgument);
}

TEST_P(TimerConformance, APostponedTimerCountsTheAttemptAndWaitsUntilNotBefore) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"a", "remind", 100, "referred"}, {"b", "remind", 200, "referred"}};
  ASSERT_TRUE(store_->CreateCase(n).ok());
  auto due = store_->DueTimers(300, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].attempts, 0);
  EXPECT_EQ((*due)[0].not_before, 0);
  const int64_t a = (*due)[0].id;

  KASANE_ASSERT_OK(store_->PostponeTimer(a, 500));
  EXPECT_EQ(DueIds(300), std::vector<std::string>{"b"});
  EXPECT_EQ(DueIds(499), std::vector<std::string>{"b"});
  EXPECT_EQ(DueIds(500), (std::vector<std::string>{"a", "b"}));  // still ordered by due_at

  KASANE_ASSERT_OK(store_->PostponeTimer(a, 700));
  auto timers = store_->PendingTimers((*due)[0].case_id);
  ASSERT_TRUE(timers.ok());
  ASSERT_EQ(timers->size(), 2u);
  EXPECT_EQ((*timers)[0].timer_id, "a");
  EXPECT_EQ((*timers)[0].attempts, 2);
  EXPECT_EQ((*timers)[0].not_before, 700);
  EXPECT_EQ((*timers)[1].attempts, 0);

  KASANE_ASSERT_OK(store_->DeleteTimer(a));
  Status gone = store_->PostponeTimer(a, 900);
  EXPECT_EQ(gone.code(), Status::Code::kNotFound) << gone.ToString();
}

TEST_P(TimerConformance, SchedulingATimerAgainStartsItsAttemptsAfresh) {
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"a", "remind", 100, "referred"}};
  auto c = store_->CreateCase(n);
  ASSERT_TRUE(c.ok());
  auto timers = store_->PendingTimers(c->id);
  ASSERT_TRUE(timers.ok() && timers->size() == 1u);
  KASANE_ASSERT_OK(store_->PostponeTimer((*timers)[0].id, 5000));

  CommitRequest r = testing_util::MakeCommit(*c, "referred", "again");
  r.changes.timers_scheduled = {{"a", "remind", 150, "referred"}};
  ASSERT_TRUE(store_->Commit(r).ok());
  timers = store_->PendingTimers(c->id);
  ASSERT_TRUE(timers.ok() && timers->size() == 1u);
  EXPECT_EQ((*timers)[0].attempts, 0);
  EXPECT_EQ((*timers)[0].not_before, 0);
  EXPECT_EQ(DueIds(150), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace kasane
