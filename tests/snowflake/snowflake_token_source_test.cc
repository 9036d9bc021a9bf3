// Key-pair JWT (providers/snowflake/token_source.h): RS256 signatures that OpenSSL verifies with
// the public key, Snowflake's claims and fingerprint, keys in every PEM form Snowflake users
// have (PKCS#8, encrypted PKCS#8, traditional RSA), refresh before expiry, and errors that never
// show the key or its passphrase.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <memory>

#include "providers/snowflake/token_source.h"
#include "reconciler/core/value.h"
#include "tests/support/fake_clock.h"

namespace causeway::snowflake {
namespace {

std::string Base64UrlDecode(std::string s) {
  for (char& c : s) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (s.size() % 4 != 0) s += '=';
  std::string out(s.size(), '\0');
  int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  size_t pad = 0;
  for (size_t i = s.size(); i > 0 && s[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::vector<std::string> Split(const std::string& jwt) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = jwt.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(jwt.substr(start, dot - start));
  }
  parts.push_back(jwt.substr(start));
  return parts;
}

class KeyPairJwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = EVP_RSA_gen(2048);
    ASSERT_NE(key_, nullptr);
  }
  void TearDown() override { EVP_PKEY_free(key_); }

  std::string Pkcs8(const std::string& passphrase = "") {
    BIO* bio = BIO_new(BIO_s_mem());
    if (passphrase.empty()) {
      PEM_write_bio_PKCS8PrivateKey(bio, key_, nullptr, nullptr, 0, nullptr, nullptr);
    } else {
      PEM_write_bio_PKCS8PrivateKey(bio, key_, EVP_aes_256_cbc(), passphrase.data(),
                                    static_cast<int>(passphrase.size()), nullptr, nullptr);
    }
    return Drain(bio);
  }
  std::string TraditionalRsa() {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey_traditional(bio, key_, nullptr, nullptr, 0, nullptr, nullptr);
    return Drain(bio);
  }
  static std::string Drain(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<size_t>(n));
    BIO_free(bio);
    return out;
  }
  std::string ExpectedFingerprint() {
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key_, &der);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, static_cast<size_t>(len), digest);
    OPENSSL_free(der);
    unsigned char b64[64];
    int n = EVP_EncodeBlock(b64, digest, sizeof digest);
    return "SHA256:" + std::string(reinterpret_cast<char*>(b64), static_cast<size_t>(n));
  }
  bool Verifies(const std::string& jwt) {
    auto parts = Split(jwt);
    if (parts.size() != 3) return false;
    std::string input = parts[0] + "." + parts[1];
    std::string sig = Base64UrlDecode(parts[2]);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    bool ok =
        EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key_) == 1 &&
        EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
  }

  EVP_PKEY* key_ = nullptr;
  testing::FakeClock clock_{testing::FakeClock::At(1800000000)};
};

TEST_F(KeyPairJwtTest, SignsSnowflakeClaimsThatOpenSslVerifies) {
  auto jwt = KeyPairJwt::Create("myorg-acct.us-east-1", "deployer", Pkcs8(), "", &clock_,
                                "private key file k.p8");
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  EXPECT_EQ((*jwt)->fingerprint(), ExpectedFingerprint());
  EXPECT_EQ((*jwt)->TokenType(), "KEYPAIR_JWT");
  auto token = (*jwt)->Token();
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(Verifies(*token));
  auto parts = Split(*token);
  Value header = Value::parse(Base64UrlDecode(parts[0]));
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["typ"], "JWT");
  Value claims = Value::parse(Base64UrlDecode(parts[1]));
  EXPECT_EQ(claims["iss"], "MYORG-ACCT.DEPLOYER." + ExpectedFingerprint());
  EXPECT_EQ(claims["sub"], "MYORG-ACCT.DEPLOYER");
  EXPECT_EQ(claims["iat"], 1800000000);
  EXPECT_EQ(claims["exp"], 1800000000 + 3600);
}

TEST_F(KeyPairJwtTest, TamperedTokenDoesNotVerify) {
  auto jwt = KeyPairJwt::Create("a", "u", Pkcs8(), "", &clock_, "key");
  ASSERT_TRUE(jwt.ok());
  std::string token = *(*jwt)->Token();
  auto parts = Split(token);
  Value claims = Value::parse(Base64UrlDecode(parts[1]));
  claims["sub"] = "A.ADMIN";
  EXPECT_FALSE(Verifies(parts[0] + "." + Base64Url(claims.dump()) + "." + parts[2]));
}

TEST_F(KeyPairJwtTest, EncryptedPkcs8NeedsItsPassphrase) {
  const std::string pem = Pkcs8("correct horse");
  ASSERT_NE(pem.find("ENCRYPTED PRIVATE KEY"), std::string::npos);
  auto ok = KeyPairJwt::Create("a", "u", pem, "correct horse", &clock_, "key");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(Verifies(*(*ok)->Token()));

  auto none = KeyPairJwt::Create("a", "u", pem, "", &clock_, "private key file k.p8");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("private_key_passphrase_env"), std::string::npos)
      << none.status().message();

  auto wrong = KeyPairJwt::Create("a", "u", pem, "battery staple", &clock_, "key");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(wrong.status().message().find("check its passphrase"), std::string::npos);
  EXPECT_EQ(wrong.status().message().find("battery staple"), std::string::npos);
}

TEST_F(KeyPairJwtTest, TraditionalRsaPemIsAccepted) {
  const std::string pem = TraditionalRsa();
  ASSERT_NE(pem.find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  auto jwt = KeyPairJwt::Create("a", "u", pem, "", &clock_, "key");
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  EXPECT_TRUE(Verifies(*(*jwt)->Token()));
}

TEST_F(KeyPairJwtTest, NotAKeyOrNotRsaIsRefusedWithoutQuotingIt) {
  auto garbage = KeyPairJwt::Create("a", "u", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n", "",
                                    &clock_, "private key file k.p8");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("is not a PEM private key"), std::string::npos);
  EXPECT_EQ(garbage.status().message().find("c2VjcmV0"), std::string::npos);

  EVP_PKEY* ec = EVP_EC_gen("P-256");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr);
  EVP_PKEY_free(ec);
  auto not_rsa = KeyPairJwt::Create("a", "u", Drain(bio), "", &clock_, "key");
  ASSERT_FALSE(not_rsa.ok());
  EXPECT_NE(not_rsa.status().message().find("not an RSA key"), std::string::npos);
}

TEST_F(KeyPairJwtTest, RefreshedFiveMinutesBeforeExpiry) {
  auto jwt = KeyPairJwt::Create("a", "u", Pkcs8(), "", &clock_, "key");
  ASSERT_TRUE(jwt.ok());
  std::string first = *(*jwt)->Token();
  clock_.Advance(std::chrono::minutes(54));
  EXPECT_EQ(*(*jwt)->Token(), first) << "still well within its hour";
  clock_.Advance(std::chrono::minutes(1) + std::chrono::seconds(1));
  std::string second = *(*jwt)->Token();
  EXPECT_NE(second, first);
  Value claims = Value::parse(Base64UrlDecode(Split(second)[1]));
  EXPECT_EQ(claims["iat"], 1800000000 + 55 * 60 + 1);
  EXPECT_TRUE(Verifies(second));
}

TEST(StaticTokenTest, IsAnOAuthToken) {
  StaticToken t("tok", "OAuth token from MY_TOKEN");
  EXPECT_EQ(t.TokenType(), "OAUTH");
  EXPECT_EQ(*t.Token(), "tok");
}

}  // namespace
}  // namespace causeway::snowflake
