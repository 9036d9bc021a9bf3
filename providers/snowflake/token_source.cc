// KeyPairJwt: loading the RSA key, the fingerprint, and signing with OpenSSL's EVP interface.
#include "providers/snowflake/token_source.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstring>
#include <vector>

#include "providers/snowflake/settings.h"
#include "reconciler/core/ascii.h"
#include "reconciler/core/value.h"

namespace causeway::snowflake {
namespace {

std::string Base64(const unsigned char* data, size_t n) {
  std::vector<unsigned char> out(4 * ((n + 2) / 3) + 1);
  int len = EVP_EncodeBlock(out.data(), data, static_cast<int>(n));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(len));
}

struct Passphrase {
  const std::string* text;
  bool asked = false;
};

int PassphraseCallback(char* buf, int size, int /*rwflag*/, void* u) {
  auto* p = static_cast<Passphrase*>(u);
  p->asked = true;
  if (p->text->empty() || static_cast<int>(p->text->size()) > size) return -1;
  std::memcpy(buf, p->text->data(), p->text->size());
  return static_cast<int>(p->text->size());
}

int64_t Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string PublicKeyBody(const std::string& key) {
  std::string body;
  size_t pos = 0;
  while (pos < key.size()) {
    size_t end = key.find('\n', pos);
    if (end == std::string::npos) end = key.size();
    std::string line = key.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("-----", 0) == 0) continue;
    for (char c : line) {
      if (c != ' ' && c != '\r' && c != '\t') body += c;
    }
  }
  return body;
}

std::string PublicKeyFingerprint(const std::string& key) {
  const std::string body = PublicKeyBody(key);
  if (body.empty() || body.size() % 4 != 0) return "";
  std::vector<unsigned char> der(body.size());
  int n = EVP_DecodeBlock(der.data(), reinterpret_cast<const unsigned char*>(body.data()),
                          static_cast<int>(body.size()));
  if (n <= 0) return "";
  size_t len = static_cast<size_t>(n);
  for (size_t i = body.size(); i > 0 && body[i - 1] == '=' && len > 0; --i) --len;
  const unsigned char* p = der.data();
  EVP_PKEY* pub = d2i_PUBKEY(nullptr, &p, static_cast<long>(len));
  ERR_clear_error();
  if (pub == nullptr) return "";
  EVP_PKEY_free(pub);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der.data(), len, digest);
  return "SHA256:" + Base64(digest, sizeof digest);
}

std::string Base64Url(const std::string& bytes) {
  std::string b = Base64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  while (!b.empty() && b.back() == '=') b.pop_back();
  for (char& c : b) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return b;
}

Result<std::unique_ptr<KeyPairJwt>> KeyPairJwt::Create(const std::string& account,
                                                       const std::string& user,
                                                       const std::string& private_key_pem,
                                                       const std::string& passphrase, Clock* clock,
                                                       std::string description) {
  const std::string what = "providers.snowflake: the " + description;
  BIO* bio = BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size()));
  if (bio == nullptr) return Status::Internal(what + ": out of memory");
  Passphrase pass{&passphrase};
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, &PassphraseCallback, &pass);
  BIO_free(bio);
  ERR_clear_error();  // the reasons are OpenSSL's; ours below say what to do
  if (key == nullptr) {
    if (pass.asked && passphrase.empty()) {
      return Status::PermissionDenied(what +
                                      " is encrypted; name the variable holding its passphrase "
                                      "with private_key_passphrase_env");
    }
    if (pass.asked) {
      return Status::PermissionDenied(what + " cannot be decrypted; check its passphrase");
    }
    return Status::InvalidArgument(what + " is not a PEM private key (PKCS#8 or RSA)");
  }
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return Status::InvalidArgument(what + " is not an RSA key; Snowflake key pairs are RSA");
  }
  unsigned char* der = nullptr;
  int der_len = i2d_PUBKEY(key, &der);
  if (der_len <= 0) {
    EVP_PKEY_free(key);
    return Status::Internal(what + ": cannot encode its public key");
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(der_len), digest);
  OPENSSL_free(der);

  std::unique_ptr<KeyPairJwt> jwt(new KeyPairJwt());
  jwt->key_ = key;
  jwt->clock_ = clock != nullptr ? clock : RealClock();
  jwt->subject_ = JwtAccount(account) + "." + Upper(user);
  jwt->fingerprint_ = "SHA256:" + Base64(digest, sizeof digest);
  jwt->description_ = std::move(description);
  return jwt;
}

KeyPairJwt::~KeyPairJwt() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

Result<std::string> KeyPairJwt::Sign(std::chrono::system_clock::time_point now) const {
  const Value header = {{"alg", "RS256"}, {"typ", "JWT"}};
  const int64_t iat = Seconds(now);
  const Value claims = {{"iss", subject_ + "." + fingerprint_},
                        {"sub", subject_},
                        {"iat", iat},
                        {"exp", iat + kLifetime.count()}};
  const std::string input = Base64Url(header.dump()) + "." + Base64Url(claims.dump());
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  if (md == nullptr) return Status::Internal("snowflake JWT: out of memory");
  size_t sig_len = 0;
  std::string sig;
  bool ok =
      EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, static_cast<EVP_PKEY*>(key_)) == 1 &&
      EVP_DigestSign(md, nullptr, &sig_len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) == 1;
  if (ok) {
    sig.resize(sig_len);
    ok = EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &sig_len,
                        reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    sig.resize(sig_len);
  }
  EVP_MD_CTX_free(md);
  ERR_clear_error();
  if (!ok) return Status::Internal("snowflake JWT: signing with the " + description_ + " failed");
  return input + "." + Base64Url(sig);
}

Result<std::string> KeyPairJwt::Token() {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = clock_->Now();
  if (!token_.empty() && now < refresh_at_) return token_;
  CW_ASSIGN_OR_RETURN(std::string t, Sign(now));
  token_ = std::move(t);
  refresh_at_ = now + kLifetime - kRefreshBefore;
  return token_;
}

}  // namespace causeway::snowflake
