// FaultyStore: a Store that forwards every call to another Store and fails
// chosen operations on demand, to test that callers and backends cope with
// errors (the idea of LevelDB's EnvWrapper, applied to the Store).
//
//   FaultyStore faulty(sqlite_store.get());
//   faulty.FailNext(StoreOp::kCommit, Status::IOError("disk full"));
//   faulty.FailNext(StoreOp::kCommit, Status::IOError("disk full"), 1, FaultPoint::kInside);
//
// Thread-safe: the fault table has its own mutex, and calls into the wrapped
// store are made outside it.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace kasane {

// One Store method each.
enum class StoreOp {
  kSaveDefinitionVersion,
  kLoadDefinitionVersion,
  kListDefinitionVersions,
  kCreateCase,
  kGetCase,
  kListCases,
  kCountCases,
  kCommit,
  kFindEventByIdempotencyKey,
  kHistory,
  kChildren,
  kTasks,
  kListTasks,
  kPendingTimers,
  kDueTimers,
  kDeleteTimer,
  kPostponeTimer,
  kSetLiveVersions,
  kListLiveVersions,
  kAppendAudit,
  kListAudit,
  kVerifyAudit,
  kCheckIntegrity,
};
inline constexpr size_t kStoreOpCount = static_cast<size_t>(StoreOp::kCheckIntegrity) + 1;

// Where an injected fault strikes.
enum class FaultPoint {
  // The call fails with the fault's status; the wrapped store is not called.
  kBefore,
  // Only for the writes that carry an audit entry (kCommit, kCreateCase,
  // kSetLiveVersions) and kAppendAudit: the wrapped store is called with the
  // request's audit entry (or, when it has none, an entry of tenant
  // "fault-injection") made longer than the 200 bytes every store refuses,
  // so the write fails at its end, inside the wrapped store's transaction.
  // Answers the fault's status, or Internal if the wrapped store accepted it.
  kInside,
  // The wrapped store is called and its result dropped: a write that
  // succeeded is still reported as failed with the fault's status, as when
  // the acknowledgement is lost. A call that failed by itself keeps its error.
  kAfter,
};

class FaultyStore final : public Store {
 public:
  // Makes FailNext fail every call until Clear.
  static constexpr int kForever = -1;

  // `base` is not owned and must outlive this store.
  explicit FaultyStore(Store* base) : base_(base) {}

  // Fails the next `times` calls of `op` (kForever: every call) with `status`,
  // which must not be OK, at `point`; replaces any fault armed for `op`.
  // InvalidArgument (and nothing armed) for an OK status, times == 0 or < -1,
  // or kInside on an operation that carries no audit entry.
  Status FailNext(StoreOp op, Status status, int times = 1, FaultPoint point = FaultPoint::kBefore);
  Status FailAlways(StoreOp op, Status status, FaultPoint point = FaultPoint::kBefore) {
    return FailNext(op, std::move(status), kForever, point);
  }
  // Disarms the fault of `op`, or of every operation.
  void Clear(StoreOp op);
  void ClearAll();

  // Calls of `op` so far, failed ones included, and how many of them a fault struck.
  int64_t Calls(StoreOp op) const;
  int64_t Injected(StoreOp op) const;

  Result<DefinitionVersionId> SaveDefinitionVersion(const StoredDefinition& def) override;
  Result<StoredDefinition> LoadDefinitionVersion(DefinitionVersionId id) override;
  Result<std::vector<StoredDefinition>> ListDefinitionVersions(const std::string& tenant,
                                                               const std::string& workflow) override;
  Result<CaseRecord> CreateCase(const NewCase& c) override;
  Result<CaseRecord> GetCase(CaseId id) override;
  Result<std::vector<CaseRecord>> ListCases(const CaseFilter& filter) override;
  Result<int64_t> CountCases() override;
  Result<CommitResult> Commit(const CommitRequest& req) override;
  Result<std::optional<EventRecord>> FindEventByIdempotencyKey(CaseId id, const std::string& key) override;
  Result<std::vector<EventRecord>> History(CaseId id) override;
  Result<std::vector<CaseRecord>> Children(CaseId parent) override;
  Result<std::vector<TaskRecord>> Tasks(CaseId id, bool open_only) override;
  Result<std::vector<TaskRecord>> ListTasks(const TaskFilter& filter) override;
  Result<std::vector<TimerRecord>> PendingTimers(CaseId id) override;
  Result<std::vector<TimerRecord>> DueTimers(Timestamp now, int limit) override;
  Status DeleteTimer(int64_t timer_row_id) override;
  Status PostponeTimer(int64_t timer_row_id, Timestamp not_before) override;
  Status SetLiveVersions(const std::vector<LiveVersion>& live, const std::optional<AuditEntry>& audit) override;
  Result<std::vector<LiveVersion>> ListLiveVersions(const std::string& tenant) override;
  Result<AuditEntry> AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) override;
  Result<AuditVerification> VerifyAudit(const std::string& tenant) override;
  Status CheckIntegrity() override;

 private:
  struct Fault {
    Status status;
    int remaining = 0;  // kForever: never runs out
    FaultPoint point = FaultPoint::kBefore;
  };

  // Counts a call of `op` and returns the fault that strikes it, if any.
  std::optional<Fault> Take(StoreOp op);

  // Runs `call` (the forwarded call) under fault `f`, for kBefore and kAfter.
  template <typename R, typename Call>
  static R Apply(const std::optional<Fault>& f, Call call);
  // The status of a kInside fault, given the wrapped store's answer.
  template <typename R>
  static R Inside(const Fault& f, const R& answer);

  Store* const base_;
  mutable std::mutex mu_;
  std::array<std::optional<Fault>, kStoreOpCount> faults_;  // guarded by mu_
  std::array<int64_t, kStoreOpCount> calls_{};               // guarded by mu_
  std::array<int64_t, kStoreOpCount> injected_{};            // guarded by mu_
};

}  // namespace kasane
