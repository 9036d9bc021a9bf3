// RSA keys through OpenSSL 3's EVP interfaces.
#include "sandbox/snowflake/auth/rsa_keys.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>

#include "sandbox/core/base64.h"

namespace causeway::sandbox::snowflake {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey ReadPrivate(const std::string& pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

Pkey ReadPublicDer(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  return Pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
}

}  // namespace

Result<std::string> GenerateRsaPrivateKeyPem() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
  if (!key) return Status::Internal("OpenSSL could not generate an RSA key");
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal("OpenSSL could not write the RSA key as PEM");
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

Result<std::string> PublicKeyOfPrivatePem(const std::string& private_pem) {
  Pkey key = ReadPrivate(private_pem);
  if (!key) return Status::InvalidArgument("not a PEM private key");
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key.get(), &der);
  if (n <= 0) return Status::Internal("OpenSSL could not encode the public key");
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return Base64Encode(out);
}

std::optional<std::string> PublicKeyDer(const std::string& rsa_public_key) {
  std::string body;
  for (size_t i = 0; i < rsa_public_key.size(); ++i) {
    const char c = rsa_public_key[i];
    if (c == '-') {  // PEM armour line: skip it
      while (i < rsa_public_key.size() && rsa_public_key[i] != '\n') ++i;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    body += c;
  }
  std::string der;
  if (body.empty() || !Base64Decode(body, &der)) return std::nullopt;
  Pkey key = ReadPublicDer(der);
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return std::nullopt;
  return der;
}

std::optional<std::string> PublicKeyFingerprint(const std::string& rsa_public_key) {
  auto der = PublicKeyDer(rsa_public_key);
  if (!der) return std::nullopt;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(der->data()), der->size(), digest);
  return "SHA256:" + Base64Encode(std::string(reinterpret_cast<char*>(digest), sizeof digest));
}

bool VerifyRs256(const std::string& der, const std::string& data, const std::string& signature) {
  Pkey key = ReadPublicDer(der);
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

Result<std::string> SignRs256(const std::string& private_pem, const std::string& data) {
  Pkey key = ReadPrivate(private_pem);
  if (!key) return Status::InvalidArgument("not a PEM private key");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t n = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    return Status::Internal("OpenSSL could not sign");
  }
  std::string sig(n, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return Status::Internal("OpenSSL could not sign");
  }
  sig.resize(n);
  return sig;
}

}  // namespace causeway::sandbox::snowflake
