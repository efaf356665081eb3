// The timer scheduler: catch-up at start, a run every interval, an audit entry
// with each fired timer, back-off after a failure, a prompt stop.
#include <chrono>
#include <thread>

#include "runtime/timer_scheduler.h"
#include "runtime_fixture.h"
#include "store/faulty_store.h"

namespace kasane::testing {
namespace {

using namespace std::chrono_literals;

class TimerSchedulerTest : public RuntimeTest {
 protected:
  // A case in `referred`, whose reminder falls due 2024-05-15 09:00 JST.
  CaseId ReferredCase() {
    CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
    EXPECT_TRUE(Fire(id, "refer", Window()).ok());
    return id;
  }
  void MoveClockPastTheReminder() {
    Timestamp due = 0;
    ASSERT_TRUE(ParseTimestamp("2024-05-15T09:30", &due));
    clock_->Set(due);
  }
  // Waits (at most 10 s) until the scheduler has fired `n` timers.
  static bool WaitForFired(const TimerScheduler& scheduler, int64_t n) {
    for (int i = 0; i < 1000 && scheduler.metrics().fired < n; ++i) std::this_thread::sleep_for(10ms);
    return scheduler.metrics().fired >= n;
  }
  std::vector<AuditEntry> TimerAudit() {
    AuditFilter filter;
    filter.tenant = "t1";
    filter.action = "case.timer";
    auto entries = store_->ListAudit(filter);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
};

TEST_F(TimerSchedulerTest, StartingCatchesUpOnEveryOverdueTimerAndAuditsEach) {
  const CaseId first = ReferredCase();
  const CaseId second = ReferredCase();
  MoveClockPastTheReminder();  // as if the server had been down when they fell due
  TimerScheduler scheduler(engine_.get(), {std::chrono::hours(1), 500});
  scheduler.Start();
  ASSERT_TRUE(WaitForFired(scheduler, 2)) << scheduler.metrics().fired;
  scheduler.Stop();
  for (CaseId id : {first, second}) {
    auto history = store_->History(id);
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->back().event, "remind");
    EXPECT_TRUE(store_->PendingTimers(id)->empty());
  }
  const std::vector<AuditEntry> audit = TimerAudit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].case_id, first);
  EXPECT_EQ(audit[1].case_id, second);
  EXPECT_EQ(audit[0].actor, "timer");
  EXPECT_EQ(audit[0].detail, "remind");
  auto verified = store_->VerifyAudit("t1");
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->problem;
  EXPECT_EQ(scheduler.metrics().lag_seconds, 30 * 60);  // they fired half an hour late
}

TEST_F(TimerSchedulerTest, ATimerThatFallsDueWhileRunningFiresAtTheNextInterval) {
  const CaseId id = ReferredCase();
  TimerScheduler scheduler(engine_.get(), {20ms, 500});
  scheduler.Start();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(scheduler.metrics().fired, 0);  // not yet due
  EXPECT_GE(scheduler.metrics().runs, 2);
  MoveClockPastTheReminder();
  ASSERT_TRUE(WaitForFired(scheduler, 1));
  scheduler.Stop();
  EXPECT_EQ(store_->History(id)->back().event, "remind");
  EXPECT_EQ(scheduler.metrics().fired, 1);  // exactly once, though the scheduler ran on
}

TEST_F(TimerSchedulerTest, AFailedTimerIsPostponedWithBackOffAndFiresLater) {
  FaultyStore faulty(store_.get());
  Engine engine(&faulty, registry_.get(), clock_.get(), &calendar_);
  const CaseId id = ReferredCase();
  MoveClockPastTheReminder();
  ASSERT_TRUE(faulty.FailNext(StoreOp::kCommit, Status::IOError("disk full")).ok());
  TimerScheduler scheduler(&engine, {std::chrono::hours(1), 500});
  auto ran = scheduler.RunOnce();
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  EXPECT_EQ(ran->failed, 1);
  EXPECT_EQ(ran->first_failure.code(), Status::Code::kIOError);
  auto timers = store_->PendingTimers(id);
  ASSERT_EQ(timers->size(), 1u);  // kept, not dropped
  EXPECT_EQ((*timers)[0].attempts, 1);
  EXPECT_EQ((*timers)[0].not_before, clock_->Now() + 60);
  EXPECT_EQ(scheduler.RunOnce()->due, 0);  // waits out its back-off
  clock_->Advance(61);
  ran = scheduler.RunOnce();
  EXPECT_EQ(ran->fired, 1);
  EXPECT_EQ(scheduler.metrics().failed, 1);
  EXPECT_EQ(scheduler.metrics().fired, 1);
  EXPECT_EQ(store_->History(id)->back().event, "remind");
}

TEST_F(TimerSchedulerTest, ABackOffDoublesUpToAnHour) {
  EXPECT_EQ(TimerBackoffSeconds(1), 60);
  EXPECT_EQ(TimerBackoffSeconds(2), 120);
  EXPECT_EQ(TimerBackoffSeconds(3), 240);
  EXPECT_EQ(TimerBackoffSeconds(7), 3600);
  EXPECT_EQ(TimerBackoffSeconds(100), 3600);
}

TEST_F(TimerSchedulerTest, ATimerWhoseStateWasLeftNeverFires) {
  const CaseId id = ReferredCase();
  auto due = store_->PendingTimers(id);
  ASSERT_EQ(due->size(), 1u);
  ASSERT_TRUE(Fire(id, "convene", Csw(), Data({{"consent", Value(true)}})).ok());  // leaves `referred`
  MoveClockPastTheReminder();
  FireRequest late;  // what a runner that read the timer before the move would do
  late.case_id = id;
  late.event = "remind";
  late.actor = Actor::Timer();
  late.consumed_timer = (*due)[0].id;
  auto fired = engine_->Fire(late);
  ASSERT_FALSE(fired.ok());
  EXPECT_NE(store_->History(id)->back().event, "remind");
  EXPECT_TRUE(TimerAudit().empty());
}

TEST_F(TimerSchedulerTest, StopWakesTheSchedulerFromItsWait) {
  TimerScheduler scheduler(engine_.get(), {std::chrono::hours(1), 500});
  scheduler.Start();
  for (int i = 0; i < 500 && scheduler.metrics().runs == 0; ++i) std::this_thread::sleep_for(10ms);
  const auto before = std::chrono::steady_clock::now();
  scheduler.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);  // not the hour it was waiting
  EXPECT_EQ(scheduler.metrics().runs, 1);
}

}  // namespace
}  // namespace kasane::testing
