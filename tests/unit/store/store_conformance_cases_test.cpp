// Store conformance: definitions, cases, version-checked commits, idempotency
// keys, the journal, memberships and listing; and use from several threads.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store_conformance.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeDefinition;
using testing_util::MakeNewCase;

KASANE_STORE_CONFORMANCE_SUITE(CaseConformance);

TEST_P(CaseConformance, CreateThenGetReturnsTheCaseWithItsEventTasksTimersAndMembers) {
  NewCase n = MakeNewCase(def_);
  n.changes.memberships = {{"chiiki_kyosei", "referrer", false},
                           {"choju_anshin", "assigned", false},
                           {"fukushi", "lead", false},
                           {"fukushi", "lead", true}};
  n.changes.tasks_created = {{"assess", "choju_anshin", "secretariat", {"アセスメント", "Assess"}, 1693616400}};
  n.changes.timers_scheduled = {{"remind", "remind", 1694390400, "referred"}};

  const CaseRecord created = Create(n);
  ASSERT_GT(created.id, 0);
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.state, "referred");
  ASSERT_EQ(created.members.size(), 2u);

  const CaseRecord got = Get(created.id);
  EXPECT_EQ(got.id, created.id);
  EXPECT_EQ(got.tenant, "toyonaka-city");
  EXPECT_EQ(got.workflow, "toyonaka");
  EXPECT_EQ(got.definition_version, def_);
  EXPECT_EQ(got.state, "referred");
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(got.data, n.data);
  EXPECT_EQ(got.created_at, n.now);
  EXPECT_EQ(got.updated_at, n.now);
  ASSERT_EQ(got.members.size(), 2u);
  EXPECT_EQ(got.members[0].agency, "chiiki_kyosei");
  EXPECT_EQ(got.members[0].relation, "referrer");
  EXPECT_EQ(got.members[1].agency, "choju_anshin");
  EXPECT_EQ(got.members[1].relation, "assigned");
  EXPECT_EQ(created.members[0].agency, got.members[0].agency);
  EXPECT_EQ(created.members[1].agency, got.members[1].agency);

  const std::vector<EventRecord> history = HistoryOf(created.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_GT(history[0].id, 0);
  EXPECT_EQ(history[0].case_id, created.id);
  EXPECT_EQ(history[0].seq, 1);
  EXPECT_EQ(history[0].event, "create");
  EXPECT_EQ(history[0].actor, "sato");
  EXPECT_EQ(history[0].to_state, "referred");
  EXPECT_EQ(history[0].payload, n.event.payload);
  EXPECT_EQ(history[0].decisions, n.event.decisions);
  EXPECT_EQ(history[0].definition_version, def_);

  const std::vector<TaskRecord> tasks = TasksOf(created.id, true);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].kind, "assess");
  EXPECT_EQ(tasks[0].title.ja, "アセスメント");
  EXPECT_EQ(tasks[0].title.en, "Assess");
  EXPECT_EQ(tasks[0].due_at, std::optional<Timestamp>(1693616400));
  EXPECT_TRUE(tasks[0].open);
  EXPECT_EQ(tasks[0].created_at, n.now);
  EXPECT_FALSE(tasks[0].closed_at.has_value());

  const std::vector<TimerRecord> timers = TimersOf(created.id);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].timer_id, "remind");
  EXPECT_EQ(timers[0].due_at, 1694390400);
  EXPECT_EQ(timers[0].state, "referred");
  EXPECT_EQ(timers[0].case_id, created.id);
}

TEST_P(CaseConformance, GetUnknownCaseIsNotFound) {
  Result<CaseRecord> r = store_->GetCase(4242);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
}

TEST_P(CaseConformance, CreateCaseWithUnknownDefinitionIsRefusedAndWritesNothing) {
  Result<CaseRecord> r = store_->CreateCase(MakeNewCase(def_ + 100));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
  Result<int64_t> count = store_->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 0);
}

TEST_P(CaseConformance, CommitBumpsVersionAndAppendsTheEvent) {
  NewCase n = MakeNewCase(def_);
  n.changes.memberships = {{"chiiki_kyosei", "referrer", false}};
  const CaseRecord c = Create(n);

  CommitRequest req = MakeCommit(c, "assessment", "accept");
  req.data["screening"] = Value("target");
  req.event.payload["note"] = Value("受理");
  req.event.decisions = Value(Array{Value(Object{{"key", Value("target")}, {"value", Value(true)}})});
  Result<CommitResult> r = store_->Commit(req);
  KASANE_ASSERT_OK(r);

  EXPECT_EQ(r->case_after.id, c.id);
  EXPECT_EQ(r->case_after.version, 2);
  EXPECT_EQ(r->case_after.state, "assessment");
  EXPECT_EQ(r->case_after.tenant, "toyonaka-city");
  EXPECT_EQ(r->case_after.workflow, "toyonaka");
  EXPECT_EQ(r->case_after.definition_version, def_);
  EXPECT_EQ(r->case_after.created_at, c.created_at);
  EXPECT_EQ(r->case_after.updated_at, req.now);
  EXPECT_EQ(r->case_after.data, req.data);
  ASSERT_EQ(r->case_after.members.size(), 1u);
  EXPECT_EQ(r->event.case_id, c.id);
  EXPECT_EQ(r->event.seq, 2);
  EXPECT_GT(r->event.id, 0);

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, "assessment");
  EXPECT_EQ(got.data, req.data);
  EXPECT_EQ(got.updated_at, req.now);
  EXPECT_EQ(got.created_at, c.created_at);

  const std::vector<EventRecord> history = HistoryOf(c.id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].seq, 1);
  EXPECT_EQ(history[1].seq, 2);
  EXPECT_EQ(history[1].id, r->event.id);
  EXPECT_EQ(history[1].event, "accept");
  EXPECT_EQ(history[1].from_state, "referred");
  EXPECT_EQ(history[1].to_state, "assessment");
  EXPECT_EQ(history[1].payload, req.event.payload);
  EXPECT_EQ(history[1].decisions, req.event.decisions);
}

TEST_P(CaseConformance, StaleCommitIsAConflictAndWritesNothing) {
  const CaseRecord c = Create(MakeNewCase(def_));

  CommitRequest first = MakeCommit(c, "assessment", "accept");
  first.data["by"] = Value("first");
  KASANE_ASSERT_OK(store_->Commit(first));

  // A second writer that loaded the case at version 1 as well.
  CommitRequest stale = MakeCommit(c, "returned", "return_to_referrer");
  stale.data["by"] = Value("stale");
  stale.event.idempotency_key = "stale-key";
  stale.changes.tasks_created = {{"notify", "chiiki_kyosei", "secretariat", {"連絡", "Notify"}, std::nullopt}};
  stale.changes.timers_scheduled = {{"t", "remind", 1700000000, "returned"}};
  stale.changes.memberships = {{"fukushi", "assigned", false}};
  Result<CommitResult> r = store_->Commit(stale);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kConflict);
  EXPECT_NE(r.status().message().find("case " + std::to_string(c.id) + " was changed by someone else"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("(version 2, expected 1)"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("reload and try again"), std::string::npos);

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, "assessment");
  EXPECT_EQ(got.data, first.data);
  EXPECT_TRUE(got.members.empty());
  const std::vector<EventRecord> history = HistoryOf(c.id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].event, "accept");
  EXPECT_TRUE(TasksOf(c.id, false).empty());
  EXPECT_TRUE(TimersOf(c.id).empty());
  Result<std::optional<EventRecord>> found = store_->FindEventByIdempotencyKey(c.id, "stale-key");
  KASANE_ASSERT_OK(found);
  EXPECT_FALSE(found->has_value());
}

TEST_P(CaseConformance, CommitToUnknownCaseIsNotFound) {
  CaseRecord ghost;
  ghost.id = 999;
  ghost.version = 1;
  ghost.state = "referred";
  ghost.definition_version = def_;
  Result<CommitResult> r = store_->Commit(MakeCommit(ghost, "assessment", "accept"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound) << r.status().ToString();
  EXPECT_TRUE(HistoryOf(999).empty());
}

TEST_P(CaseConformance, MembershipsAreAddedAndRemoved) {
  NewCase n = MakeNewCase(def_);
  n.changes.memberships = {{"chiiki_kyosei", "referrer", false}};
  const CaseRecord c = Create(n);

  CommitRequest r1 = MakeCommit(c, "assessment", "assign");
  r1.changes.memberships = {{"choju_anshin", "assigned", false},
                            {"chiiki_kyosei", "referrer", false},  // already a member: no change
                            {"chiiki_kyosei", "lead", false}};
  Result<CommitResult> c1 = store_->Commit(r1);
  KASANE_ASSERT_OK(c1);
  ASSERT_EQ(c1->case_after.members.size(), 3u);

  CommitRequest r2 = MakeCommit(c1->case_after, "assessment", "unassign");
  r2.changes.memberships = {{"choju_anshin", "assigned", true}, {"nobody", "assigned", true}};
  Result<CommitResult> c2 = store_->Commit(r2);
  KASANE_ASSERT_OK(c2);

  const CaseRecord got = Get(c.id);
  ASSERT_EQ(got.members.size(), 2u);
  EXPECT_EQ(got.members[0].agency, "chiiki_kyosei");
  EXPECT_EQ(got.members[0].relation, "lead");
  EXPECT_EQ(got.members[1].agency, "chiiki_kyosei");
  EXPECT_EQ(got.members[1].relation, "referrer");
  ASSERT_EQ(c2->case_after.members.size(), 2u);
  EXPECT_EQ(c2->case_after.members[0].relation, "lead");
}

TEST_P(CaseConformance, DefinitionVersionsAreIdempotentOnContentHash) {
  StoredDefinition d = MakeDefinition("hash-1");
  Result<DefinitionVersionId> again = store_->SaveDefinitionVersion(d);
  KASANE_ASSERT_OK(again);
  EXPECT_EQ(*again, def_);

  Result<DefinitionVersionId> second = store_->SaveDefinitionVersion(MakeDefinition("hash-2"));
  KASANE_ASSERT_OK(second);
  EXPECT_NE(*second, def_);
  Result<DefinitionVersionId> other = store_->SaveDefinitionVersion(MakeDefinition("hash-3", "maibara"));
  KASANE_ASSERT_OK(other);

  Result<std::vector<StoredDefinition>> list = store_->ListDefinitionVersions("toyonaka-city", "toyonaka");
  KASANE_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, def_);
  EXPECT_EQ((*list)[0].content_hash, "hash-1");
  EXPECT_EQ((*list)[1].id, *second);

  Result<StoredDefinition> loaded = store_->LoadDefinitionVersion(*other);
  KASANE_ASSERT_OK(loaded);
  EXPECT_EQ(loaded->tenant, "toyonaka-city");
  EXPECT_EQ(loaded->workflow, "maibara");
  EXPECT_EQ(loaded->content_hash, "hash-3");
  EXPECT_EQ(loaded->bundle, MakeDefinition("hash-3", "maibara").bundle);
  EXPECT_EQ(loaded->deployed_at, 1693526400);
  EXPECT_EQ(loaded->deployed_by, "admin");

  EXPECT_EQ(store_->LoadDefinitionVersion(9999).status().code(), Status::Code::kNotFound);

  // The same content in another tenant is another deployment.
  StoredDefinition elsewhere = MakeDefinition("hash-1");
  elsewhere.tenant = "maibara-city";
  Result<DefinitionVersionId> other_tenant = store_->SaveDefinitionVersion(elsewhere);
  KASANE_ASSERT_OK(other_tenant);
  EXPECT_NE(*other_tenant, def_);
}

TEST_P(CaseConformance, DuplicateIdempotencyKeyIsAlreadyExistsAndRollsBack) {
  const CaseRecord c = Create(MakeNewCase(def_));
  CommitRequest r1 = MakeCommit(c, "assessment", "accept");
  r1.event.idempotency_key = "req-1";
  Result<CommitResult> c1 = store_->Commit(r1);
  KASANE_ASSERT_OK(c1);

  Result<std::optional<EventRecord>> found = store_->FindEventByIdempotencyKey(c.id, "req-1");
  KASANE_ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->seq, 2);
  EXPECT_EQ((*found)->id, c1->event.id);
  EXPECT_EQ((*found)->idempotency_key, "req-1");

  // The engine looks the key up first; this is the race that slips past that check.
  CommitRequest dup = MakeCommit(c1->case_after, "returned", "return_to_referrer");
  dup.event.idempotency_key = "req-1";
  dup.data["changed"] = Value(true);
  dup.changes.tasks_created = {{"notify", "chiiki_kyosei", "secretariat", {"連絡", ""}, std::nullopt}};
  dup.changes.timers_scheduled = {{"t", "remind", 1700000000, "returned"}};
  Result<CommitResult> r = store_->Commit(dup);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kAlreadyExists) << r.status().ToString();
  EXPECT_NE(r.status().message().find("req-1"), std::string::npos);

  const CaseRecord got = Get(c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.state, "assessment");
  EXPECT_EQ(got.data, c1->case_after.data);
  EXPECT_EQ(HistoryOf(c.id).size(), 2u);
  EXPECT_TRUE(TasksOf(c.id, false).empty());
  EXPECT_TRUE(TimersOf(c.id).empty());

  // Keys are per case, and an empty key is no key at all.
  const CaseRecord other = Create(MakeNewCase(def_));
  CommitRequest same_key = MakeCommit(other, "assessment", "accept");
  same_key.event.idempotency_key = "req-1";
  KASANE_ASSERT_OK(store_->Commit(same_key));
  Result<std::optional<EventRecord>> none = store_->FindEventByIdempotencyKey(c.id, "");
  KASANE_ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  Result<std::optional<EventRecord>> unknown = store_->FindEventByIdempotencyKey(c.id, "req-2");
  KASANE_ASSERT_OK(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(CaseConformance, ListCasesPagesByIdAndFilters) {
  std::vector<CaseId> all, workflow_a, a_in_s2, in_s2;
  for (int i = 0; i < 7; ++i) {
    NewCase n = MakeNewCase(def_, i % 2 == 0 ? "s1" : "s2");
    n.workflow = i < 5 ? "a" : "b";
    n.changes.memberships = {{"agency" + std::to_string(i), "referrer", false}};
    const CaseRecord c = Create(n);
    all.push_back(c.id);
    if (n.workflow == "a") workflow_a.push_back(c.id);
    if (n.state == "s2") in_s2.push_back(c.id);
    if (n.workflow == "a" && n.state == "s2") a_in_s2.push_back(c.id);
  }
  NewCase foreign = MakeNewCase(def_);
  foreign.tenant = "maibara-city";
  Create(foreign);

  auto ids = [&](CaseFilter f) {
    std::vector<CaseId> out;
    for (int page = 0; page < 20; ++page) {
      Result<std::vector<CaseRecord>> r = store_->ListCases(f);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok() || r->empty()) break;
      EXPECT_LE(r->size(), static_cast<size_t>(f.limit));
      for (const CaseRecord& c : *r) out.push_back(c.id);
      f.after_id = r->back().id;
    }
    return out;
  };
  CaseFilter f;
  f.tenant = "toyonaka-city";
  f.limit = 3;
  EXPECT_EQ(ids(f), all);
  f.workflow = "a";
  EXPECT_EQ(ids(f), workflow_a);
  f.state = "s2";
  EXPECT_EQ(ids(f), a_in_s2);
  f.workflow.clear();
  EXPECT_EQ(ids(f), in_s2);

  CaseFilter one;
  one.tenant = "toyonaka-city";
  one.after_id = all[2];
  one.limit = 1;
  Result<std::vector<CaseRecord>> page = store_->ListCases(one);
  KASANE_ASSERT_OK(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, all[3]);
  ASSERT_EQ((*page)[0].members.size(), 1u);
  EXPECT_EQ((*page)[0].members[0].agency, "agency3");
  EXPECT_EQ((*page)[0].data, MakeNewCase(def_).data);

  CaseFilter no_tenant;
  EXPECT_EQ(store_->ListCases(no_tenant).status().code(), Status::Code::kInvalidArgument);
  one.limit = 0;
  EXPECT_EQ(store_->ListCases(one).status().code(), Status::Code::kInvalidArgument);

  Result<int64_t> count = store_->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 8);
}

TEST_P(CaseConformance, ListCasesForMemberAgencyKeepsOnlyItsCases) {
  std::vector<CaseId> of_x, of_x_in_s2;
  for (int i = 0; i < 6; ++i) {
    NewCase n = MakeNewCase(def_, i % 3 == 0 ? "s2" : "s1");
    // Case 0 and 3 have x twice (two relations): listed once. Case 5 belongs to y only.
    if (i % 3 == 0) n.changes.memberships = {{"x", "referrer", false}, {"x", "meeting", false}};
    else if (i != 5) n.changes.memberships = {{"x", "assigned", false}, {"y", "lead", false}};
    else n.changes.memberships = {{"y", "lead", false}};
    const CaseRecord c = Create(n);
    if (i != 5) of_x.push_back(c.id);
    if (i != 5 && n.state == "s2") of_x_in_s2.push_back(c.id);
  }
  NewCase foreign = MakeNewCase(def_);
  foreign.tenant = "maibara-city";
  foreign.changes.memberships = {{"x", "referrer", false}};
  Create(foreign);

  CaseFilter f;
  f.tenant = "toyonaka-city";
  f.member_agency = "x";
  f.limit = 2;
  std::vector<CaseId> got;
  for (int page = 0; page < 10; ++page) {
    Result<std::vector<CaseRecord>> r = store_->ListCases(f);
    KASANE_ASSERT_OK(r);
    if (r->empty()) break;
    for (const CaseRecord& c : *r) got.push_back(c.id);
    f.after_id = r->back().id;
  }
  EXPECT_EQ(got, of_x);
  f.after_id = 0;
  f.limit = 50;
  f.state = "s2";
  Result<std::vector<CaseRecord>> in_s2 = store_->ListCases(f);
  KASANE_ASSERT_OK(in_s2);
  std::vector<CaseId> s2_ids;
  for (const CaseRecord& c : *in_s2) s2_ids.push_back(c.id);
  EXPECT_EQ(s2_ids, of_x_in_s2);
  f.member_agency = "nobody";
  f.state.clear();
  Result<std::vector<CaseRecord>> none = store_->ListCases(f);
  KASANE_ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(CaseConformance, ConcurrentCommitsFromSeveralThreadsStayConsistent) {
  Store* store = store_.get();
  const DefinitionVersionId def = def_;
  const CaseId shared = store->CreateCase(MakeNewCase(def))->id;

  constexpr int kThreads = 4;
  constexpr int kAttempts = 40;
  std::atomic<int> successes{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string state = "s";  // built in steps: GCC 12 misreports "lit" + to_string() (-Wrestrict)
      state += std::to_string(t);
      std::string timer = "t";
      timer += std::to_string(t);
      const CaseId own = store->CreateCase(MakeNewCase(def))->id;
      for (int i = 0; i < kAttempts; ++i) {
        for (CaseId id : {shared, own}) {
          Result<CaseRecord> c = store->GetCase(id);
          if (!c.ok()) {
            ++failures;
            continue;
          }
          CommitRequest r = MakeCommit(*c, state, "step");
          r.data["last"] = Value(t);
          r.changes.timers_scheduled = {{timer, "remind", 100 + i, ""}};
          Result<CommitResult> done = store->Commit(r);
          if (done.ok()) {
            if (id == shared) ++successes;
          } else if (done.status().code() == Status::Code::kConflict && id == shared) {
            ++conflicts;
          } else {
            ++failures;
          }
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(successes.load() + conflicts.load(), kThreads * kAttempts);

  Result<CaseRecord> c = store->GetCase(shared);
  KASANE_ASSERT_OK(c);
  EXPECT_EQ(c->version, 1 + successes.load());
  Result<std::vector<EventRecord>> history = store->History(shared);
  KASANE_ASSERT_OK(history);
  ASSERT_EQ(history->size(), static_cast<size_t>(c->version));
  for (size_t i = 0; i < history->size(); ++i) EXPECT_EQ((*history)[i].seq, static_cast<int64_t>(i + 1));
  Result<int64_t> count = store->CountCases();
  KASANE_ASSERT_OK(count);
  EXPECT_EQ(*count, 1 + kThreads);
  KASANE_ASSERT_OK(store->CheckIntegrity());
}

}  // namespace
}  // namespace kasane
