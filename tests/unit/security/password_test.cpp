#include "security/password.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

namespace kasane::security {
namespace {

constexpr int kFast = 1000;  // keeps the tests quick; production uses the default

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == '$') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : "$") + parts[i];
  return out;
}

std::string HashOrDie(std::string_view password, int iterations = kFast) {
  Result<std::string> h = HashPassword(password, iterations);
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return h.ok() ? *h : std::string();
}

TEST(PasswordTest, TheRightPasswordVerifiesAndAWrongOneDoesNot) {
  const std::string h = HashOrDie("相談支援-2024!");
  EXPECT_TRUE(VerifyPassword("相談支援-2024!", h));
  EXPECT_FALSE(VerifyPassword("相談支援-2024", h));
  EXPECT_FALSE(VerifyPassword("相談支援-2024!!", h));
  EXPECT_FALSE(VerifyPassword("", h));
}

TEST(PasswordTest, TheEncodingHasTheDocumentedShape) {
  const std::vector<std::string> parts = Split(HashOrDie("secret", 1234));
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "pbkdf2-sha256");
  EXPECT_EQ(parts[1], "1234");
  EXPECT_EQ(parts[2].size(), 24u);  // 16 bytes
  EXPECT_EQ(parts[3].size(), 44u);  // 32 bytes
}

TEST(PasswordTest, EqualPasswordsGetDistinctSalts) {
  const std::string a = HashOrDie("same password");
  const std::string b = HashOrDie("same password");
  EXPECT_NE(Split(a)[2], Split(b)[2]);
  EXPECT_NE(Split(a)[3], Split(b)[3]);
  EXPECT_TRUE(VerifyPassword("same password", a));
  EXPECT_TRUE(VerifyPassword("same password", b));
}

TEST(PasswordTest, HashingUsesTheGivenIterationCount) {
  const std::string h = HashOrDie("pw", 1500);
  const std::vector<std::string> parts = Split(h);
  ASSERT_EQ(parts.size(), 4u);
  // Recompute the key independently with 1500 rounds over the stored salt.
  std::vector<unsigned char> salt(16);
  ASSERT_EQ(EVP_DecodeBlock(salt.data(), reinterpret_cast<const unsigned char*>(parts[2].data()),
                            static_cast<int>(parts[2].size())),
            18);  // 16 bytes + 2 padding zeros
  salt.resize(16);
  std::vector<unsigned char> key(32);
  ASSERT_EQ(PKCS5_PBKDF2_HMAC("pw", 2, salt.data(), 16, 1500, EVP_sha256(), 32, key.data()), 1);
  std::vector<unsigned char> b64(64);
  const int n = EVP_EncodeBlock(b64.data(), key.data(), 32);
  EXPECT_EQ(parts[3], std::string(reinterpret_cast<const char*>(b64.data()), static_cast<size_t>(n)));
  // The same salt and key under another count does not verify.
  std::vector<std::string> changed = parts;
  changed[1] = "1501";
  EXPECT_FALSE(VerifyPassword("pw", Join(changed)));
}

TEST(PasswordTest, TheDefaultCountIsSixHundredThousand) {
  Result<std::string> d = HashPassword("default-count password");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(Split(*d)[1], "600000");
  EXPECT_TRUE(VerifyPassword("default-count password", *d));
  EXPECT_FALSE(NeedsRehash(*d));
}

TEST(PasswordTest, OutOfRangeArgumentsAreRefused) {
  EXPECT_EQ(HashPassword("pw", 999).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(HashPassword("pw", 0).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(HashPassword("pw", -5).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(HashPassword(std::string(kMaxPasswordBytes + 1, 'x'), kFast).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(HashPassword(std::string(kMaxPasswordBytes, 'x'), kFast).ok());
}

TEST(PasswordTest, MalformedEncodingsNeverVerify) {
  const std::string good = HashOrDie("pw");
  ASSERT_TRUE(VerifyPassword("pw", good));
  const std::vector<std::string> p = Split(good);
  const std::vector<std::string> bad = {
      "",
      "pw",
      "$$$",
      Join({p[0], p[1], p[2]}),                       // a field missing
      Join({p[0], p[1], p[2], p[3], "x"}),            // a field too many
      Join({"pbkdf2-sha1", p[1], p[2], p[3]}),        // unknown scheme
      Join({"PBKDF2-SHA256", p[1], p[2], p[3]}),      // scheme is case-sensitive
      Join({p[0], "", p[2], p[3]}),                   // empty count
      Join({p[0], "01000", p[2], p[3]}),              // leading zero
      Join({p[0], "1e3", p[2], p[3]}),                // not digits
      Join({p[0], "-1000", p[2], p[3]}),              // negative
      Join({p[0], "0", p[2], p[3]}),                  // zero
      Join({p[0], "99999999999999999999", p[2], p[3]}),  // overflow
      Join({p[0], "20000000", p[2], p[3]}),           // above the cap
      Join({p[0], p[1], "", p[3]}),                   // empty salt
      Join({p[0], p[1], "!!!!" + p[2].substr(4), p[3]}),  // salt not base64
      Join({p[0], p[1], p[2].substr(1), p[3]}),       // salt length not a multiple of 4
      Join({p[0], p[1], "AAAA", p[3]}),               // salt too short
      Join({p[0], p[1], p[2], ""}),                   // empty key
      Join({p[0], p[1], p[2], p[3].substr(0, 40)}),   // key too short
      Join({p[0], p[1], p[2], p[3] + "AAAA"}),        // key too long
      Join({p[0], p[1], p[2], "=" + p[3].substr(1)}), // padding in the wrong place
      Join({p[0], p[1], p[2], p[3].substr(0, 42) + "B="}),  // non-canonical trailing bits
  };
  for (const std::string& b : bad) {
    EXPECT_FALSE(VerifyPassword("pw", b)) << b;
    EXPECT_TRUE(NeedsRehash(b)) << b;
  }
  EXPECT_FALSE(VerifyPassword(std::string(kMaxPasswordBytes + 1, 'x'), good));
}

TEST(PasswordTest, AStoredHashIsVerifiedWithItsOwnCountAndFlaggedForRehash) {
  const std::string weak = HashOrDie("pw", kFast);
  EXPECT_TRUE(VerifyPassword("pw", weak));  // verify what is stored ...
  EXPECT_TRUE(NeedsRehash(weak));           // ... and say it is due for a stronger hash
  std::vector<std::string> p = Split(weak);
  p[1] = "599999";
  EXPECT_TRUE(NeedsRehash(Join(p)));
  p[1] = "600000";
  EXPECT_FALSE(NeedsRehash(Join(p)));
  p[1] = "700000";
  EXPECT_FALSE(NeedsRehash(Join(p)));
}

}  // namespace
}  // namespace kasane::security
