// Key-pair JWTs as Snowflake checks them (specs SQL_API.md, "Key-pair JWT authentication"):
// RS256; iss = "<ACCOUNT>.<USER>.SHA256:<fingerprint>" naming a public key registered on the
// user (RSA_PUBLIC_KEY or RSA_PUBLIC_KEY_2); sub = "<ACCOUNT>.<USER>"; iat/exp in seconds, or in
// milliseconds as snowflake-sdk sends them (a value above 10^11 is read as milliseconds);
// exp after now, exp at most one hour after iat, iat not in the future (60 s of skew allowed).
// Every refusal is Snowflake's 390144 "JWT token is invalid." with the reason appended in
// brackets, where Snowflake appends a request id.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::sandbox::snowflake {

inline constexpr char kCodeJwtInvalid[] = "390144";

// Looks a user up by login name (upper case): the user's name and the RSA_PUBLIC_KEY values
// registered for it (empty strings for unset ones); false when there is no such user.
using UserKeysLookup = std::function<bool(const std::string& login, std::string* user,
                                          std::string* key1, std::string* key2)>;

// The name of the user the token authenticates, or the 390144 error.
Result<std::string> VerifyKeypairJwt(const std::string& token, const std::string& account,
                                     int64_t now_seconds, const UserKeysLookup& lookup);

// base64url without padding (JWT segments), both ways.
std::string Base64UrlEncode(const std::string& data);
bool Base64UrlDecode(const std::string& text, std::string* out);

// A signed RS256 JWT for `account`.`user` with the key `private_pem` (tests, the fidelity
// harness): iat = `iat_seconds`, exp = iat + `lifetime_seconds`.
Result<std::string> MintKeypairJwt(const std::string& account, const std::string& user,
                                   const std::string& private_pem, int64_t iat_seconds,
                                   int64_t lifetime_seconds);

}  // namespace causeway::sandbox::snowflake
