#include "store/sqlite/audit_chain.h"

#include <openssl/evp.h>

#include <array>

namespace kasane::sqlite {
namespace {

// Bumped if the encoding ever changes, so old and new hashes never collide.
constexpr std::string_view kEncodingLabel = "kasane-audit-v1";

// An 8-byte big-endian length, then the bytes.
void AppendField(std::string* out, std::string_view field) {
  uint64_t n = field.size();
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((n >> shift) & 0xffu));
  out->append(field);
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0f]);
  }
  return out;
}

}  // namespace

Result<std::string> AuditEntryHash(const AuditEntry& e) {
  std::string enc;
  AppendField(&enc, kEncodingLabel);
  AppendField(&enc, e.tenant);
  AppendField(&enc, std::to_string(e.seq));
  AppendField(&enc, std::to_string(e.at));
  AppendField(&enc, e.actor);
  AppendField(&enc, e.role);
  AppendField(&enc, e.action);
  AppendField(&enc, e.case_id ? std::to_string(*e.case_id) : std::string());
  AppendField(&enc, e.detail);
  AppendField(&enc, e.prev_hash);

  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(enc.data(), enc.size(), md.data(), &len, EVP_sha256(), nullptr) != 1 || len != 32) {
    return Status::Internal("audit: SHA-256 digest failed");
  }
  return Hex(md.data(), len);
}

bool AuditChainChecker::Fail(int64_t seq, const std::string& what) {
  problem_ = "tenant '" + tenant_ + "': entry " + std::to_string(seq) + " " + what;
  problem_seq_ = seq;
  return false;
}

bool AuditChainChecker::Add(const AuditEntry& e) {
  if (!problem_.empty()) return false;
  const int64_t expected = last_seq_ + 1;
  if (e.seq != expected) {
    return Fail(expected, "is missing (entries jump from " + std::to_string(last_seq_) + " to " +
                              std::to_string(e.seq) + ")");
  }
  if (!head_) return Fail(e.seq, "has no chain head (forged, or the head was removed)");
  if (e.seq > head_->seq) {
    return Fail(e.seq, "is beyond the chain head (" + std::to_string(head_->seq) +
                           " entries): forged or added outside the store");
  }
  if (e.prev_hash != last_hash_) {
    const std::string prev = last_seq_ == 0 ? "the chain start" : "entry " + std::to_string(last_seq_);
    return Fail(e.seq, "does not follow " + prev + " (prev_hash mismatch: reordered or replaced)");
  }
  Result<std::string> hash = AuditEntryHash(e);
  if (!hash.ok()) return Fail(e.seq, "could not be hashed: " + hash.status().message());
  if (*hash != e.hash) return Fail(e.seq, "was edited (hash mismatch)");
  if (e.seq == head_->seq && e.hash != head_->hash) {
    return Fail(e.seq, "does not match the chain head's hash (edited and rehashed)");
  }
  last_seq_ = e.seq;
  last_hash_ = e.hash;
  ++entries_;
  return true;
}

bool AuditChainChecker::Finish() {
  if (!problem_.empty()) return false;
  if (head_ && last_seq_ < head_->seq) {
    return Fail(last_seq_ + 1, "is missing (the chain head records " + std::to_string(head_->seq) +
                                   " entries, the log ends at " + std::to_string(last_seq_) + ")");
  }
  return true;
}

}  // namespace kasane::sqlite
