// Privilege spelling and ALL (providers/snowflake/privileges.h), and public-key fingerprints
// (token_source.h): the normalisations that keep a re-plan a no-op.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "providers/snowflake/privileges.h"
#include "providers/snowflake/token_source.h"

namespace causeway::snowflake {
namespace {

TEST(PrivilegesTest, SpellingsAreOne) {
  EXPECT_EQ(PrivilegeName("create_schema"), "CREATE SCHEMA");
  EXPECT_EQ(PrivilegeName(" Create  Schema "), "CREATE SCHEMA");
  EXPECT_EQ(PrivilegeName("all"), "ALL PRIVILEGES");
  EXPECT_EQ(PrivilegeName("ALL_PRIVILEGES"), "ALL PRIVILEGES");
  EXPECT_EQ(PrivilegeSet(Value({"usage", "USAGE", "all", "Monitor"})),
            Value({"ALL PRIVILEGES", "MONITOR", "USAGE"}));
  EXPECT_EQ(PrivilegeSet(Value("x")), Value("x"));
}

TEST(PrivilegesTest, AllExpandsToEveryPrivilegeOfTheType) {
  const ObjectType* wh = FindObjectType("warehouse");
  ASSERT_NE(wh, nullptr);
  EXPECT_EQ(ExpandPrivileges({"ALL PRIVILEGES"}, *wh),
            (std::set<std::string>{"MODIFY", "MONITOR", "OPERATE", "USAGE"}));
  EXPECT_EQ(ExpandPrivileges({"USAGE", "OWNERSHIP"}, *wh),
            (std::set<std::string>{"OWNERSHIP", "USAGE"}));
}

TEST(PrivilegesTest, TypesBySingularPluralAndUnderscores) {
  EXPECT_EQ(FindObjectType("external_tables")->type, "EXTERNAL TABLE");
  EXPECT_EQ(FindObjectType("File Format")->plural, "FILE FORMATS");
  EXPECT_EQ(FindObjectType("nonsense"), nullptr);
  EXPECT_EQ(GrantedOnCell("FILE FORMAT"), "FILE_FORMAT");
}

TEST(FingerprintTest, PemAndBareBodyGiveTheSameFingerprint) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  unsigned char digest[32];
  EVP_Digest(der, static_cast<size_t>(len), digest, nullptr, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  EVP_PKEY_free(key);
  unsigned char b64[64];
  int m = EVP_EncodeBlock(b64, digest, sizeof digest);
  const std::string want = "SHA256:" + std::string(reinterpret_cast<char*>(b64), m);

  EXPECT_EQ(PublicKeyFingerprint(pem), want);
  const std::string body = PublicKeyBody(pem);
  EXPECT_EQ(body.find('-'), std::string::npos);
  EXPECT_EQ(body.find('\n'), std::string::npos);
  EXPECT_EQ(PublicKeyFingerprint(body), want);
  EXPECT_EQ(PublicKeyFingerprint("not a key"), "");
}

}  // namespace
}  // namespace causeway::snowflake
