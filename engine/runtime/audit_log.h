// AuditLog: the audit trail as the server's handlers see it — append an
// entry, list and verify one tenant's chain — without the rest of the Store.
// Entries never hold case data (see AuditEntry). Thread-safe; the store must
// outlive it.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace kasane {

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
