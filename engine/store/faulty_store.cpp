#include "store/faulty_store.h"

namespace kasane {
namespace {

size_t Index(StoreOp op) { return static_cast<size_t>(op); }

bool CarriesAudit(StoreOp op) {
  return op == StoreOp::kCommit || op == StoreOp::kCreateCase || op == StoreOp::kSetLiveVersions ||
         op == StoreOp::kAppendAudit;
}

// `audit`, or a stand-in, with a detail longer than any store accepts.
AuditEntry Unacceptable(const std::optional<AuditEntry>& audit) {
  AuditEntry e;
  if (audit) {
    e = *audit;
  } else {
    e.tenant = "fault-injection";
    e.action = "fault.injected";
  }
  e.detail.assign(201, 'x');
  return e;
}

}  // namespace

Status FaultyStore::FailNext(StoreOp op, Status status, int times, FaultPoint point) {
  if (status.ok()) return Status::InvalidArgument("FaultyStore: a fault needs an error status");
  if (times == 0 || times < kForever) {
    return Status::InvalidArgument("FaultyStore: times must be positive or kForever, got " + std::to_string(times));
  }
  if (point == FaultPoint::kInside && !CarriesAudit(op)) {
    return Status::InvalidArgument("FaultyStore: only a write that carries an audit entry can fail inside");
  }
  std::lock_guard<std::mutex> lock(mu_);
  faults_[Index(op)] = Fault{std::move(status), times, point};
  return Status::OK();
}

void FaultyStore::Clear(StoreOp op) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_[Index(op)].reset();
}

void FaultyStore::ClearAll() {
  std::lock_guard<std::mutex> lock(mu_);
  for (std::optional<Fault>& f : faults_) f.reset();
}

int64_t FaultyStore::Calls(StoreOp op) const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_[Index(op)];
}

int64_t FaultyStore::Injected(StoreOp op) const {
  std::lock_guard<std::mutex> lock(mu_);
  return injected_[Index(op)];
}

std::optional<FaultyStore::Fault> FaultyStore::Take(StoreOp op) {
  std::lock_guard<std::mutex> lock(mu_);
  ++calls_[Index(op)];
  std::optional<Fault>& armed = faults_[Index(op)];
  if (!armed) return std::nullopt;
  ++injected_[Index(op)];
  std::optional<Fault> out = armed;
  if (armed->remaining != kForever && --armed->remaining == 0) armed.reset();
  return out;
}

template <typename R, typename Call>
R FaultyStore::Apply(const std::optional<Fault>& f, Call call) {
  if (f && f->point == FaultPoint::kBefore) return f->status;
  R answer = call();
  if (f && answer.ok()) return f->status;  // kAfter: done, but reported as failed
  return answer;
}

template <typename R>
R FaultyStore::Inside(const Fault& f, const R& answer) {
  if (answer.ok()) return Status::Internal("FaultyStore: the store accepted an audit entry it must refuse");
  return f.status;
}

// ------------------------------------------------------ writes with an audit

Result<CaseRecord> FaultyStore::CreateCase(const NewCase& c) {
  const std::optional<Fault> f = Take(StoreOp::kCreateCase);
  if (f && f->point == FaultPoint::kInside) {
    NewCase bad = c;
    bad.audit = Unacceptable(c.audit);
    return Inside(*f, base_->CreateCase(bad));
  }
  return Apply<Result<CaseRecord>>(f, [&] { return base_->CreateCase(c); });
}

Result<CommitResult> FaultyStore::Commit(const CommitRequest& req) {
  const std::optional<Fault> f = Take(StoreOp::kCommit);
  if (f && f->point == FaultPoint::kInside) {
    CommitRequest bad = req;
    bad.audit = Unacceptable(req.audit);
    return Inside(*f, base_->Commit(bad));
  }
  return Apply<Result<CommitResult>>(f, [&] { return base_->Commit(req); });
}

Status FaultyStore::SetLiveVersions(const std::vector<LiveVersion>& live, const std::optional<AuditEntry>& audit) {
  const std::optional<Fault> f = Take(StoreOp::kSetLiveVersions);
  if (f && f->point == FaultPoint::kInside) return Inside(*f, base_->SetLiveVersions(live, Unacceptable(audit)));
  return Apply<Status>(f, [&] { return base_->SetLiveVersions(live, audit); });
}

Result<AuditEntry> FaultyStore::AppendAudit(const AuditEntry& entry) {
  const std::optional<Fault> f = Take(StoreOp::kAppendAudit);
  if (f && f->point == FaultPoint::kInside) return Inside(*f, base_->AppendAudit(Unacceptable(entry)));
  return Apply<Result<AuditEntry>>(f, [&] { return base_->AppendAudit(entry); });
}

// ------------------------------------------------------------ everything else

Result<DefinitionVersionId> FaultyStore::SaveDefinitionVersion(const StoredDefinition& def) {
  return Apply<Result<DefinitionVersionId>>(Take(StoreOp::kSaveDefinitionVersion),
                                            [&] { return base_->SaveDefinitionVersion(def); });
}

Result<StoredDefinition> FaultyStore::LoadDefinitionVersion(DefinitionVersionId id) {
  return Apply<Result<StoredDefinition>>(Take(StoreOp::kLoadDefinitionVersion),
                                         [&] { return base_->LoadDefinitionVersion(id); });
}

Result<std::vector<StoredDefinition>> FaultyStore::ListDefinitionVersions(const std::string& tenant,
                                                                          const std::string& workflow) {
  return Apply<Result<std::vector<StoredDefinition>>>(Take(StoreOp::kListDefinitionVersions),
                                                      [&] { return base_->ListDefinitionVersions(tenant, workflow); });
}

Result<CaseRecord> FaultyStore::GetCase(CaseId id) {
  return Apply<Result<CaseRecord>>(Take(StoreOp::kGetCase), [&] { return base_->GetCase(id); });
}

Result<std::vector<CaseRecord>> FaultyStore::ListCases(const CaseFilter& filter) {
  return Apply<Result<std::vector<CaseRecord>>>(Take(StoreOp::kListCases), [&] { return base_->ListCases(filter); });
}

Result<int64_t> FaultyStore::CountCases() {
  return Apply<Result<int64_t>>(Take(StoreOp::kCountCases), [&] { return base_->CountCases(); });
}

Result<std::optional<EventRecord>> FaultyStore::FindEventByIdempotencyKey(CaseId id, const std::string& key) {
  return Apply<Result<std::optional<EventRecord>>>(Take(StoreOp::kFindEventByIdempotencyKey),
                                                   [&] { return base_->FindEventByIdempotencyKey(id, key); });
}

Result<std::vector<EventRecord>> FaultyStore::History(CaseId id) {
  return Apply<Result<std::vector<EventRecord>>>(Take(StoreOp::kHistory), [&] { return base_->History(id); });
}

Result<std::vector<CaseRecord>> FaultyStore::Children(CaseId parent) {
  return Apply<Result<std::vector<CaseRecord>>>(Take(StoreOp::kChildren), [&] { return base_->Children(parent); });
}

Result<std::vector<TaskRecord>> FaultyStore::Tasks(CaseId id, bool open_only) {
  return Apply<Result<std::vector<TaskRecord>>>(Take(StoreOp::kTasks), [&] { return base_->Tasks(id, open_only); });
}

Result<std::vector<TaskRecord>> FaultyStore::ListTasks(const TaskFilter& filter) {
  return Apply<Result<std::vector<TaskRecord>>>(Take(StoreOp::kListTasks), [&] { return base_->ListTasks(filter); });
}

Result<std::vector<TimerRecord>> FaultyStore::PendingTimers(CaseId id) {
  return Apply<Result<std::vector<TimerRecord>>>(Take(StoreOp::kPendingTimers),
                                                 [&] { return base_->PendingTimers(id); });
}

Result<std::vector<TimerRecord>> FaultyStore::DueTimers(Timestamp now, int limit) {
  return Apply<Result<std::vector<TimerRecord>>>(Take(StoreOp::kDueTimers),
                                                 [&] { return base_->DueTimers(now, limit); });
}

Status FaultyStore::DeleteTimer(int64_t timer_row_id) {
  return Apply<Status>(Take(StoreOp::kDeleteTimer), [&] { return base_->DeleteTimer(timer_row_id); });
}

Status FaultyStore::PostponeTimer(int64_t timer_row_id, Timestamp not_before) {
  return Apply<Status>(Take(StoreOp::kPostponeTimer), [&] { return base_->PostponeTimer(timer_row_id, not_before); });
}

Result<std::vector<LiveVersion>> FaultyStore::ListLiveVersions(const std::string& tenant) {
  return Apply<Result<std::vector<LiveVersion>>>(Take(StoreOp::kListLiveVersions),
                                                 [&] { return base_->ListLiveVersions(tenant); });
}

Result<std::vector<AuditEntry>> FaultyStore::ListAudit(const AuditFilter& filter) {
  return Apply<Result<std::vector<AuditEntry>>>(Take(StoreOp::kListAudit), [&] { return base_->ListAudit(filter); });
}

Result<AuditVerification> FaultyStore::VerifyAudit(const std::string& tenant) {
  return Apply<Result<AuditVerification>>(Take(StoreOp::kVerifyAudit), [&] { return base_->VerifyAudit(tenant); });
}

Status FaultyStore::CheckIntegrity() {
  return Apply<Status>(Take(StoreOp::kCheckIntegrity), [&] { return base_->CheckIntegrity(); });
}

}  // namespace kasane
