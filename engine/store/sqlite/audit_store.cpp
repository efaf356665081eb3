// SqliteStore's audit log: appending to a tenant's chain, listing, verifying.
#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/audit_chain.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_statements.h"

namespace kasane {

using sqlite::AuditChainChecker;
using sqlite::AuditHead;
using sqlite::StatementScope;
using sqlite::Transaction;

namespace {

// Audit details are technical notes (an event name), never personal data; the
// cap keeps free text from creeping in.
constexpr size_t kMaxAuditDetail = 200;

Status ValidateAuditEntry(const AuditEntry& e) {
  if (e.tenant.empty()) return Status::InvalidArgument("AppendAudit: a tenant is required");
  if (e.action.empty()) return Status::InvalidArgument("AppendAudit: an action is required");
  if (e.detail.size() > kMaxAuditDetail) {
    return Status::InvalidArgument("AppendAudit: detail is " + std::to_string(e.detail.size()) +
                                   " bytes, at most " + std::to_string(kMaxAuditDetail) + " allowed");
  }
  return Status::OK();
}

Result<std::optional<AuditHead>> ReadHead(sqlite::Statement& stmt, const std::string& tenant) {
  StatementScope s(stmt);
  s->BindText(1, tenant);
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<AuditHead>();
  return std::optional<AuditHead>(AuditHead{s->ColumnInt(0), s->ColumnText(1)});
}

}  // namespace

Result<AuditEntry> SqliteStore::AppendAudit(const AuditEntry& entry) {
  KASANE_RETURN_IF_ERROR(ValidateAuditEntry(entry));
  std::lock_guard<std::mutex> lock(mu_);
  // BEGIN IMMEDIATE: the head read and the append are one write transaction,
  // so appends from other threads or processes chain one after another.
  Transaction txn(stmts_->begin_write, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  Result<AuditEntry> e = AppendAuditLocked(entry);
  if (!e.ok()) return e;
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return e;
}

Result<AuditEntry> SqliteStore::AppendAuditLocked(const AuditEntry& entry) {
  KASANE_RETURN_IF_ERROR(ValidateAuditEntry(entry));
  Result<std::optional<AuditHead>> head = ReadHead(stmts_->audit_head, entry.tenant);
  if (!head.ok()) return head.status();

  AuditEntry e = entry;
  e.seq = *head ? (*head)->seq + 1 : 1;
  e.prev_hash = *head ? (*head)->hash : std::string(sqlite::kAuditGenesisHash);
  Result<std::string> hash = sqlite::AuditEntryHash(e);
  if (!hash.ok()) return hash.status();
  e.hash = std::move(hash).value();
  {
    StatementScope s(stmts_->insert_audit);
    s->BindText(1, e.tenant);
    s->BindInt(2, e.seq);
    s->BindInt(3, e.at);
    s->BindText(4, e.actor);
    s->BindText(5, e.role);
    s->BindText(6, e.action);
    s->BindOptionalInt(7, e.case_id);
    s->BindText(8, e.detail);
    s->BindText(9, e.prev_hash);
    s->BindText(10, e.hash);
    Status st = s->Run();
    if (!st.ok()) {
      // The head is behind the rows: someone wrote to the log outside the store.
      return Status::Corruption("audit log of tenant '" + e.tenant + "' already has entry " + std::to_string(e.seq) +
                                " beyond its chain head; run `kasane audit verify` (" + st.message() + ")");
    }
    e.id = s->LastInsertRowId();
  }
  {
    StatementScope s(stmts_->advance_audit_head);
    s->BindText(1, e.tenant);
    s->BindInt(2, e.seq);
    s->BindText(3, e.hash);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  return e;
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(const AuditFilter& filter) {
  if (filter.tenant.empty()) return Status::InvalidArgument("ListAudit: a tenant is required");
  if (filter.limit <= 0) {
    return Status::InvalidArgument("ListAudit: limit must be positive, got " + std::to_string(filter.limit));
  }
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(filter.case_id ? stmts_->list_audit_by_case : stmts_->list_audit);
  s->BindText(1, filter.tenant);
  s->BindInt(2, filter.after_seq);
  s->BindText(3, filter.actor);
  s->BindText(4, filter.action);
  s->BindInt(5, filter.limit);
  if (filter.case_id) s->BindInt(6, *filter.case_id);
  return sqlite::CollectRows(*s, sqlite::ReadAuditRow);
}

Status SqliteStore::VerifyTenantLocked(const std::string& tenant, AuditVerification* out) {
  Result<std::optional<AuditHead>> head = ReadHead(stmts_->audit_head, tenant);
  if (!head.ok()) return head.status();
  AuditChainChecker checker(tenant, std::move(head).value());
  bool sound = true;
  {
    StatementScope s(stmts_->audit_chain);
    s->BindText(1, tenant);
    for (;;) {
      Result<bool> row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (!checker.Add(sqlite::ReadAuditRow(*s))) {
        sound = false;
        break;
      }
    }
  }
  if (sound) sound = checker.Finish();
  out->entries += checker.entries();
  out->tenants.push_back(tenant);
  if (!sound) {
    out->ok = false;
    out->problem = checker.problem();
    out->at_seq = checker.problem_seq();
  }
  return Status::OK();
}

Result<AuditVerification> SqliteStore::VerifyAudit(const std::string& tenant) {
  std::lock_guard<std::mutex> lock(mu_);
  // One read transaction: every chain and head come from the same snapshot.
  Transaction txn(stmts_->begin_read, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  std::vector<std::string> tenants;
  if (!tenant.empty()) {
    tenants.push_back(tenant);
  } else {
    StatementScope s(stmts_->audit_tenants);
    for (;;) {
      Result<bool> row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      tenants.push_back(s->ColumnText(0));
    }
    std::sort(tenants.begin(), tenants.end());
  }
  AuditVerification out;
  for (const std::string& t : tenants) {
    KASANE_RETURN_IF_ERROR(VerifyTenantLocked(t, &out));
    if (!out.ok) break;
  }
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return out;
}

}  // namespace kasane
