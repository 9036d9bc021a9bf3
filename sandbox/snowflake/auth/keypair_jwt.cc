// Key-pair JWT verification.
#include "sandbox/snowflake/auth/keypair_jwt.h"

#include "reconciler/core/ascii.h"
#include "sandbox/core/base64.h"
#include "sandbox/snowflake/auth/rsa_keys.h"

namespace causeway::sandbox::snowflake {

namespace {

Status Invalid(const std::string& why) {
  return Status(StatusCode::kPermissionDenied, "JWT token is invalid. [" + why + "]",
                kCodeJwtInvalid);
}

// Seconds, whether the claim was in seconds or milliseconds.
std::optional<int64_t> Seconds(const Value& claims, const char* key) {
  auto it = claims.find(key);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  int64_t v =
      it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(it->get<double>());
  if (v > 100000000000LL) v /= 1000;
  return v;
}

}  // namespace

std::string Base64UrlEncode(const std::string& data) {
  std::string s = Base64Encode(data);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

bool Base64UrlDecode(const std::string& text, std::string* out) {
  std::string s = text;
  for (char& c : s) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (s.size() % 4 != 0) s += '=';
  return Base64Decode(s, out);
}

Result<std::string> VerifyKeypairJwt(const std::string& token, const std::string& account,
                                     int64_t now, const UserKeysLookup& lookup) {
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos) return Invalid("not a JWT");
  std::string header_text, claims_text, signature;
  if (!Base64UrlDecode(token.substr(0, dot1), &header_text) ||
      !Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1), &claims_text) ||
      !Base64UrlDecode(token.substr(dot2 + 1), &signature)) {
    return Invalid("malformed base64url");
  }
  const Value header = Value::parse(header_text, nullptr, false);
  const Value claims = Value::parse(claims_text, nullptr, false);
  if (!header.is_object() || !claims.is_object()) return Invalid("malformed JSON");
  if (header.value("alg", std::string()) != "RS256") return Invalid("alg must be RS256");
  const std::string iss = claims.value("iss", std::string());
  const std::string sub = claims.value("sub", std::string());
  const size_t fp_at = iss.find(".SHA256:");
  if (fp_at == std::string::npos) return Invalid("iss must end with .SHA256:<fingerprint>");
  const std::string who = iss.substr(0, fp_at);
  const std::string fingerprint = iss.substr(fp_at + 1);
  const size_t dot = who.find('.');
  if (dot == std::string::npos) return Invalid("iss must be <ACCOUNT>.<USER>.SHA256:<fp>");
  if (Upper(who.substr(0, dot)) != Upper(account)) return Invalid("unknown account in iss");
  if (Upper(sub) != Upper(who)) return Invalid("sub must be <ACCOUNT>.<USER> as in iss");
  std::string user, key1, key2;
  if (!lookup(Upper(who.substr(dot + 1)), &user, &key1, &key2)) return Invalid("unknown user");
  std::string der;
  for (const std::string* key : {&key1, &key2}) {
    if (key->empty() || PublicKeyFingerprint(*key) != fingerprint) continue;
    der = PublicKeyDer(*key).value_or("");
  }
  if (der.empty()) return Invalid("the fingerprint matches no public key of the user");
  if (!VerifyRs256(der, token.substr(0, dot2), signature)) return Invalid("bad signature");
  const auto iat = Seconds(claims, "iat");
  const auto exp = Seconds(claims, "exp");
  if (!iat || !exp) return Invalid("iat and exp are required");
  if (*exp <= now) return Invalid("the token has expired");
  if (*exp > *iat + 3600 + 60) return Invalid("exp must be at most one hour after iat");
  if (*iat > now + 60) return Invalid("iat is in the future");
  return user;
}

Result<std::string> MintKeypairJwt(const std::string& account, const std::string& user,
                                   const std::string& private_pem, int64_t iat, int64_t lifetime) {
  auto public_key = PublicKeyOfPrivatePem(private_pem);
  if (!public_key.ok()) return public_key.status();
  const std::string who = Upper(account) + "." + Upper(user);
  const Value header = {{"alg", "RS256"}, {"typ", "JWT"}};
  const Value claims = {{"iss", who + "." + PublicKeyFingerprint(*public_key).value_or("")},
                        {"sub", who},
                        {"iat", iat},
                        {"exp", iat + lifetime}};
  const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  auto signature = SignRs256(private_pem, input);
  if (!signature.ok()) return signature.status();
  return input + "." + Base64UrlEncode(*signature);
}

}  // namespace causeway::sandbox::snowflake
