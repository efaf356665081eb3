// A Store that passes every call through and keeps a copy of each successful
// commit, so the benchmark can replay exactly those rows as its ceiling.
#pragma once

#include <utility>
#include <vector>

#include "store/store.h"

namespace kasane {

class RecordingStore final : public Store {
 public:
  explicit RecordingStore(Store* inner) : inner_(inner) {}

  // The commits recorded since the last call; clears the record.
  std::vector<CommitRequest> TakeCommits() { return std::exchange(commits_, {}); }

  Result<CommitResult> Commit(const CommitRequest& req) override {
    auto r = inner_->Commit(req);
    if (r.ok()) commits_.push_back(req);
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
  Result<CaseRecord> CreateCase(const NewCase& c) override { return inner_->CreateCase(c); }
  Result<CaseRecord> GetCase(CaseId id) override { return inner_->GetCase(id); }
  Result<std::vector<CaseRecord>> ListCases(const CaseFilter& f) override { return inner_->ListCases(f); }
  Result<int64_t> CountCases() override { return inner_->CountCases(); }
  Result<std::optional<EventRecord>> FindEventByIdempotencyKey(CaseId id, const std::string& key) override {
    return inner_->FindEventByIdempotencyKey(id, key);
  }
  Result<std::vector<EventRecord>> History(CaseId id) override { return inner_->History(id); }
  Result<std::vector<TaskRecord>> Tasks(CaseId id, bool open_only) override { return inner_->Tasks(id, open_only); }
  Result<std::vector<TimerRecord>> PendingTimers(CaseId id) override { return inner_->PendingTimers(id); }
  Result<std::vector<TimerRecord>> DueTimers(Timestamp now, int limit) override {
    return inner_->DueTimers(now, limit);
  }
  Status DeleteTimer(int64_t id) override { return inner_->DeleteTimer(id); }
  Status CheckIntegrity() override { return inner_->CheckIntegrity(); }

 private:
  Store* inner_;
  std::vector<CommitRequest> commits_;
};

}  // namespace kasane
