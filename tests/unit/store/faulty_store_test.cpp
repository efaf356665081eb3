// FaultyStore over the SQLite store: it forwards every call, fails chosen
// operations for a number of calls or until cleared, and a write failed
// before, inside or after the wrapped store's transaction leaves either no
// trace at all or, after, the complete write.
#include "store/faulty_store.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "sqlite_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::ScratchDir;

const char kTenant[] = "toyonaka-city";

AuditEntry Entry(const std::string& action, const std::string& detail = "") {
  AuditEntry e;
  e.tenant = kTenant;
  e.at = 1693530000;
  e.actor = "sato";
  e.role = "secretariat";
  e.action = action;
  e.detail = detail;
  return e;
}

// Everything a write could have touched, read through the wrapped store.
struct Snapshot {
  CaseRecord c;
  size_t history = 0;
  std::vector<int64_t> timers;
  size_t tasks = 0;
  size_t children = 0;
  int64_t cases = 0;
  std::vector<std::string> audit_hashes;
  std::vector<DefinitionVersionId> live;

  bool operator==(const Snapshot& o) const {
    return c.version == o.c.version && c.state == o.c.state && c.data == o.c.data &&
           c.members.size() == o.c.members.size() && history == o.history && timers == o.timers &&
           tasks == o.tasks && children == o.children && cases == o.cases && audit_hashes == o.audit_hashes &&
           live == o.live;
  }
};

void PrintTo(const Snapshot& s, std::ostream* os) {
  *os << "{version " << s.c.version << ", state " << s.c.state << ", data " << s.c.data.ToJson() << ", "
      << s.c.members.size() << " members, " << s.history << " events, " << s.timers.size() << " timers, " << s.tasks
      << " tasks, " << s.children << " children, " << s.cases << " cases, " << s.audit_hashes.size()
      << " audit entries, " << s.live.size() << " live versions}";

}

class FaultyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> base = OpenSqliteStore(dir_.File("kasane.db"));
    ASSERT_TRUE(base.ok()) << base.status().ToString();
    base_ = std::move(base).value();
    faulty_ = std::make_unique<FaultyStore>(base_.get());
    Result<DefinitionVersionId> def = base_->SaveDefinitionVersion(MakeDefinition("hash-1"));
    ASSERT_TRUE(def.ok());
    def_ = *def;
    Result<DefinitionVersionId> def2 = base_->SaveDefinitionVersion(MakeDefinition("hash-2"));
    ASSERT_TRUE(def2.ok());
    def2_ = *def2;
    LiveVersion v{kTenant, "toyonaka", def_, "", 1693530000, "admin"};
    KASANE_ASSERT_OK(base_->SetLiveVersions({v}, Entry("workflow.deploy", "toyonaka")));

    NewCase n = MakeNewCase(def_);
    n.changes.timers_scheduled = {{"remind", "remind", 100, "referred"}};
    n.changes.memberships = {{"chiiki_kyosei", "referrer", false}};
    n.audit = Entry("case.create");
    Result<CaseRecord> c = base_->CreateCase(n);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    case_ = *c;
  }

  Snapshot Take() {
    Snapshot s;
    Result<CaseRecord> c = base_->GetCase(case_.id);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (c.ok()) s.c = *c;
    s.history = base_->History(case_.id)->size();
    // Each Result is kept: a range-for over *Temporary() would read freed rows.
    const Result<std::vector<TimerRecord>> timers = base_->PendingTimers(case_.id);
    for (const TimerRecord& t : *timers) s.timers.push_back(t.id);
    s.tasks = base_->Tasks(case_.id, false)->size();
    s.children = base_->Children(case_.id)->size();
    s.cases = *base_->CountCases();
    AuditFilter f;
    f.tenant = kTenant;
    const Result<std::vector<AuditEntry>> audit = base_->ListAudit(f);
    for (const AuditEntry& e : *audit) s.audit_hashes.push_back(e.hash);
    const Result<std::vector<LiveVersion>> live = base_->ListLiveVersions(kTenant);
    for (const LiveVersion& v : *live) s.live.push_back(v.version);
    return s;
  }

  void ExpectAuditSound() {
    Result<AuditVerification> v = base_->VerifyAudit("");
    KASANE_ASSERT_OK(v);
    EXPECT_TRUE(v->ok) << v->problem;
  }

  // A commit that touches every kind of row: data, members, tasks, the timer
  // it consumes, a new timer, a spawned child and an audit entry.
  CommitRequest BigCommit() {
    CommitRequest r = MakeCommit(case_, "assessment", "remind");
    r.data["reminded"] = Value(true);
    r.consumed_timer = base_->PendingTimers(case_.id)->at(0).id;
    r.changes.cancel_state_timers = true;
    r.changes.memberships = {{"fukushi", "assigned", false}};
    r.changes.tasks_created = {{"call", "fukushi", "secretariat", {"連絡", "Call"}, std::nullopt}};
    r.changes.timers_scheduled = {{"deadline", "expire", 900, "assessment"}};
    r.event.idempotency_key = "remind-1";
    NewCase child = MakeNewCase(def_, "intake");
    child.workflow = "participation";
    r.spawned.push_back(child);
    r.audit = Entry("case.fire", "remind");
    return r;
  }

  ScratchDir dir_;
  std::unique_ptr<Store> base_;
  std::unique_ptr<FaultyStore> faulty_;
  DefinitionVersionId def_ = 0;
  DefinitionVersionId def2_ = 0;
  CaseRecord case_;
};

TEST_F(FaultyStoreTest, WithNoFaultArmedEveryCallIsForwarded) {
  Result<CommitResult> done = faulty_->Commit(BigCommit());
  KASANE_ASSERT_OK(done);
  EXPECT_EQ(done->case_after.version, 2);
  Result<CaseRecord> got = faulty_->GetCase(case_.id);
  KASANE_ASSERT_OK(got);
  EXPECT_EQ(got->state, "assessment");
  EXPECT_EQ(faulty_->History(case_.id)->size(), 2u);
  EXPECT_EQ(faulty_->Children(case_.id)->size(), 1u);
  EXPECT_EQ(*faulty_->CountCases(), 2);
  EXPECT_EQ(faulty_->ListLiveVersions("")->size(), 1u);
  EXPECT_TRUE(faulty_->VerifyAudit("")->ok);
  KASANE_ASSERT_OK(faulty_->CheckIntegrity());
  EXPECT_EQ(faulty_->Calls(StoreOp::kCommit), 1);
  EXPECT_EQ(faulty_->Calls(StoreOp::kGetCase), 1);
  EXPECT_EQ(faulty_->Injected(StoreOp::kCommit), 0);
}

TEST_F(FaultyStoreTest, AFaultStrikesTheNextNCallsThenRunsOut) {
  KASANE_ASSERT_OK(faulty_->FailNext(StoreOp::kGetCase, Status::IOError("disk gone"), 2));
  EXPECT_EQ(faulty_->GetCase(case_.id).status().code(), Status::Code::kIOError);
  EXPECT_EQ(faulty_->History(case_.id)->size(), 1u);  // other operations are untouched
  EXPECT_EQ(faulty_->GetCase(case_.id).status().message(), "disk gone");
  EXPECT_TRUE(faulty_->GetCase(case_.id).ok());
  EXPECT_EQ(faulty_->Calls(StoreOp::kGetCase), 3);
  EXPECT_EQ(faulty_->Injected(StoreOp::kGetCase), 2);
}

TEST_F(FaultyStoreTest, AFaultArmedForeverStrikesUntilCleared) {
  KASANE_ASSERT_OK(faulty_->FailAlways(StoreOp::kDueTimers, Status::IOError("busy")));
  KASANE_ASSERT_OK(faulty_->FailAlways(StoreOp::kDeleteTimer, Status::IOError("busy")));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(faulty_->DueTimers(1000, 10).ok());
  faulty_->Clear(StoreOp::kDueTimers);
  Result<std::vector<TimerRecord>> due = faulty_->DueTimers(1000, 10);
  KASANE_ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(faulty_->DeleteTimer((*due)[0].id).code(), Status::Code::kIOError);
  EXPECT_EQ(base_->PendingTimers(case_.id)->size(), 1u);
  faulty_->ClearAll();
  KASANE_ASSERT_OK(faulty_->DeleteTimer((*due)[0].id));
  EXPECT_EQ(faulty_->Injected(StoreOp::kDueTimers), 5);
}

TEST_F(FaultyStoreTest, BadFaultsAreRefused) {
  EXPECT_EQ(faulty_->FailNext(StoreOp::kCommit, Status::OK()).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(faulty_->FailNext(StoreOp::kCommit, Status::IOError("x"), 0).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(faulty_->FailNext(StoreOp::kCommit, Status::IOError("x"), -2).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(faulty_->FailNext(StoreOp::kGetCase, Status::IOError("x"), 1, FaultPoint::kInside).code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(faulty_->GetCase(case_.id).ok());
  EXPECT_TRUE(faulty_->Commit(MakeCommit(case_, "assessment", "accept")).ok());
}

TEST_F(FaultyStoreTest, ACommitFailedBeforeOrInsideTheTransactionLeavesNoTrace) {
  for (FaultPoint point : {FaultPoint::kBefore, FaultPoint::kInside}) {
    SCOPED_TRACE(point == FaultPoint::kBefore ? "before" : "inside");
    const Snapshot before = Take();
    KASANE_ASSERT_OK(faulty_->FailNext(StoreOp::kCommit, Status::IOError("injected"), 1, point));
    Result<CommitResult> r = faulty_->Commit(BigCommit());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "injected");
    EXPECT_EQ(Take(), before);
    Result<std::optional<EventRecord>> key = base_->FindEventByIdempotencyKey(case_.id, "remind-1");
    KASANE_ASSERT_OK(key);
    EXPECT_FALSE(key->has_value());
    ExpectAuditSound();
  }
  // The same commit then goes through in full: the failures left nothing behind.
  Result<CommitResult> r = faulty_->Commit(BigCommit());
  KASANE_ASSERT_OK(r);
  const Snapshot after = Take();
  EXPECT_EQ(after.c.version, 2);
  EXPECT_EQ(after.children, 1u);
  EXPECT_EQ(after.audit_hashes.size(), 3u);  // deploy, create, fire: the chain has no gap
  ExpectAuditSound();
}

TEST_F(FaultyStoreTest, ACaseCreationFailedInsideTheTransactionLeavesNoTrace) {
  const Snapshot before = Take();
  KASANE_ASSERT_OK(faulty_->FailNext(StoreOp::kCreateCase, Status::IOError("injected"), 1, FaultPoint::kInside));
  NewCase n = MakeNewCase(def_);
  n.changes.timers_scheduled = {{"remind", "remind", 50, "referred"}};
  n.changes.tasks_created = {{"call", "fukushi", "secretariat", {"連絡", "Call"}, std::nullopt}};
  EXPECT_EQ(faulty_->CreateCase(n).status().message(), "injected");  // no audit of its own: a stand-in fails
  EXPECT_EQ(Take(), before);
  Result<std::vector<TimerRecord>> due = base_->DueTimers(1000, 10);
  KASANE_ASSERT_OK(due);
  EXPECT_EQ(due->size(), 1u);  // only the first case's timer
  Result<AuditVerification> v = base_->VerifyAudit("");
  KASANE_ASSERT_OK(v);
  EXPECT_EQ(v->tenants, std::vector<std::string>{kTenant});  // the stand-in's tenant got no chain
  ExpectAuditSound();
}

TEST_F(FaultyStoreTest, ALiveVersionChangeFailedInsideTheTransactionLeavesNoTrace) {
  const Snapshot before = Take();
  KASANE_ASSERT_OK(
      faulty_->FailNext(StoreOp::kSetLiveVersions, Status::IOError("injected"), 1, FaultPoint::kInside));
  LiveVersion v{kTenant, "toyonaka", def2_, "disk", 1693530100, "admin"};
  EXPECT_EQ(faulty_->SetLiveVersions({v}, Entry("workflow.deploy", "toyonaka")).message(), "injected");
  EXPECT_EQ(Take(), before);
  ExpectAuditSound();
  KASANE_ASSERT_OK(faulty_->SetLiveVersions({v}, Entry("workflow.deploy", "toyonaka")));
  EXPECT_EQ(Take().live, std::vector<DefinitionVersionId>{def2_});
}

TEST_F(FaultyStoreTest, AnAuditAppendFailedInsideLeavesTheChainAsItWas) {
  const Snapshot before = Take();
  KASANE_ASSERT_OK(faulty_->FailNext(StoreOp::kAppendAudit, Status::IOError("injected"), 1, FaultPoint::kInside));
  EXPECT_EQ(faulty_->AppendAudit(Entry("case.read")).status().message(), "injected");
  EXPECT_EQ(Take(), before);
  Result<AuditEntry> next = faulty_->AppendAudit(Entry("case.read"));
  KASANE_ASSERT_OK(next);
  EXPECT_EQ(next->seq, 3);
  ExpectAuditSound();
}

TEST_F(FaultyStoreTest, AnInvalidAuditTenantRollsTheWholeCommitBack) {
  // Without FaultyStore: the audit append, the last step of the transaction, fails.
  const Snapshot before = Take();
  CommitRequest r = BigCommit();
  r.audit->tenant.clear();
  EXPECT_EQ(base_->Commit(r).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Take(), before);
  ExpectAuditSound();
}

TEST_F(FaultyStoreTest, ACommitFailedAfterIsWrittenButReportedAsFailed) {
  KASANE_ASSERT_OK(faulty_->FailNext(StoreOp::kCommit, Status::IOError("ack lost"), 1, FaultPoint::kAfter));
  EXPECT_EQ(faulty_->Commit(BigCommit()).status().message(), "ack lost");
  const Snapshot after = Take();
  EXPECT_EQ(after.c.version, 2);
  EXPECT_EQ(after.children, 1u);
  // A retry finds the write through its idempotency key, and cannot apply it twice.
  Result<std::optional<EventRecord>> key = faulty_->FindEventByIdempotencyKey(case_.id, "remind-1");
  KASANE_ASSERT_OK(key);
  EXPECT_TRUE(key->has_value());
  EXPECT_FALSE(faulty_->Commit(BigCommit()).ok());
  EXPECT_EQ(Take(), after);
  ExpectAuditSound();
}

}  // namespace
}  // namespace kasane
