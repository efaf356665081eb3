#include "runtime/engine.h"

#include "runtime_fixture.h"

namespace kasane::testing {
namespace {

TEST_F(RuntimeTest, CreatePinsActiveVersionAndRecordsCreationEvent) {
  CaseId id = NewCase(Data({{"main_complaint", Value("親の介護")}}));
  CaseRecord c = Get(id);
  EXPECT_EQ(c.state, "intake");
  EXPECT_EQ(c.version, 1);
  EXPECT_EQ(c.definition_version, version1_);
  ASSERT_EQ(c.members.size(), 1u);
  EXPECT_EQ(c.members[0].agency, "madoguchi");
  auto history = store_->History(id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].event, "create");
  EXPECT_EQ((*history)[0].actor, "u-window");
}

TEST_F(RuntimeTest, AnAgencyGivenATaskBecomesAMember) {
  CaseId id = NewCase(Data({{"main_complaint", Value("8050")}, {"issues", Value(4)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto has_task_member = [&] {
    bool found = false;
    for (const auto& m : Get(id).members) found |= (m.agency == "shakyo" && m.relation == "task");
    return found;
  };
  EXPECT_FALSE(has_task_member());
  clock_->Advance(30 * 86400);  // past the reminder's 10 business days
  auto ran = RunDueTimers(engine_.get());
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  EXPECT_EQ(ran->fired, 1);
  EXPECT_TRUE(has_task_member());
}

TEST_F(RuntimeTest, FireMovesStateRunsActionsAndJournals) {
  CaseId id = NewCase(Data({{"main_complaint", Value("8050")}, {"issues", Value(4)}}));
  auto r = Fire(id, "refer", Window());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->case_after.state, "referred");
  EXPECT_EQ(r->case_after.version, 2);
  EXPECT_EQ(*r->case_after.data.find("referred_by"), Value("madoguchi"));
  EXPECT_EQ(r->event.from_state, "intake");
  EXPECT_EQ(r->event.to_state, "referred");
  EXPECT_EQ(r->event.seq, 2);
  EXPECT_EQ(r->event.definition_version, version1_);
  ASSERT_TRUE(r->event.decisions.is_array());
  EXPECT_EQ(r->event.decisions.as_array().size(), 1u);
  bool assigned = false;
  for (const auto& m : r->case_after.members) assigned |= (m.agency == "shakyo" && m.relation == "assigned");
  EXPECT_TRUE(assigned);
}

TEST_F(RuntimeTest, FirstTransitionWhoseGuardsAllowWins) {
  CaseId simple = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(1)}}));
  auto r = Fire(simple, "refer", Window());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->case_after.state, "handled");  // guard refused the first, the unguarded second matched
}

TEST_F(RuntimeTest, RoleNotAllowedIsDeniedAndNothingIsWritten) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(4)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  // shakyo is now a member and holds `support`, but `note` is for takikan only.
  auto r = Fire(id, "note", Actor{"u-csw", "support", "shakyo", "t1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(r.status().message().find("allowed: takikan"), std::string::npos) << r.status().message();
  EXPECT_EQ(Get(id).version, 2);
  EXPECT_EQ(HistoryLength(id), 2u);
}

TEST_F(RuntimeTest, AgencyMustHoldTheRoleItActsIn) {
  CaseId id = NewCase(Data({{"main_complaint", Value("8050")}, {"issues", Value(4)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  // madoguchi is a member (it took the consultation) but is no takikan.
  auto r = Fire(id, "note", Actor{"u", "takikan", "madoguchi", "t1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(r.status().message().find("does not hold role 'takikan'"), std::string::npos) << r.status().message();
}

TEST_F(RuntimeTest, AnAgencyThatIsNotAMemberIsToldThereIsNoSuchCase) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(4)}}));
  // shakyo holds the role but is not (yet) a member of the case.
  auto r = Fire(id, "refer", Csw());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(r.status().message(), "no such case");
  EXPECT_EQ(Get(id).version, 1);
  auto actions = engine_->AvailableActions(id, Csw());
  ASSERT_FALSE(actions.ok());
  EXPECT_EQ(actions.status().code(), Status::Code::kNotFound);
  // The same answer as for a case that does not exist: nothing is told.
  auto missing = Fire(id + 1000, "refer", Csw());
  EXPECT_EQ(missing.status().ToString(), r.status().ToString());
}

TEST_F(RuntimeTest, AnAccountOfAnotherTenantIsToldThereIsNoSuchCase) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  Actor other = Window();
  other.tenant = "t2";
  auto r = Fire(id, "handle", other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(engine_->AvailableActions(id, other).status().code(), Status::Code::kNotFound);
  auto created = engine_->Create({"t1", "flow", "", other, Data({{"main_complaint", Value("x")}})});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Status::Code::kPermissionDenied);
}

TEST_F(RuntimeTest, AnAccountWithNoAgencyMayNotOpenACase) {
  Actor nobody = Window();
  nobody.agency.clear();
  auto created = engine_->Create({"t1", "flow", "", nobody, Data({{"main_complaint", Value("x")}})});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(created.status().message().find("no agency"), std::string::npos);
}

TEST_F(RuntimeTest, AUserNamedOrRoledSystemIsNotTheTimer) {
  CaseId id = NewCase(Data({{"main_complaint", Value("8050")}, {"issues", Value(4)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto posing = Fire(id, "remind", Actor{"system", "system", "madoguchi", "t1"});
  ASSERT_FALSE(posing.ok());
  EXPECT_EQ(posing.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(posing.status().message().find("reserved for the timer"), std::string::npos);
  // The timer itself acts only for a pending timer it consumes.
  auto unbidden = Fire(id, "remind", Actor::Timer());
  ASSERT_FALSE(unbidden.ok());
  EXPECT_EQ(unbidden.status().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(Get(id).version, 2);
}

TEST_F(RuntimeTest, PayloadIsCheckedAgainstTheForm) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  auto unknown = Fire(id, "handle", Window(), Data({{"isues", Value(3)}}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("did you mean 'issues'"), std::string::npos) << unknown.status().message();
  auto wrong_type = Fire(id, "handle", Window(), Data({{"issues", Value("three")}}));
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.status().message().find("expected an integer, got string"), std::string::npos);
  auto out_of_range = Fire(id, "handle", Window(), Data({{"issues", Value(100)}}));
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.status().message().find("above the maximum 99"), std::string::npos);
  EXPECT_EQ(Get(id).version, 1);
}

TEST_F(RuntimeTest, RecordsFieldsAreCheckedRowByRow) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  Value bad = Data({{"members", Value(Array{Data({{"name", Value("A")}, {"attribute", Value("adult")}})})}});
  auto r = Fire(id, "note", Csw(), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("members[0].attribute"), std::string::npos) << r.status().message();
  Value missing_name = Data({{"members", Value(Array{Data({{"attribute", Value("child")}})})}});
  r = Fire(id, "note", Csw(), missing_name);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("column 'name' is required"), std::string::npos);
  Value good = Data({{"members", Value(Array{Data({{"name", Value("A")}, {"attribute", Value("child")}})})}});
  EXPECT_TRUE(Fire(id, "note", Csw(), good).ok());
}

TEST_F(RuntimeTest, RequiredFieldsOfTheStateFormBlockLeavingIt) {
  CaseId id = NewCase(Value(Object{}));
  auto r = Fire(id, "handle", Window());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("主訴 (main_complaint)"), std::string::npos) << r.status().message();
  EXPECT_TRUE(Fire(id, "handle", Window(), Data({{"main_complaint", Value("x")}})).ok());
}

TEST_F(RuntimeTest, InternalTransitionsStillEnforceRequires) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto r = Fire(id, "confirm_consent", Csw());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("本人同意 (consent)"), std::string::npos) << r.status().message();
  EXPECT_TRUE(Fire(id, "confirm_consent", Csw(), Data({{"consent", Value(true)}})).ok());
  // An internal transition on the state's own form may save part of it.
  EXPECT_TRUE(Fire(id, "note", Csw(), Data({{"consent", Value()}})).ok());
}

TEST_F(RuntimeTest, GuardRefusalCarriesTheCaseworkerReasonAndWritesNothing) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto r = Fire(id, "convene", Csw());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kGuardDenied);
  EXPECT_EQ(r.status().message(), "本人同意が記録されていません");
  EXPECT_EQ(Get(id).version, 2);
  auto ok = Fire(id, "convene", Csw(), Data({{"consent", Value(true)}}));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->case_after.state, "meeting");
}

TEST_F(RuntimeTest, FailingActionLeavesNoTrace) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto r = Fire(id, "explode", Csw());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kPluginError);
  EXPECT_NE(r.status().message().find("rules"), std::string::npos);
  EXPECT_NE(r.status().message().find("plugin.lua:"), std::string::npos) << r.status().message();
  CaseRecord c = Get(id);
  EXPECT_EQ(c.state, "referred");
  EXPECT_EQ(c.data.find("half"), nullptr);
  EXPECT_EQ(HistoryLength(id), 2u);
}

TEST_F(RuntimeTest, RunawayActionIsStoppedAndLeavesNoTrace) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto r = Fire(id, "spin", Csw());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kDeadlineExceeded);
  EXPECT_EQ(Get(id).state, "referred");
  EXPECT_EQ(Get(id).data.find("half"), nullptr);
  // The engine still works afterwards.
  EXPECT_TRUE(Fire(id, "note", Csw()).ok());
}

TEST_F(RuntimeTest, StaleVersionIsRefusedNotMerged) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  FireRequest req;
  req.case_id = id;
  req.event = "handle";
  req.actor = Window();
  req.expected_version = 7;
  auto r = engine_->Fire(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kConflict);
  req.expected_version = 1;
  EXPECT_TRUE(engine_->Fire(req).ok());
  EXPECT_EQ(HistoryLength(id), 2u);
}

TEST_F(RuntimeTest, IdempotencyKeyAnswersRetriesWithoutRerunning) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  FireRequest req;
  req.case_id = id;
  req.event = "refer";
  req.actor = Window();
  req.idempotency_key = "k-1";
  auto first = engine_->Fire(req);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = engine_->Fire(req);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->event.id, first->event.id);
  EXPECT_EQ(HistoryLength(id), 2u);
  req.event = "note";
  req.actor = Csw();
  auto reused = engine_->Fire(req);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.status().code(), Status::Code::kAlreadyExists);
}

TEST_F(RuntimeTest, UnknownEventAndUnknownCase) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}}));
  auto r = Fire(id, "convene", Window());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("cannot be fired in state 'intake' (相談受付)"), std::string::npos);
  EXPECT_EQ(Fire(9999, "handle", Window()).status().code(), Status::Code::kNotFound);
}

TEST_F(RuntimeTest, AvailableActionsExplainGuardRefusals) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());
  auto actions = engine_->AvailableActions(id, Csw());
  ASSERT_TRUE(actions.ok());
  const AvailableAction* convene = nullptr;
  for (const auto& a : *actions)
    if (a.event == "convene") convene = &a;
  ASSERT_NE(convene, nullptr);
  EXPECT_FALSE(convene->allowed);
  EXPECT_EQ(convene->reason, "本人同意が記録されていません");
  auto window_actions = engine_->AvailableActions(id, Window());
  ASSERT_TRUE(window_actions.ok());
  EXPECT_TRUE(window_actions->empty());  // the window has no role in `referred`
}

TEST_F(RuntimeTest, AnotherAccountReplayingAnIdempotencyKeyLearnsNothing) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(4)}}));
  FireRequest first;
  first.case_id = id;
  first.event = "refer";
  first.actor = Window();
  first.idempotency_key = "key-1";
  ASSERT_TRUE(engine_->Fire(first).ok());
  FireRequest again = first;  // the same account retrying: answered from the journal
  auto replayed = engine_->Fire(again);
  ASSERT_TRUE(replayed.ok()) << replayed.status().ToString();
  EXPECT_TRUE(replayed->replayed);
  FireRequest stolen = first;  // another account (a member now) sending the same key
  stolen.actor = Csw();
  auto refused = engine_->Fire(stolen);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(refused.status().message().find("refer"), std::string::npos) << refused.status().message();
  EXPECT_EQ(HistoryLength(id), 2u);
}

}  // namespace
}  // namespace kasane::testing


namespace kasane::testing {
namespace {

TEST_F(RuntimeTest, SnapshotMadeStaleByAnotherWriterIsRetriedFromTheDatabase) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  ASSERT_TRUE(Fire(id, "refer", Window()).ok());  // this engine now holds the case at version 2
  Engine other(store_.get(), registry_.get(), clock_.get(), &calendar_);
  ASSERT_TRUE(other.Fire({id, "note", Csw(), Data({{"consent", Value(true)}})}).ok());  // version 3 behind its back

  // The stale snapshot (consent absent) would refuse; the retry sees version 3 and allows.
  auto r = Fire(id, "convene", Csw());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->case_after.version, 4);
  EXPECT_EQ(HistoryLength(id), 4u);
}

TEST_F(RuntimeTest, CallerStaleVersionStillConflictsAfterTheRetry) {
  CaseId id = NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}}));
  Engine other(store_.get(), registry_.get(), clock_.get(), &calendar_);
  ASSERT_TRUE(other.Fire({id, "refer", Window()}).ok());
  FireRequest req{id, "note", Csw()};
  req.expected_version = 1;  // what the caller saw before `other` wrote
  auto r = engine_->Fire(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kConflict);
  EXPECT_EQ(HistoryLength(id), 2u);
}

}  // namespace
}  // namespace kasane::testing
