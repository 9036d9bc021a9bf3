// RSA key pairs for key-pair authentication, through OpenSSL: generating the sandbox admin's
// 2048-bit key, reading and writing it as unencrypted PKCS#8 PEM, the RSA_PUBLIC_KEY form users
// register (the base64 DER SubjectPublicKeyInfo body without PEM armour, as Snowflake stores it)
// and its fingerprint "SHA256:<base64 of SHA-256 over the DER>" (DESC USER's RSA_PUBLIC_KEY_FP,
// the last part of a JWT's issuer).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "reconciler/core/status.h"

namespace causeway::sandbox::snowflake {

// A new 2048-bit RSA private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
Result<std::string> GenerateRsaPrivateKeyPem();
// The RSA_PUBLIC_KEY value (base64 DER, one line) of a PKCS#8 PEM private key.
Result<std::string> PublicKeyOfPrivatePem(const std::string& private_pem);
// The DER bytes of an RSA_PUBLIC_KEY value; PEM armour, line breaks and spaces are tolerated.
// nullopt when it is not an RSA public key.
std::optional<std::string> PublicKeyDer(const std::string& rsa_public_key);
// "SHA256:<base64>" of an RSA_PUBLIC_KEY value; nullopt when it does not parse.
std::optional<std::string> PublicKeyFingerprint(const std::string& rsa_public_key);
// Verifies an RS256 signature of `data` by the key in `der` (SubjectPublicKeyInfo).
bool VerifyRs256(const std::string& der, const std::string& data, const std::string& signature);
// Signs `data` with RS256 using a PKCS#8 PEM private key (tests and the fidelity harness).
Result<std::string> SignRs256(const std::string& private_pem, const std::string& data);

}  // namespace causeway::sandbox::snowflake
