// A Store that passes every call through and keeps a copy of each successful
// write (case creation or commit), so the benchmark can replay exactly those
// rows as its ceiling.
#pragma once

#include <utility>
#include <vector>

#include "store/sqlite/raw_ceiling.h"
#include "store/store.h"

namespace kasane {

class RecordingStore final : public Store {
 public:
  explicit RecordingStore(Store* inner) : inner_(inner) {}

  // The writes recorded since the last call, in order; clears the record.
  std::vector<RecordedWrite> TakeWrites() { return std::exchange(writes_, {}); }

  Result<CommitResult> Commit(const CommitRequest& req) override {
    auto r = inner_->Commit(req);
    if (r.ok()) writes_.emplace_back(req);
    return r;
  }
  Result<CaseRecord> CreateCase(const NewCase& c) override {
    auto r = inner_->CreateCase(c);
    if (r.ok()) writes_.emplace_back(c);
    return r;
  }

  Result<DefinitionVersionId> SaveDefinitionVersion(const StoredDefinition& d) override {
    return inner_->SaveDefinitionVersion(d);
  }
  Result<StoredDefinition> LoadDefinitionVersion(DefinitionVersionId id) override {
    return inner_->LoadDefinitionVersion(id);
  }
  Result<std::vector<StoredDefinition>> ListDefinitionVersions(const std::string& t, const std::string& w) override {
    return inner_->ListDefinitionVersions(t, w);
  }
  Result<CaseRecord> GetCase(CaseId id) override { return inner_->GetCase(id); }
  Result<std::vector<CaseRecord>> ListCases(const CaseFilter& f) override { return inner_->ListCases(f); }
  Result<int64_t> CountCases() override { return inner_->CountCases(); }
  Result<std::optional<EventRecord>> FindEventByIdempotencyKey(CaseId id, const std::string& key) override {
    return inner_->FindEventByIdempotencyKey(id, key);
  }
  Result<std::vector<EventRecord>> History(CaseId id) override { return inner_->History(id); }
  Result<std::vector<CaseRecord>> Children(CaseId parent) override { return inner_->Children(parent); }
  Result<std::vector<TaskRecord>> Tasks(CaseId id, bool open_only) override { return inner_->Tasks(id, open_only); }
  Result<std::vector<TaskRecord>> ListTasks(const TaskFilter& f) override { return inner_->ListTasks(f); }
  Result<std::vector<TimerRecord>> PendingTimers(CaseId id) override { return inner_->PendingTimers(id); }
  Result<std::vector<TimerRecord>> DueTimers(Timestamp now, int limit) override {
    return inner_->DueTimers(now, limit);
  }
  Status DeleteTimer(int64_t id) override { return inner_->DeleteTimer(id); }
  Status PostponeTimer(int64_t id, Timestamp not_before) override { return inner_->PostponeTimer(id, not_before); }
  Status SetLiveVersions(const std::vector<LiveVersion>& live, const std::optional<AuditEntry>& audit) override {
    return inner_->SetLiveVersions(live, audit);
  }
  Result<std::vector<LiveVersion>> ListLiveVersions(const std::string& tenant) override {
    return inner_->ListLiveVersions(tenant);
  }
  Result<AuditEntry> AppendAudit(const AuditEntry& e) override { return inner_->AppendAudit(e); }
  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& f) override { return inner_->ListAudit(f); }
  Result<AuditVerification> VerifyAudit(const std::string& tenant) override { return inner_->VerifyAudit(tenant); }
  Status CheckIntegrity() override { return inner_->CheckIntegrity(); }

 private:
  Store* inner_;
  std::vector<RecordedWrite> writes_;
};

}  // namespace kasane
