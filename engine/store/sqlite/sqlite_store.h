// SqliteStore: the Store on one SQLite connection.
//
// Thread safety: one mutex serialises every call on the connection. SQLite
// writes one transaction at a time anyway, so the lock costs little, and it
// keeps the cached statements and transactions from interleaving. Several
// processes may share a file: BEGIN IMMEDIATE plus the busy timeout order their
// writes, and the version check refuses stale ones.
//
// Every statement is prepared once at open and reused (reset + cleared after
// each use); see schema.cpp for the tables and the index each query uses.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/open_sqlite.h"
#include "store/sqlite/sqlite_handle.h"
#include "store/store.h"

namespace kasane {
namespace sqlite {
struct StoreStatements;
}

// Commit() and CreateCase() store the event as given (its decisions included)
// and `data` as given: the caller has already applied changes.data_patch and
// copied changes.decisions into the event, so the store reads neither.
class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory
  // one), applies `options` and migrates the schema.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const StoreOptions& options);
  ~SqliteStore() override;

  Result<DefinitionVersionId> SaveDefinitionVersion(const StoredDefinition& def) override;
  Result<StoredDefinition> LoadDefinitionVersion(DefinitionVersionId id) override;
  Result<std::vector<StoredDefinition>> ListDefinitionVersions(const std::string& tenant,
                                                               const std::string& workflow) override;

  Result<CaseRecord> CreateCase(const NewCase& c) override;
  Result<CaseRecord> GetCase(CaseId id) override;
  Result<std::vector<CaseRecord>> ListCases(const CaseFilter& filter) override;
  // Counts every row: linear in the number of cases, so keep it off hot paths.
  Result<int64_t> CountCases() override;
  Result<CommitResult> Commit(const CommitRequest& req) override;

  Result<std::optional<EventRecord>> FindEventByIdempotencyKey(CaseId id, const std::string& key) override;
  Result<std::vector<EventRecord>> History(CaseId id) override;
  Result<std::vector<CaseRecord>> Children(CaseId parent) override;
  Result<std::vector<TaskRecord>> Tasks(CaseId id, bool open_only) override;
  Result<std::vector<TaskRecord>> ListTasks(const TaskFilter& filter) override;
  Result<std::vector<TimerRecord>> PendingTimers(CaseId id) override;
  Result<std::vector<TimerRecord>> DueTimers(Timestamp now, int limit) override;
  // Deleting a timer that is already gone is not an error.
  Status DeleteTimer(int64_t timer_row_id) override;
  Status PostponeTimer(int64_t timer_row_id, Timestamp not_before) override;

  // Live versions: see live_version_store.cpp. Naming one (tenant, workflow)
  // twice in a call is InvalidArgument.
  Status SetLiveVersions(const std::vector<LiveVersion>& live, const std::optional<AuditEntry>& audit) override;
  Result<std::vector<LiveVersion>> ListLiveVersions(const std::string& tenant) override;

  // Audit log: see audit_store.cpp.
  Result<AuditEntry> AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) override;
  Result<AuditVerification> VerifyAudit(const std::string& tenant) override;

  Status CheckIntegrity() override;

  // Diagnostics. The current value of a connection PRAGMA such as
  // "synchronous" or "journal_mode", as text. `name` must be an identifier.
  Result<std::string> PragmaValue(std::string_view name);

  struct QueryPlan {
    std::string statement;  // the statement's name, e.g. "update case"
    std::string sql;
    std::vector<std::string> steps;  // EXPLAIN QUERY PLAN detail lines
    bool crosses_cases = false;      // reads rows of more than one case
  };
  // The query plan of every cached statement that reads rows, to check that each
  // one searches an index rather than scanning a table.
  Result<std::vector<QueryPlan>> ExplainStatements();

 private:
  SqliteStore(sqlite::DbHandle db, std::unique_ptr<sqlite::StoreStatements> stmts);

  Result<CaseRecord> LoadCaseLocked(CaseId id);
  Status LoadMembersLocked(CaseRecord* c);
  Status WriteChangesLocked(CaseId id, const ChangeSet& changes, const std::string& from_state,
                            std::optional<int64_t> consumed_timer, Timestamp now);
  Status InsertEventLocked(EventRecord* event);
  // Steps a case query to the end, then loads each case's members.
  Result<std::vector<CaseRecord>> ReadCasesLocked(sqlite::Statement& s);
  // Inserts a case with its creation event and changes, inside the caller's transaction.
  Result<CaseRecord> InsertCaseLocked(const NewCase& c, CaseId parent_id);
  // Chains `entry` to its tenant's head inside the caller's write transaction.
  Result<AuditEntry> AppendAuditLocked(const AuditEntry& entry);
  Result<int64_t> CaseVersionLocked(CaseId id);
  // InvalidArgument unless `v.version` is a stored version of v.tenant's v.workflow.
  Status CheckLiveVersionLocked(const LiveVersion& v);
  // Checks one tenant's chain against its head, adding to *out.
  Status VerifyTenantLocked(const std::string& tenant, AuditVerification* out);

  std::mutex mu_;
  sqlite::DbHandle db_;  // declared before stmts_: statements are finalized first
  std::unique_ptr<sqlite::StoreStatements> stmts_;
};

}  // namespace kasane
