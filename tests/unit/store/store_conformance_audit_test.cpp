// Store conformance: the audit log's per-tenant hash chain, listing and
// verification, and writes whose audit entry commits with them or not at all.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store_conformance.h"

namespace kasane {
namespace {

using testing_util::MakeCommit;
using testing_util::MakeNewCase;

KASANE_STORE_CONFORMANCE_SUITE(AuditConformance);

const std::string kZeros(64, '0');

AuditEntry MakeEntry(const std::string& tenant, const std::string& actor, const std::string& action,
                     std::optional<CaseId> case_id = std::nullopt, const std::string& detail = "") {
  AuditEntry e;
  e.tenant = tenant;
  e.at = 1711933200;
  e.actor = actor;
  e.role = "takikan";
  e.action = action;
  e.case_id = case_id;
  e.detail = detail;
  return e;
}

// `n` entries for `tenant`, cases 100, 101, 102 in turn.
void Fill(Store* store, const std::string& tenant, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string actor = i % 2 == 0 ? "sato" : "suzuki";
    const std::string action = i % 3 == 0 ? "case.read" : "case.fire";
    auto e = store->AppendAudit(MakeEntry(tenant, actor, action, 100 + i % 3, "event_" + std::to_string(i)));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
  }
}

bool IsLowerHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST_P(AuditConformance, AWriteAndItsAuditEntryCommitTogetherOrNotAtAll) {
  AuditEntry who;
  who.tenant = "toyonaka-city";
  who.at = 1693530000;
  who.actor = "sato";
  who.role = "secretariat";
  NewCase n = MakeNewCase(def_);
  n.audit = who;
  n.audit->action = "case.create";
  const CaseRecord c = Create(n);

  CommitRequest ok = MakeCommit(c, "assessment", "accept");
  ok.audit = who;
  ok.audit->action = "case.fire";
  ok.audit->detail = "accept";
  KASANE_ASSERT_OK(store_->Commit(ok));
  // A stale commit is refused, and so is its audit entry.
  CommitRequest stale = MakeCommit(c, "closed", "close");
  stale.audit = who;
  stale.audit->action = "case.fire";
  stale.audit->detail = "close";
  EXPECT_EQ(store_->Commit(stale).status().code(), Status::Code::kConflict);

  AuditFilter f;
  f.tenant = "toyonaka-city";
  Result<std::vector<AuditEntry>> entries = store_->ListAudit(f);
  KASANE_ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "case.create");
  EXPECT_EQ((*entries)[0].case_id, c.id);
  EXPECT_EQ((*entries)[1].action, "case.fire");
  EXPECT_EQ((*entries)[1].detail, "accept");
  EXPECT_EQ((*entries)[1].case_id, c.id);
  Result<AuditVerification> v = store_->VerifyAudit("toyonaka-city");
  KASANE_ASSERT_OK(v);
  EXPECT_TRUE(v->ok) << v->problem;

  // An entry the log refuses (detail too long) takes the change down with it.
  CommitRequest bad = MakeCommit(Get(c.id), "closed", "close");
  bad.audit = who;
  bad.audit->action = "case.fire";
  bad.audit->detail = std::string(300, 'x');
  EXPECT_FALSE(store_->Commit(bad).ok());
  EXPECT_EQ(Get(c.id).state, "assessment");
}

TEST_P(AuditConformance, AppendNumbersAndChainsEntriesPerTenant) {
  auto a1 = store_->AppendAudit(MakeEntry("toyonaka", "sato", "case.create", 7, "create"));
  auto b1 = store_->AppendAudit(MakeEntry("suita", "tanaka", "login"));
  auto a2 = store_->AppendAudit(MakeEntry("toyonaka", "sato", "case.fire", 7, "refer"));
  ASSERT_TRUE(a1.ok() && b1.ok() && a2.ok()) << a1.status().ToString() << b1.status().ToString();
  EXPECT_EQ(a1->seq, 1);
  EXPECT_EQ(b1->seq, 1);
  EXPECT_EQ(a2->seq, 2);
  EXPECT_EQ(a1->prev_hash, kZeros);
  EXPECT_EQ(b1->prev_hash, kZeros);
  EXPECT_EQ(a2->prev_hash, a1->hash);
  EXPECT_TRUE(IsLowerHex64(a1->hash)) << a1->hash;
  EXPECT_TRUE(IsLowerHex64(a2->hash)) << a2->hash;
  EXPECT_TRUE(IsLowerHex64(b1->hash)) << b1->hash;
  EXPECT_NE(a1->hash, b1->hash);
  EXPECT_NE(a1->hash, a2->hash);
  EXPECT_GT(a2->id, a1->id);

  auto listed = store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", 0, 10});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].hash, a2->hash);
  EXPECT_EQ((*listed)[1].case_id, std::optional<CaseId>(7));
  EXPECT_EQ((*listed)[1].detail, "refer");
  auto suita = store_->ListAudit(AuditFilter{"suita", {}, "", "", 0, 10});
  ASSERT_TRUE(suita.ok());
  ASSERT_EQ(suita->size(), 1u);
  EXPECT_EQ((*suita)[0].case_id, std::nullopt);
}

TEST_P(AuditConformance, InvalidEntriesAreRefused) {
  EXPECT_EQ(store_->AppendAudit(MakeEntry("", "sato", "login")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->AppendAudit(MakeEntry("toyonaka", "sato", "")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->AppendAudit(MakeEntry("toyonaka", "sato", "case.fire", 1, std::string(201, 'x'))).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->ListAudit(AuditFilter{"", {}, "", "", 0, 10}).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", 0, 0}).status().code(),
            Status::Code::kInvalidArgument);
  AuditVerification v = Verify("");
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.entries, 0);
}

TEST_P(AuditConformance, ListFiltersByCaseActorAndActionAndPagesBySeq) {
  Fill(store_.get(), "toyonaka", 30);
  Fill(store_.get(), "suita", 5);
  auto by_case = store_->ListAudit(AuditFilter{"toyonaka", 101, "", "", 0, 100});
  ASSERT_TRUE(by_case.ok()) << by_case.status().ToString();
  ASSERT_EQ(by_case->size(), 10u);
  for (const AuditEntry& e : *by_case) EXPECT_EQ(e.case_id, std::optional<CaseId>(101));
  EXPECT_EQ(by_case->front().seq, 2);

  auto reads_by_sato = store_->ListAudit(AuditFilter{"toyonaka", {}, "sato", "case.read", 0, 100});
  ASSERT_TRUE(reads_by_sato.ok());
  ASSERT_EQ(reads_by_sato->size(), 5u);  // i % 6 == 0
  for (const AuditEntry& e : *reads_by_sato) {
    EXPECT_EQ(e.actor, "sato");
    EXPECT_EQ(e.action, "case.read");
  }

  std::vector<int64_t> seqs;
  int64_t after = 0;
  for (;;) {
    auto page = store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", after, 7});
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    EXPECT_LE(page->size(), 7u);
    for (const AuditEntry& e : *page) seqs.push_back(e.seq);
    after = page->back().seq;
  }
  ASSERT_EQ(seqs.size(), 30u);
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], static_cast<int64_t>(i) + 1);

  auto case_page = store_->ListAudit(AuditFilter{"toyonaka", 100, "", "", 10, 2});
  ASSERT_TRUE(case_page.ok());
  ASSERT_EQ(case_page->size(), 2u);
  EXPECT_EQ((*case_page)[0].seq, 13);
  EXPECT_EQ((*case_page)[1].seq, 16);
}

TEST_P(AuditConformance, AnUntouchedChainOfAThousandEntriesAcrossTwoTenantsVerifies) {
  Fill(store_.get(), "toyonaka", 600);
  Fill(store_.get(), "suita", 400);
  AuditVerification all = Verify("");
  EXPECT_TRUE(all.ok) << all.problem;
  EXPECT_EQ(all.entries, 1000);
  EXPECT_EQ(all.tenants, (std::vector<std::string>{"suita", "toyonaka"}));
  EXPECT_EQ(all.problem, "");
  EXPECT_EQ(all.at_seq, 0);
  AuditVerification one = Verify("suita");
  EXPECT_TRUE(one.ok) << one.problem;
  EXPECT_EQ(one.entries, 400);
  EXPECT_EQ(one.tenants, std::vector<std::string>{"suita"});
}

TEST_P(AuditConformance, ConcurrentAppendsFromFourThreadsChainCorrectly) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    Store* s = store_.get();
    threads.emplace_back([s, t, &failures] {
      for (int i = 0; i < kEach; ++i) {
        auto e = s->AppendAudit(MakeEntry(i % 5 == 0 ? "suita" : "toyonaka", "worker" + std::to_string(t),
                                          "case.fire", t, std::to_string(i)));
        if (!e.ok()) ++failures;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  AuditVerification v = Verify("");
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, kThreads * kEach);
  auto all = store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", 0, 1000});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), static_cast<size_t>(kThreads * kEach * 4 / 5));
  for (size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].seq, static_cast<int64_t>(i) + 1);
    EXPECT_EQ((*all)[i].prev_hash, i == 0 ? kZeros : (*all)[i - 1].hash);
  }
}

}  // namespace
}  // namespace kasane
