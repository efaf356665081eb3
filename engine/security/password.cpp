#include "security/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace kasane::security {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kKeyBytes = 32;
// Bounds what a stored (possibly tampered) encoding can make a login cost.
constexpr int64_t kMaxIterations = 10000000;
constexpr size_t kMinSaltBytes = 8;
constexpr size_t kMaxSaltBytes = 64;

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(const std::vector<unsigned char>& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    const size_t n = std::min<size_t>(3, in.size() - i);
    uint32_t block = static_cast<uint32_t>(in[i]) << 16;
    if (n > 1) block |= static_cast<uint32_t>(in[i + 1]) << 8;
    if (n > 2) block |= static_cast<uint32_t>(in[i + 2]);
    for (size_t k = 0; k < 4; ++k) {
      out.push_back(k <= n ? kBase64Alphabet[(block >> (18 - 6 * k)) & 0x3f] : '=');
    }
  }
  return out;
}

// Strict standard base64 with padding: anything else is nullopt.
std::optional<std::vector<unsigned char>> Base64Decode(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0) return std::nullopt;
  size_t pad = 0;
  if (in.back() == '=') pad = in[in.size() - 2] == '=' ? 2 : 1;
  std::vector<unsigned char> out;
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t block = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = in[i + k];
      uint32_t v = 0;
      if (c == '=') {
        if (i + 4 != in.size() || k < 4 - pad) return std::nullopt;  // padding only at the very end
      } else {
        const size_t pos = kBase64Alphabet.find(c);
        if (pos == std::string_view::npos) return std::nullopt;
        v = static_cast<uint32_t>(pos);
      }
      block = (block << 6) | v;
    }
    const size_t n = i + 4 == in.size() ? 3 - pad : 3;
    for (size_t k = 0; k < n; ++k) out.push_back(static_cast<unsigned char>((block >> (16 - 8 * k)) & 0xff));
  }
  if (Base64Encode(out) != in) return std::nullopt;  // non-canonical trailing bits
  return out;
}

struct Encoded {
  int iterations = 0;
  std::vector<unsigned char> salt;
  std::vector<unsigned char> key;
};

std::optional<Encoded> Parse(std::string_view encoded) {
  std::array<std::string_view, 4> parts;
  for (size_t i = 0; i < parts.size(); ++i) {
    const size_t dollar = encoded.find('$');
    if (i + 1 < parts.size()) {
      if (dollar == std::string_view::npos) return std::nullopt;
      parts[i] = encoded.substr(0, dollar);
      encoded.remove_prefix(dollar + 1);
    } else {
      if (dollar != std::string_view::npos) return std::nullopt;
      parts[i] = encoded;
    }
  }
  if (parts[0] != kScheme) return std::nullopt;
  const std::string_view count = parts[1];
  if (count.empty() || count.size() > 9 || count[0] == '0') return std::nullopt;
  int64_t iterations = 0;
  for (char c : count) {
    if (c < '0' || c > '9') return std::nullopt;
    iterations = iterations * 10 + (c - '0');
  }
  if (iterations > kMaxIterations) return std::nullopt;
  Encoded out;
  out.iterations = static_cast<int>(iterations);
  std::optional<std::vector<unsigned char>> salt = Base64Decode(parts[2]);
  std::optional<std::vector<unsigned char>> key = Base64Decode(parts[3]);
  if (!salt || salt->size() < kMinSaltBytes || salt->size() > kMaxSaltBytes) return std::nullopt;
  if (!key || key->size() != kKeyBytes) return std::nullopt;
  out.salt = std::move(*salt);
  out.key = std::move(*key);
  return out;
}

bool Derive(std::string_view password, const std::vector<unsigned char>& salt, int iterations,
            std::vector<unsigned char>* key) {
  key->assign(kKeyBytes, 0);
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(key->size()),
                           key->data()) == 1;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, int iterations) {
  if (iterations < kMinPasswordIterations || iterations > kMaxIterations) {
    return Status::InvalidArgument("password hashing: iterations must be between " +
                                   std::to_string(kMinPasswordIterations) + " and " + std::to_string(kMaxIterations) +
                                   ", got " + std::to_string(iterations));
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("password hashing: password longer than " + std::to_string(kMaxPasswordBytes) +
                                   " bytes");
  }
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Status::Internal("password hashing: RAND_bytes failed");
  }
  std::vector<unsigned char> key;
  if (!Derive(password, salt, iterations, &key)) return Status::Internal("password hashing: PBKDF2 failed");
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + Base64Encode(salt) + "$" +
         Base64Encode(key);
}

bool VerifyPassword(std::string_view password, std::string_view encoded) {
  if (password.size() > kMaxPasswordBytes) return false;
  std::optional<Encoded> stored = Parse(encoded);
  if (!stored) return false;
  std::vector<unsigned char> key;
  if (!Derive(password, stored->salt, stored->iterations, &key)) return false;
  return CRYPTO_memcmp(key.data(), stored->key.data(), kKeyBytes) == 0;
}

bool NeedsRehash(std::string_view encoded) {
  std::optional<Encoded> stored = Parse(encoded);
  return !stored || stored->iterations < kDefaultPasswordIterations;
}

}  // namespace kasane::security
