// AuditLog: the audit trail as the server's handlers see it — append an
// entry, list and verify one tenant's chain — without the rest of the Store.
// Entries never hold case data (see AuditEntry). Thread-safe; the store must
// outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace kasane {

// An entry for `actor` (cut to 64 bytes) with `detail` (cut to 200): the one
// way entries are made, so every entry is bounded alike. Never case data.
inline AuditEntry MakeAuditEntry(const std::string& tenant, Timestamp at, const std::string& actor,
                                 const std::string& role, const std::string& action,
                                 std::optional<CaseId> case_id = std::nullopt, const std::string& detail = "") {
  constexpr size_t kMaxActorBytes = 64;
  constexpr size_t kMaxDetailBytes = 200;
  AuditEntry e;
  e.tenant = tenant;
  e.at = at;
  e.actor = actor.substr(0, kMaxActorBytes);
  e.role = role;
  e.action = action;
  e.case_id = case_id;
  e.detail = detail.substr(0, kMaxDetailBytes);
  return e;
}

class AuditLog {
 public:
  explicit AuditLog(Store* store) : store_(store) {}

  // Appends to the entry's tenant's chain; the stored entry (seq, hashes).
  Result<AuditEntry> Append(const AuditEntry& entry) { return store_->AppendAudit(entry); }
  // The entries of filter.tenant (required), oldest first.
  Result<std::vector<AuditEntry>> List(const AuditFilter& filter) {
    if (filter.tenant.empty()) return Status::InvalidArgument("an audit listing names its tenant");
    return store_->ListAudit(filter);
  }
  // Walks `tenant`'s chain (required).
  Result<AuditVerification> Verify(const std::string& tenant) {
    if (tenant.empty()) return Status::InvalidArgument("an audit verification names its tenant");
    return store_->VerifyAudit(tenant);
  }

 private:
  Store* store_;
};

}  // namespace kasane
