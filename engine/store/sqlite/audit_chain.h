// The audit log's hash chain: the canonical encoding an entry's hash covers,
// and a checker that walks one tenant's entries in seq order against the
// stored chain head. Pure functions over AuditEntry values; no SQLite here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "store/store.h"
#include "util/status.h"

namespace kasane::sqlite {

// prev_hash of a tenant's first entry.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Hex SHA-256 (lower case) of the entry's tenant, seq, at, actor, role,
// action, case_id, detail and prev_hash. Each field is length-prefixed, so no
// two different entries share an encoding; an absent case_id encodes as an
// empty field, which no number does. Ignores id and hash.
Result<std::string> AuditEntryHash(const AuditEntry& e);

// The last seq and hash of a tenant's chain, as the store recorded them.
struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};

// Checks one tenant's chain, fed entry by entry in seq order. Stops at the
// first problem; problem() then names the tenant, the seq and what is wrong.
// Not thread-safe.
class AuditChainChecker {
 public:
  AuditChainChecker(std::string tenant, std::optional<AuditHead> head)
      : tenant_(std::move(tenant)), head_(std::move(head)) {}

  // Checks the next entry; false once a problem has been found.
  bool Add(const AuditEntry& e);
  // Checks the end of the chain against the head; false on a problem.
  bool Finish();

  int64_t entries() const { return entries_; }
  const std::string& problem() const { return problem_; }
  int64_t problem_seq() const { return problem_seq_; }

 private:
  bool Fail(int64_t seq, const std::string& what);

  std::string tenant_;
  std::optional<AuditHead> head_;
  int64_t last_seq_ = 0;
  std::string last_hash_{kAuditGenesisHash};
  int64_t entries_ = 0;
  std::string problem_;
  int64_t problem_seq_ = 0;
};

}  // namespace kasane::sqlite
