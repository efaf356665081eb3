// The SQLite audit log: the hash encoding, the schema refuses edits, and
// verification finds every kind of tampering someone with the database file
// could do. The chain's backend-independent behaviour is tested by the
// conformance suite (store_conformance_audit_test.cpp).
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <atomic>
#include <thread>

#include "store/sqlite/audit_chain.h"
#include "sqlite_test_util.h"

namespace kasane {
namespace {

using testing_util::RawConnection;
using testing_util::ScratchDir;

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

// The documented encoding, computed independently of the store's code.
std::string ExpectedHash(const AuditEntry& e) {
  std::string enc;
  auto field = [&enc](const std::string& f) {
    for (int shift = 56; shift >= 0; shift -= 8) enc.push_back(static_cast<char>((f.size() >> shift) & 0xffu));
    enc += f;
  };
  field("kasane-audit-v1");
  field(e.tenant);
  field(std::to_string(e.seq));
  field(std::to_string(e.at));
  field(e.actor);
  field(e.role);
  field(e.action);
  field(e.case_id ? std::to_string(*e.case_id) : "");
  field(e.detail);
  field(e.prev_hash);
  std::array<unsigned char, 32> md{};
  unsigned int len = 0;
  EVP_Digest(enc.data(), enc.size(), md.data(), &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned char b : md) {
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[b >> 4];
    hex += kDigits[b & 0x0f];
  }
  return hex;
}

constexpr const char* kDropGuards =
    "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_replace;"
    "DROP TRIGGER audit_heads_forward; DROP TRIGGER audit_heads_no_delete;";

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("audit.db");
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  // `n` entries for `tenant`, cases 100, 101, 102 in turn.
  void Fill(const std::string& tenant, int n) {
    for (int i = 0; i < n; ++i) {
      const std::string actor = i % 2 == 0 ? "sato" : "suzuki";
      const std::string action = i % 3 == 0 ? "case.read" : "case.fire";
      auto e = store_->AppendAudit(MakeEntry(tenant, actor, action, 100 + i % 3, "event_" + std::to_string(i)));
      ASSERT_TRUE(e.ok()) << e.status().ToString();
    }
  }

  AuditVerification Verify(const std::string& tenant) {
    auto v = store_->VerifyAudit(tenant);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : AuditVerification{};
  }

  // Tampers as someone with the file would: the guards go first.
  void Tamper(const std::string& sql) {
    RawConnection raw(path_);
    ASSERT_EQ(raw.Exec(kDropGuards), "");
    ASSERT_EQ(raw.Exec(sql), "") << sql;
  }

  void ExpectBroken(const std::string& problem, int64_t seq) {
    AuditVerification v = Verify("toyonaka");
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.problem.rfind(problem, 0), 0u) << v.problem;
    EXPECT_EQ(v.at_seq, seq);
    AuditVerification all = Verify("");
    EXPECT_FALSE(all.ok);
    EXPECT_EQ(all.problem, v.problem);
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(AuditTest, HashesFollowTheDocumentedEncoding) {
  auto a1 = store_->AppendAudit(MakeEntry("toyonaka", "sato", "case.create", 7, "create"));
  auto b1 = store_->AppendAudit(MakeEntry("suita", "tanaka", "login"));
  auto a2 = store_->AppendAudit(MakeEntry("toyonaka", "sato", "case.fire", 7, "refer"));
  ASSERT_TRUE(a1.ok() && b1.ok() && a2.ok()) << a1.status().ToString() << b1.status().ToString();
  EXPECT_EQ(a1->hash, ExpectedHash(*a1));
  EXPECT_EQ(a2->hash, ExpectedHash(*a2));
  EXPECT_EQ(b1->hash, ExpectedHash(*b1));
}

TEST_F(AuditTest, AnAbsentCaseIdHashesDifferentlyFromAnyCase) {
  AuditEntry none = MakeEntry("t", "a", "login");
  none.seq = 1;
  none.prev_hash = kZeros;
  AuditEntry zero = none;
  zero.case_id = 0;
  EXPECT_NE(*sqlite::AuditEntryHash(none), *sqlite::AuditEntryHash(zero));
  // Length prefixes keep field boundaries: moving a character across them changes the hash.
  AuditEntry x = none, y = none;
  x.actor = "ab";
  x.role = "c";
  y.actor = "a";
  y.role = "bc";
  EXPECT_NE(*sqlite::AuditEntryHash(x), *sqlite::AuditEntryHash(y));
}

TEST_F(AuditTest, TheSchemaRefusesUpdateAndDelete) {
  Fill("toyonaka", 3);
  RawConnection raw(path_);
  EXPECT_NE(raw.Exec("UPDATE audit SET actor = 'x' WHERE seq = 2").find("append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit WHERE seq = 3").find("append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("INSERT OR REPLACE INTO audit (tenant, seq, at, actor, role, action, detail, prev_hash, hash) "
                     "VALUES ('toyonaka', 2, 0, 'x', 'x', 'x', '', '', '')")
                .find("append-only"),
            std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit_heads").find("never deleted"), std::string::npos);
  EXPECT_NE(raw.Exec("UPDATE audit_heads SET seq = 2").find("forward"), std::string::npos);
  EXPECT_EQ(raw.Column("SELECT count(*) FROM audit"), std::vector<std::string>{"3"});
  EXPECT_TRUE(Verify("toyonaka").ok);
}

TEST_F(AuditTest, AnEditedFieldIsDetected) {
  Fill("toyonaka", 10);
  Fill("suita", 3);
  Tamper("UPDATE audit SET detail = 'nothing happened' WHERE tenant = 'toyonaka' AND seq = 4");
  ExpectBroken("tenant 'toyonaka': entry 4 was edited (hash mismatch)", 4);
  EXPECT_TRUE(Verify("suita").ok);
}

TEST_F(AuditTest, EachEditedColumnIsDetected) {
  Fill("toyonaka", 3);
  for (const char* set : {"at = at + 1", "actor = 'x'", "role = 'x'", "action = 'x'", "case_id = NULL",
                          "case_id = 999", "tenant = 'toyonaka2'"}) {
    SCOPED_TRACE(set);
    ScratchDir dir;
    const std::string copy = dir.File("copy.db");
    {
      RawConnection raw(path_);
      ASSERT_EQ(raw.Exec("VACUUM INTO '" + copy + "'"), "");
    }
    RawConnection raw(copy);
    ASSERT_EQ(raw.Exec(kDropGuards), "");
    ASSERT_EQ(raw.Exec(std::string("UPDATE audit SET ") + set + " WHERE seq = 2"), "");
    auto tampered = OpenSqliteStore(copy);
    ASSERT_TRUE(tampered.ok());
    auto v = (*tampered)->VerifyAudit("");
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->ok);
    EXPECT_FALSE(v->problem.empty());
  }
}

TEST_F(AuditTest, ADeletedMiddleEntryIsDetected) {
  Fill("toyonaka", 10);
  Tamper("DELETE FROM audit WHERE tenant = 'toyonaka' AND seq = 5");
  ExpectBroken("tenant 'toyonaka': entry 5 is missing (entries jump from 4 to 6)", 5);
}

TEST_F(AuditTest, ADeletedFirstEntryIsDetected) {
  Fill("toyonaka", 4);
  Tamper("DELETE FROM audit WHERE tenant = 'toyonaka' AND seq = 1");
  ExpectBroken("tenant 'toyonaka': entry 1 is missing", 1);
}

TEST_F(AuditTest, ADeletedLastEntryIsDetectedThroughTheHead) {
  Fill("toyonaka", 10);
  Tamper("DELETE FROM audit WHERE tenant = 'toyonaka' AND seq = 10");
  ExpectBroken("tenant 'toyonaka': entry 10 is missing (the chain head records 10 entries, the log ends at 9)", 10);
}

TEST_F(AuditTest, AWhollyDeletedLogIsDetectedThroughTheHead) {
  Fill("toyonaka", 3);
  Tamper("DELETE FROM audit WHERE tenant = 'toyonaka'");
  ExpectBroken("tenant 'toyonaka': entry 1 is missing (the chain head records 3 entries, the log ends at 0)", 1);
}

TEST_F(AuditTest, SwappedEntriesAreDetected) {
  Fill("toyonaka", 6);
  // Exchange everything but id and seq between entries 3 and 4.
  const std::string cols = "at, actor, role, action, case_id, detail, prev_hash, hash";
  Tamper("CREATE TEMP TABLE s AS SELECT seq, " + cols + " FROM audit WHERE tenant = 'toyonaka' AND seq IN (3, 4);"
         "UPDATE audit SET (" + cols + ") = (SELECT " + cols + " FROM s WHERE s.seq = 7 - audit.seq) "
         "WHERE tenant = 'toyonaka' AND seq IN (3, 4);");
  ExpectBroken("tenant 'toyonaka': entry 3 does not follow entry 2 (prev_hash mismatch: reordered or replaced)", 3);
}

TEST_F(AuditTest, AnEditedAndRehashedEntryBreaksTheNextLink) {
  Fill("toyonaka", 5);
  auto entries = store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", 0, 10});
  ASSERT_TRUE(entries.ok());
  AuditEntry forged = (*entries)[2];
  forged.actor = "someone-else";
  const std::string hash = ExpectedHash(forged);
  Tamper("UPDATE audit SET actor = 'someone-else', hash = '" + hash + "' WHERE tenant = 'toyonaka' AND seq = 3");
  ExpectBroken("tenant 'toyonaka': entry 4 does not follow entry 3", 4);
}

TEST_F(AuditTest, AnEditedAndRehashedLastEntryDisagreesWithTheHead) {
  Fill("toyonaka", 5);
  auto entries = store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", 0, 10});
  ASSERT_TRUE(entries.ok());
  AuditEntry forged = (*entries)[4];
  forged.action = "case.read";
  forged.detail = "";
  Tamper("UPDATE audit SET action = 'case.read', detail = '', hash = '" + ExpectedHash(forged) +
         "' WHERE tenant = 'toyonaka' AND seq = 5");
  ExpectBroken("tenant 'toyonaka': entry 5 does not match the chain head's hash", 5);
}

TEST_F(AuditTest, AForgedEntryIsDetectedEvenWithAValidHash) {
  Fill("toyonaka", 4);
  auto entries = store_->ListAudit(AuditFilter{"toyonaka", {}, "", "", 0, 10});
  ASSERT_TRUE(entries.ok());
  AuditEntry forged = MakeEntry("toyonaka", "sato", "case.read", 100, "");
  forged.seq = 5;
  forged.prev_hash = (*entries)[3].hash;
  Tamper("INSERT INTO audit (tenant, seq, at, actor, role, action, case_id, detail, prev_hash, hash) VALUES "
         "('toyonaka', 5, " + std::to_string(forged.at) + ", 'sato', 'takikan', 'case.read', 100, '', '" +
         forged.prev_hash + "', '" + ExpectedHash(forged) + "')");
  ExpectBroken("tenant 'toyonaka': entry 5 is beyond the chain head (4 entries)", 5);
  // The store refuses to chain onto a log that was written behind its back.
  auto next = store_->AppendAudit(MakeEntry("toyonaka", "sato", "login"));
  EXPECT_EQ(next.status().code(), Status::Code::kCorruption) << next.status().ToString();
}

TEST_F(AuditTest, AForgedTenantWithoutAHeadIsDetected) {
  Fill("toyonaka", 2);
  AuditEntry forged = MakeEntry("ikeda", "x", "login");
  forged.seq = 1;
  forged.prev_hash = kZeros;
  Tamper("INSERT INTO audit (tenant, seq, at, actor, role, action, detail, prev_hash, hash) VALUES "
         "('ikeda', 1, " + std::to_string(forged.at) + ", 'x', 'takikan', 'login', '', '" + kZeros + "', '" +
         ExpectedHash(forged) + "')");
  EXPECT_TRUE(Verify("toyonaka").ok);
  AuditVerification all = Verify("");
  EXPECT_FALSE(all.ok);
  EXPECT_EQ(all.problem, "tenant 'ikeda': entry 1 has no chain head (forged, or the head was removed)");
  EXPECT_EQ(all.at_seq, 1);
}

TEST_F(AuditTest, ConcurrentAppendsThroughTwoConnectionsChainCorrectly) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  // Two threads share this store; two more use a second connection to the same file.
  auto other = OpenSqliteStore(path_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    Store* s = t % 2 == 0 ? store_.get() : other->get();
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
