// Store: durable cases, the event journal, tasks, timers and every deployed
// definition version.
//
// Contract:
//  - Every mutating call is one transaction: all of it is written or none.
//  - Commit() is version-checked: it writes only if the stored case version
//    equals expected_version, and answers Status::Conflict otherwise. A stale
//    write is refused, never merged.
//  - The event journal is append-only; the schema refuses UPDATE and DELETE.
//  - The audit log is append-only and hash-chained per tenant (see AuditEntry).
//  - Implementations are thread-safe: calls may come from several threads.
//  - Errors are Status values; nothing throws.
//
// A backend is opened by URL through OpenStore (store/open_store.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/case.h"
#include "model/change_set.h"
#include "util/status.h"

namespace kasane {

struct StoredDefinition {
  DefinitionVersionId id = 0;
  std::string tenant;
  std::string workflow;
  std::string content_hash;
  std::string bundle;  // JSON: the YAML and plugin sources, enough to reload it exactly
  Timestamp deployed_at = 0;
  std::string deployed_by;
};

// One audit log entry: who did what, when, to which case. Never personal data:
// `detail` is a short technical note such as an event name.
//
// Entries form one hash chain per tenant: seq counts from 1 without gaps,
// prev_hash is the previous entry's hash (64 zeros for the first) and hash is
// the hex SHA-256 of the entry's fields, prev_hash included. A hash chain alone
// cannot show that its last entries were cut off, so the store also keeps the
// chain head (last seq and hash per tenant), written in the same transaction:
// a removed tail shows up as a head pointing past the last entry.
//
// This detects rows edited, removed, reordered or added outside the store by
// anyone who did not also rewrite every later hash and the head. It is not a
// signature: someone with write access to the file who recomputes the whole
// chain and head is caught only by comparing the head with a copy kept elsewhere.
struct AuditEntry {
  int64_t id = 0;  // row id, filled in by the store
  std::string tenant;
  int64_t seq = 0;  // filled in by the store
  Timestamp at = 0;
  std::string actor;
  std::string role;
  std::string action;  // "case.read", "case.fire", "case.create", "login", "workflow.deploy"...
  std::optional<CaseId> case_id;
  std::string detail;
  std::string prev_hash;  // filled in by the store
  std::string hash;       // filled in by the store
};

// Which version of a tenant's workflow is live (new cases pin it). Changed
// only by a deploy, in the same transaction as the deploy's audit entry.
struct LiveVersion {
  std::string tenant;
  std::string workflow;
  DefinitionVersionId version = 0;
  // The content hash of the version last imported from the workflow's file on
  // disk (a start or reload); a deploy from the browser keeps it, so that the
  // next start imports the file only when the file itself changed. Empty: never
  // imported from disk.
  std::string disk_hash;
  Timestamp changed_at = 0;
  std::string changed_by;
};

struct NewCase {
  std::string tenant;
  std::string workflow;
  DefinitionVersionId definition_version = 0;
  std::string state;
  Value data;  // a map
  CaseId parent_id = 0;  // the spawning case, for a linked sub-flow; 0 for none
  EventRecord event;   // the creation event; case_id and seq are filled in by the store
  ChangeSet changes;   // tasks, timers and memberships created with the case
  Timestamp now = 0;
  // Appended to its tenant's audit chain in the same transaction, with the
  // new case's id: the case and its audit entry are written together or not
  // at all. Unset: no entry (children of a spawn, tools).
  std::optional<AuditEntry> audit;
};

struct CommitRequest {
  CaseId case_id = 0;
  int64_t expected_version = 0;
  std::string from_state;  // the state left; owns the timers cancelled by changes.cancel_state_timers
  std::string to_state;
  Value data;              // the case data after the change set's patch was applied
  EventRecord event;       // case_id and seq are filled in by the store
  ChangeSet changes;
  // Row id of the timer this event came from. It must still be pending on this
  // case: when it has fired, been cancelled or been replaced meanwhile, the
  // commit is a Conflict and writes nothing, so a timer fires at most once.
  std::optional<int64_t> consumed_timer;
  std::vector<NewCase> spawned;           // child cases created in the same transaction (parent_id set by the store)
  Timestamp now = 0;
  // Appended to its tenant's audit chain in the same transaction (case_id set
  // by the store): no committed change without its audit entry.
  std::optional<AuditEntry> audit;
};

struct CommitResult {
  CaseRecord case_after;
  EventRecord event;
  std::vector<CaseRecord> spawned;  // the child cases created, in request order
};

struct CaseFilter {
  std::string tenant;    // required
  std::string workflow;  // empty: any
  std::string state;     // empty: any
  std::string member_agency;  // empty: any; else only cases this agency is a member of
  int64_t after_id = 0;  // keyset paging: ids greater than this
  int limit = 50;
};

// Open tasks of one agency across a tenant's cases: an inbox.
struct TaskFilter {
  std::string tenant;  // required
  std::string agency;  // required
  std::string role;    // empty: any
  int64_t after_id = 0;  // keyset paging: task ids greater than this
  int limit = 200;
};

struct AuditFilter {
  std::string tenant;             // required
  std::optional<CaseId> case_id;  // unset: any
  std::string actor;              // empty: any
  std::string action;             // empty: any
  int64_t after_seq = 0;          // keyset paging: seqs greater than this
  int limit = 100;
};

struct AuditVerification {
  bool ok = true;
  int64_t entries = 0;               // entries checked
  std::string problem;               // the first problem found, naming tenant and seq; empty when ok
  int64_t at_seq = 0;                // the seq the problem is about; 0 when ok
  std::vector<std::string> tenants;  // the tenants checked, sorted
};

class Store {
 public:
  virtual ~Store() = default;

  // Definitions. SaveDefinitionVersion is idempotent on (tenant, content_hash):
  // saving the same content again returns the existing id.
  virtual Result<DefinitionVersionId> SaveDefinitionVersion(const StoredDefinition& def) = 0;
  virtual Result<StoredDefinition> LoadDefinitionVersion(DefinitionVersionId id) = 0;
  virtual Result<std::vector<StoredDefinition>> ListDefinitionVersions(const std::string& tenant,
                                                                       const std::string& workflow) = 0;

  // Cases.
  virtual Result<CaseRecord> CreateCase(const NewCase& c) = 0;
  virtual Result<CaseRecord> GetCase(CaseId id) = 0;
  virtual Result<std::vector<CaseRecord>> ListCases(const CaseFilter& filter) = 0;
  virtual Result<int64_t> CountCases() = 0;
  virtual Result<CommitResult> Commit(const CommitRequest& req) = 0;

  // The event already recorded for this idempotency key on this case, if any.
  virtual Result<std::optional<EventRecord>> FindEventByIdempotencyKey(CaseId id, const std::string& key) = 0;
  virtual Result<std::vector<EventRecord>> History(CaseId id) = 0;
  // The cases spawned by `parent`, oldest first.
  virtual Result<std::vector<CaseRecord>> Children(CaseId parent) = 0;
  virtual Result<std::vector<TaskRecord>> Tasks(CaseId id, bool open_only) = 0;
  // Open tasks matching the filter, oldest first.
  virtual Result<std::vector<TaskRecord>> ListTasks(const TaskFilter& filter) = 0;
  virtual Result<std::vector<TimerRecord>> PendingTimers(CaseId id) = 0;
  // Timers due at or before `now` and not postponed past it (not_before <=
  // now), oldest due first, across all cases.
  virtual Result<std::vector<TimerRecord>> DueTimers(Timestamp now, int limit) = 0;
  // Drops a timer whose event no longer applies (the case moved on).
  virtual Status DeleteTimer(int64_t timer_row_id) = 0;
  // After a failed attempt: counts it (attempts + 1) and keeps the timer out of
  // DueTimers until `not_before`. NotFound when the timer is gone.
  virtual Status PostponeTimer(int64_t timer_row_id, Timestamp not_before) = 0;

  // Live versions. SetLiveVersions makes each entry the live version of its
  // (tenant, workflow), replacing the previous one, and appends `audit` (when
  // set) to its tenant's chain, all in one transaction. Each version must be a
  // stored version of that tenant and workflow (InvalidArgument otherwise, and
  // nothing is written).
  virtual Status SetLiveVersions(const std::vector<LiveVersion>& live, const std::optional<AuditEntry>& audit) = 0;
  // The live versions of `tenant` ("" for every tenant), by tenant then workflow.
  virtual Result<std::vector<LiveVersion>> ListLiveVersions(const std::string& tenant) = 0;

  // Audit log. AppendAudit fills in seq, prev_hash, hash and id, chaining the
  // entry to its tenant's head in one write transaction, and returns the stored
  // entry. tenant and action are required; detail is at most 200 bytes.
  virtual Result<AuditEntry> AppendAudit(const AuditEntry& entry) = 0;
  // A tenant's entries matching the filter, in seq order.
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) = 0;
  // Walks `tenant`'s chain ("" for every tenant's) and reports the first
  // problem. A broken chain is a result (ok == false), not an error Status.
  virtual Result<AuditVerification> VerifyAudit(const std::string& tenant) = 0;

  // Runs the backend's own consistency check: OK when the stored data is
  // sound, Corruption (naming what is wrong) otherwise.
  virtual Status CheckIntegrity() = 0;
};

}  // namespace kasane
