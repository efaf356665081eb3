// The case service: reads fail closed when their audit entry cannot be
// written, refusals are audited in the caller's tenant, and a write and its
// audit entry commit together or not at all.
#include "runtime/case_service.h"

#include "runtime_fixture.h"
#include "store/faulty_store.h"

namespace kasane::testing {
namespace {

class CaseServiceTest : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    faulty_ = std::make_unique<FaultyStore>(store_.get());
    faulty_engine_ = std::make_unique<Engine>(faulty_.get(), registry_.get(), clock_.get(), &calendar_);
    service_ = std::make_unique<CaseService>(faulty_.get(), registry_.get(), faulty_engine_.get(), clock_.get());
  }

  std::vector<AuditEntry> Audit(const std::string& tenant, const std::string& action) {
    AuditFilter filter;
    filter.tenant = tenant;
    filter.action = action;
    auto entries = store_->ListAudit(filter);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

  std::unique_ptr<FaultyStore> faulty_;
  std::unique_ptr<Engine> faulty_engine_;
  std::unique_ptr<CaseService> service_;
};

TEST_F(CaseServiceTest, AReadIsAuditedAndShowsOnlyWhatTheViewerMaySee) {
  const CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  auto view = service_->Read(Window(), id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->visibility(), Visibility::kFull);
  EXPECT_EQ(view->data().find("main_complaint")->as_string(), "x");
  const auto reads = Audit("t1", "case.read");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].case_id, id);
  EXPECT_EQ(reads[0].actor, "u-window");
  EXPECT_EQ(reads[0].detail.find('x'), std::string::npos);  // never case data
}

TEST_F(CaseServiceTest, ReadsFailClosedWhenTheirAuditEntryCannotBeWritten) {
  const CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  ASSERT_TRUE(faulty_->FailAlways(StoreOp::kAppendAudit, Status::IOError("disk full")).ok());
  auto view = service_->Read(Window(), id);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.status().code(), Status::Code::kIOError);
  auto page = service_->List(Window(), CaseQuery{});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), Status::Code::kIOError);
  auto inbox = service_->Inbox(Csw(), "", 0, 10);
  EXPECT_FALSE(inbox.ok());
  EXPECT_TRUE(Audit("t1", "case.read").empty());
}

TEST_F(CaseServiceTest, AnotherTenantsOrANonMembersReadIsNoSuchCaseAuditedWhereTheCallerIs) {
  const CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  const Actor other_town{"u-t2", "window", "madoguchi", "t2"};
  auto foreign = service_->Read(other_town, id, "case.read", "", "GET /api/v1/cases/1");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(foreign.status().message(), "no such case");
  auto unknown = service_->Read(Window(), id + 1000);
  EXPECT_EQ(unknown.status().message(), "no such case");
  auto non_member = service_->Read(Csw(), id);  // shakyo is not a member before the referral
  EXPECT_EQ(non_member.status().message(), "no such case");
  EXPECT_EQ(Audit("t2", "case.denied").size(), 1u);
  EXPECT_EQ(Audit("t2", "case.denied")[0].detail, "GET /api/v1/cases/1");
  EXPECT_EQ(Audit("t1", "case.denied").size(), 2u);  // the unknown case and the non-member
  EXPECT_TRUE(Audit("t1", "case.read").empty());
}

TEST_F(CaseServiceTest, AFireAndItsAuditEntryCommitTogetherOrNotAtAll) {
  const CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(4)}}));
  auto view = service_->Read(Window(), id, "");
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(faulty_->FailNext(StoreOp::kCommit, Status::IOError("disk full"), 1, FaultPoint::kInside).ok());
  FireRequest refer;
  refer.event = "refer";
  auto failed = service_->Fire(Window(), *view, refer);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(Get(id).version, 1);
  EXPECT_TRUE(Audit("t1", "case.fire").empty());
  EXPECT_EQ(Audit("t1", "case.fire.refused").size(), 1u);

  auto fired = service_->Fire(Window(), *view, refer);
  ASSERT_TRUE(fired.ok()) << fired.status().ToString();
  ASSERT_TRUE(fired->after.has_value());
  EXPECT_EQ(fired->after->record().state, "referred");
  const auto fires = Audit("t1", "case.fire");
  ASSERT_EQ(fires.size(), 1u);
  EXPECT_EQ(fires[0].case_id, id);
  EXPECT_EQ(fires[0].detail, "refer");
}

TEST_F(CaseServiceTest, ATaskIsInTheInboxOfItsAgencyOnly) {
  const CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(4)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  clock_->Advance(30 * 86400);
  ASSERT_EQ(RunDueTimers(engine_.get())->fired, 1);  // the reminder: a screening task for shakyo
  auto shakyo = service_->Inbox(Csw(), "", 0, 10);
  ASSERT_TRUE(shakyo.ok());
  ASSERT_EQ(shakyo->size(), 1u);
  EXPECT_EQ((*shakyo)[0].kind, "screening");
  EXPECT_TRUE(service_->Inbox(Window(), "", 0, 10)->empty());
  EXPECT_TRUE(service_->Inbox(Actor{"u", "takikan", "shakyo", "t2"}, "", 0, 10)->empty());
  EXPECT_EQ(Audit("t1", "task.list").size(), 2u);
}

}  // namespace
}  // namespace kasane::testing
