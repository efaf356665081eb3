// The conformance suite's fixture: a fresh store per test and checked readers.
#include "store_conformance.h"

namespace kasane::testing_util {

void StoreConformanceTest::SetUp() {
  store_ = GetParam().open();
  ASSERT_NE(store_, nullptr);
  Result<DefinitionVersionId> def = store_->SaveDefinitionVersion(MakeDefinition("hash-1"));
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  def_ = *def;
}

CaseRecord StoreConformanceTest::Create(const NewCase& c) {
  Result<CaseRecord> r = store_->CreateCase(c);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : CaseRecord{};
}

CaseRecord StoreConformanceTest::Get(CaseId id) {
  Result<CaseRecord> r = store_->GetCase(id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : CaseRecord{};
}

std::vector<EventRecord> StoreConformanceTest::HistoryOf(CaseId id) {
  Result<std::vector<EventRecord>> r = store_->History(id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<EventRecord>{};
}

std::vector<TimerRecord> StoreConformanceTest::TimersOf(CaseId id) {
  Result<std::vector<TimerRecord>> r = store_->PendingTimers(id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<TimerRecord>{};
}

std::vector<TaskRecord> StoreConformanceTest::TasksOf(CaseId id, bool open_only) {
  Result<std::vector<TaskRecord>> r = store_->Tasks(id, open_only);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<TaskRecord>{};
}

std::vector<std::string> StoreConformanceTest::DueIds(Timestamp now, int limit) {
  Result<std::vector<TimerRecord>> r = store_->DueTimers(now, limit);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? TimerIds(*r) : std::vector<std::string>{};
}

std::vector<AuditEntry> StoreConformanceTest::AuditOf(const std::string& tenant) {
  AuditFilter f;
  f.tenant = tenant;
  f.limit = 10000;
  Result<std::vector<AuditEntry>> r = store_->ListAudit(f);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<AuditEntry>{};
}

AuditVerification StoreConformanceTest::Verify(const std::string& tenant) {
  Result<AuditVerification> v = store_->VerifyAudit(tenant);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : AuditVerification{};
}

std::vector<std::string> StoreConformanceTest::TimerIds(const std::vector<TimerRecord>& timers) {
  std::vector<std::string> ids;
  for (const TimerRecord& t : timers) ids.push_back(t.timer_id);
  return ids;
}

AuditEntry StoreConformanceTest::Entry(const std::string& action, const std::string& detail) {
  AuditEntry e;
  e.tenant = "toyonaka-city";
  e.at = 1693530000;
  e.actor = "sato";
  e.role = "secretariat";
  e.action = action;
  e.detail = detail;
  return e;
}

}  // namespace kasane::testing_util
