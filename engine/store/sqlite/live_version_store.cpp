// SqliteStore's live versions: which stored definition version of each
// (tenant, workflow) new cases pin, changed together with its audit entry.
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_statements.h"

namespace kasane {

using sqlite::StatementScope;
using sqlite::Transaction;

namespace {

std::string Name(const LiveVersion& v) { return "tenant '" + v.tenant + "' workflow '" + v.workflow + "'"; }

// The checks that need no database: names present, versions positive, no
// (tenant, workflow) twice.
Status ValidateLiveVersions(const std::vector<LiveVersion>& live) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const LiveVersion& v : live) {
    if (v.tenant.empty() || v.workflow.empty()) {
      return Status::InvalidArgument("SetLiveVersions: a tenant and a workflow are required");
    }
    if (v.version <= 0) {
      return Status::InvalidArgument("SetLiveVersions: " + Name(v) + " has no version (" + std::to_string(v.version) +
                                     ")");
    }
    if (!seen.insert({v.tenant, v.workflow}).second) {
      return Status::InvalidArgument("SetLiveVersions: " + Name(v) + " is named twice");
    }
  }
  return Status::OK();
}

}  // namespace

Status SqliteStore::CheckLiveVersionLocked(const LiveVersion& v) {
  StatementScope s(stmts_->load_definition);
  s->BindInt(1, v.version);
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (*row) {
    const StoredDefinition d = sqlite::ReadDefinitionRow(*s);
    if (d.tenant == v.tenant && d.workflow == v.workflow) return Status::OK();
  }
  return Status::InvalidArgument("SetLiveVersions: version " + std::to_string(v.version) +
                                 " is not a stored version of " + Name(v));
}

Status SqliteStore::SetLiveVersions(const std::vector<LiveVersion>& live, const std::optional<AuditEntry>& audit) {
  KASANE_RETURN_IF_ERROR(ValidateLiveVersions(live));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction txn(stmts_->begin_write, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  for (const LiveVersion& v : live) {
    KASANE_RETURN_IF_ERROR(CheckLiveVersionLocked(v));
    StatementScope s(stmts_->set_live_version);
    s->BindText(1, v.tenant);
    s->BindText(2, v.workflow);
    s->BindInt(3, v.version);
    s->BindText(4, v.disk_hash);
    s->BindInt(5, v.changed_at);
    s->BindText(6, v.changed_by);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  if (audit) {
    Result<AuditEntry> appended = AppendAuditLocked(*audit);
    if (!appended.ok()) return appended.status();
  }
  return txn.Commit();
}

Result<std::vector<LiveVersion>> SqliteStore::ListLiveVersions(const std::string& tenant) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(tenant.empty() ? stmts_->list_all_live_versions : stmts_->list_live_versions);
  if (!tenant.empty()) s->BindText(1, tenant);
  return sqlite::CollectRows(*s, sqlite::ReadLiveVersionRow);
}

}  // namespace kasane
