// Password hashing for kasane accounts: PBKDF2-HMAC-SHA256 with a random salt,
// stored as one self-describing string
//
//   pbkdf2-sha256$<iterations>$<salt, base64>$<32-byte key, base64>
//
// so that the iteration count can be raised later: VerifyPassword checks a
// stored hash with the count it was made with, and NeedsRehash says when that
// count is below today's default (hash again after the next good login).
//
// All functions are thread-safe and never throw.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace kasane::security {

// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
inline constexpr int kDefaultPasswordIterations = 600000;
// HashPassword refuses fewer: low counts exist only to keep tests fast.
inline constexpr int kMinPasswordIterations = 1000;
// Longer passwords are refused (and never verify): bounds the work per attempt.
inline constexpr size_t kMaxPasswordBytes = 1024;

// A fresh 16-byte salt from RAND_bytes and a 32-byte key derived with
// `iterations` rounds, in the encoding above. InvalidArgument for a count
// outside [kMinPasswordIterations, 10,000,000] or an over-long password;
// Internal if the random generator or the derivation fails.
Result<std::string> HashPassword(std::string_view password, int iterations = kDefaultPasswordIterations);

// True when `password` matches `encoded`. Compares in constant time. Any
// malformed or unknown encoding is simply false.
bool VerifyPassword(std::string_view password, std::string_view encoded);

// True when `encoded` should be replaced by a fresh HashPassword(): its count
// is below kDefaultPasswordIterations, or it is not an encoding this build
// understands.
bool NeedsRehash(std::string_view encoded);

}  // namespace kasane::security
