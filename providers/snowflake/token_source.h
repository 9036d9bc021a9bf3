// TokenSource: the bearer token the Snowflake provider sends to the SQL API, and its type for the
// X-Snowflake-Authorization-Token-Type header:
//  - KeyPairJwt (KEYPAIR_JWT): a JWT signed RS256 with the user's RSA private key through OpenSSL,
//    iss "<ACCOUNT>.<USER>.SHA256:<fingerprint>", sub "<ACCOUNT>.<USER>", iat/exp in seconds,
//    valid for an hour and re-signed five minutes before it expires. The key is PEM: PKCS#8
//    (plain or encrypted, the passphrase given), or a traditional RSA key. The fingerprint is the
//    base64 SHA-256 of the public key's DER SubjectPublicKeyInfo, as DESC USER shows it.
//    A hand-written JWT (a header, claims and an OpenSSL signature) rather than a JWT library:
//    Debian's (libjwt) would add a dependency for twenty lines.
//  - StaticToken (OAUTH): an OAuth access token given by the user.
// Neither ever logs or returns the key, its passphrase or the token in a message.
// Thread-safety: Token() may be called from many threads.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"

namespace causeway::snowflake {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // The token to send now.
  virtual Result<std::string> Token() = 0;
  // "KEYPAIR_JWT" or "OAUTH".
  virtual std::string TokenType() const = 0;
  // Where it comes from, safe to print.
  virtual std::string Describe() const = 0;
};

class StaticToken : public TokenSource {
 public:
  StaticToken(std::string token, std::string description)
      : token_(std::move(token)), description_(std::move(description)) {}
  Result<std::string> Token() override { return token_; }
  std::string TokenType() const override { return "OAUTH"; }
  std::string Describe() const override { return description_; }

 private:
  std::string token_;
  std::string description_;
};

class KeyPairJwt : public TokenSource {
 public:
  // Loads `private_key_pem` (decrypting it with `passphrase` when it is encrypted). An error says
  // why the key cannot be used (not PEM, wrong passphrase, not RSA) without quoting it.
  static Result<std::unique_ptr<KeyPairJwt>> Create(const std::string& account,
                                                    const std::string& user,
                                                    const std::string& private_key_pem,
                                                    const std::string& passphrase, Clock* clock,
                                                    std::string description);
  ~KeyPairJwt() override;

  Result<std::string> Token() override;
  std::string TokenType() const override { return "KEYPAIR_JWT"; }
  std::string Describe() const override { return description_; }

  // "SHA256:<base64>" of the public key, as DESC USER shows RSA_PUBLIC_KEY_FP.
  const std::string& fingerprint() const { return fingerprint_; }
  // "<ACCOUNT>.<USER>": the JWT's subject.
  const std::string& subject() const { return subject_; }

  static constexpr std::chrono::seconds kLifetime{3600};
  static constexpr std::chrono::seconds kRefreshBefore{300};

 private:
  KeyPairJwt() = default;
  Result<std::string> Sign(std::chrono::system_clock::time_point now) const;

  void* key_ = nullptr;  // EVP_PKEY*
  Clock* clock_ = nullptr;
  std::string subject_, fingerprint_, description_;
  std::mutex mu_;
  std::string token_;
  std::chrono::system_clock::time_point refresh_at_{};
};

// "SHA256:<base64>" of an RSA public key given as PEM or as the bare base64 of its DER
// SubjectPublicKeyInfo (what RSA_PUBLIC_KEY takes); "" when it is not one.
std::string PublicKeyFingerprint(const std::string& key);
// The base64 body of a PEM public key without its BEGIN/END lines and whitespace (what
// ALTER USER ... SET RSA_PUBLIC_KEY takes).
std::string PublicKeyBody(const std::string& key);

// base64url without padding (JWT segments).
std::string Base64Url(const std::string& bytes);

}  // namespace causeway::snowflake
