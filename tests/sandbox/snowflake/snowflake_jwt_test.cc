// Key-pair JWT verification in memory: what Snowflake accepts (either registered key, seconds or
// milliseconds) and refuses (another account, a sub that differs from iss, alg none, a tampered
// payload, an expired token or one living over an hour), each as 390144.
#include <gtest/gtest.h>

#include "sandbox/snowflake/auth/keypair_jwt.h"
#include "sandbox/snowflake/auth/rsa_keys.h"

namespace causeway::sandbox::snowflake {
namespace {

class SnowflakeJwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pem = GenerateRsaPrivateKeyPem();
    ASSERT_TRUE(pem.ok());
    pem_ = *pem;
    public_key_ = *PublicKeyOfPrivatePem(pem_);
  }
  Result<std::string> Verify(const std::string& token, std::string key1, std::string key2 = "") {
    return VerifyKeypairJwt(
        token, "SANDBOX", kNow,
        [&](const std::string& login, std::string* user, std::string* k1, std::string* k2) {
          if (login != "SVC") return false;
          *user = "svc_user";
          *k1 = key1;
          *k2 = key2;
          return true;
        });
  }
  // A token with `claims` signed by the test key.
  std::string Signed(const Value& header, const Value& claims) {
    const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
    return input + "." + Base64UrlEncode(*SignRs256(pem_, input));
  }
  Value Claims(int64_t iat, int64_t exp) {
    const std::string who = "SANDBOX.SVC";
    return {{"iss", who + "." + *PublicKeyFingerprint(public_key_)},
            {"sub", who},
            {"iat", iat},
            {"exp", exp}};
  }

  static constexpr int64_t kNow = 1800000000;
  const Value kHeader = {{"alg", "RS256"}, {"typ", "JWT"}};
  std::string pem_, public_key_;
};

TEST_F(SnowflakeJwtTest, AcceptsEitherRegisteredKeyInSecondsOrMilliseconds) {
  auto minted = MintKeypairJwt("sandbox", "svc", pem_, kNow, 3600);
  ASSERT_TRUE(minted.ok());
  EXPECT_EQ(*Verify(*minted, public_key_), "svc_user");
  EXPECT_TRUE(Verify(*minted, "", public_key_).ok()) << "RSA_PUBLIC_KEY_2 (rotation)";
  const std::string millis = Signed(kHeader, Claims(kNow * 1000, (kNow + 60) * 1000));
  EXPECT_TRUE(Verify(millis, public_key_).ok());
  const std::string pem_armoured =
      "-----BEGIN PUBLIC KEY-----\n" + public_key_ + "\n-----END PUBLIC KEY-----\n";
  EXPECT_TRUE(Verify(*minted, pem_armoured).ok());
}

TEST_F(SnowflakeJwtTest, RefusesWhatSnowflakeRefuses) {
  auto expect_refused = [&](const std::string& token, const char* why) {
    auto r = Verify(token, public_key_);
    ASSERT_FALSE(r.ok()) << why;
    EXPECT_EQ(r.status().provider_code(), "390144") << why;
    EXPECT_EQ(r.status().message().rfind("JWT token is invalid.", 0), 0u) << r.status().message();
  };
  expect_refused(Signed(kHeader, Claims(kNow - 7200, kNow - 3600)), "expired");
  expect_refused(Signed(kHeader, Claims(kNow, kNow + 7200)), "lives two hours");
  expect_refused(Signed(kHeader, Claims(kNow + 600, kNow + 900)), "issued in the future");
  Value other_sub = Claims(kNow, kNow + 60);
  other_sub["sub"] = "SANDBOX.SOMEONE";
  expect_refused(Signed(kHeader, other_sub), "sub differs from iss");
  Value other_account = Claims(kNow, kNow + 60);
  other_account["iss"] = "OTHER.SVC." + *PublicKeyFingerprint(public_key_);
  other_account["sub"] = "OTHER.SVC";
  expect_refused(Signed(kHeader, other_account), "another account");
  expect_refused(Signed({{"alg", "none"}}, Claims(kNow, kNow + 60)), "alg none");
  std::string tampered = Signed(kHeader, Claims(kNow, kNow + 60));
  const size_t dot = tampered.find('.');
  tampered = tampered.substr(0, dot + 1) + Base64UrlEncode(Claims(kNow, kNow + 3000).dump()) +
             tampered.substr(tampered.find('.', dot + 1));
  expect_refused(tampered, "payload changed after signing");
  expect_refused("a.b", "two segments");
  auto other_key = GenerateRsaPrivateKeyPem();
  ASSERT_TRUE(other_key.ok());
  expect_refused(*MintKeypairJwt("SANDBOX", "SVC", *other_key, kNow, 60), "unregistered key");
}

}  // namespace
}  // namespace causeway::sandbox::snowflake
