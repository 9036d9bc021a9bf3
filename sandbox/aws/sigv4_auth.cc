// SigV4 verification against configured keys and STS sessions; AWS auth error responses.
#include "sandbox/aws/sigv4_auth.h"

#include <cctype>
#include <vector>

#include "providers/aws_sigv4/sigv4.h"
#include "reconciler/core/ascii.h"
#include "sandbox/aws/amz_date.h"
#include "sandbox/aws/errors.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

constexpr char kSignatureMismatchQuery[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr char kSignatureMismatchS3[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "key and signing method.";
constexpr char kInvalidToken[] = "The security token included in the request is invalid.";
constexpr char kExpiredToken[] = "The security token included in the request is expired";

std::string Header(const HeaderMap& h, const std::string& name) {
  auto it = h.find(name);
  return it == h.end() ? "" : it->second;
}

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The raw query without the X-Amz-Signature parameter (presigned URLs sign everything else).
std::string QueryWithoutSignature(const std::string& raw) {
  std::string out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t amp = raw.find('&', start);
    if (amp == std::string::npos) amp = raw.size();
    std::string part = raw.substr(start, amp - start);
    if (!part.empty() && part.rfind("X-Amz-Signature=", 0) != 0) {
      if (!out.empty()) out += '&';
      out += part;
    }
    start = amp + 1;
  }
  return out;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t e = s.find(sep, start);
    out.push_back(s.substr(start, e == std::string::npos ? std::string::npos : e - start));
    if (e == std::string::npos) break;
    start = e + 1;
  }
  return out;
}

// What Verify() extracts from either the header form or the presigned form.
struct SignedParts {
  std::string access_key;
  std::string date;  // yyyymmdd of the scope
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
  std::string amz_date;
  std::string token;
  std::string query;  // canonical input query
  bool presigned = false;
  long expires_seconds = 0;
};

}  // namespace

CredentialScope FindCredentialScope(const AuthInput& input) {
  CredentialScope scope;
  std::string auth = Header(input.headers, "authorization");
  if (!auth.empty()) {
    auto parsed = aws::ParseAuthorization(auth);
    if (parsed.ok()) {
      scope.access_key_id = parsed->access_key_id;
      scope.region = parsed->region;
      scope.service = parsed->service;
    }
    return scope;
  }
  ParamMap q = ParseQueryString(input.raw_query);
  auto it = q.find("X-Amz-Credential");
  if (it != q.end()) {
    auto fields = Split(it->second, '/');
    if (fields.size() == 5) {
      scope.access_key_id = fields[0];
      scope.region = fields[2];
      scope.service = fields[3];
    }
  }
  return scope;
}

Authenticator::Authenticator(std::map<std::string, std::string> keys, std::string account_id,
                             std::chrono::seconds max_skew)
    : keys_(std::move(keys)), account_id_(std::move(account_id)), max_skew_(max_skew) {}

bool Authenticator::Verify(const AuthInput& input, std::chrono::system_clock::time_point now,
                           const SessionLookup& lookup, Principal* caller, AuthError* error) const {
  SignedParts parts;
  std::string auth = Header(input.headers, "authorization");
  ParamMap q = ParseQueryString(input.raw_query);
  auto qget = [&](const std::string& k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : it->second;
  };
  if (!auth.empty()) {
    auto parsed = aws::ParseAuthorization(auth);
    if (!parsed.ok()) {
      *error = {AuthErrorKind::kMalformed, parsed.status().message()};
      return false;
    }
    parts.access_key = parsed->access_key_id;
    parts.date = parsed->date;
    parts.region = parsed->region;
    parts.service = parsed->service;
    parts.signed_headers = parsed->signed_headers;
    parts.signature = parsed->signature;
    parts.amz_date = Header(input.headers, "x-amz-date");
    parts.token = Header(input.headers, "x-amz-security-token");
    parts.query = input.raw_query;
    if (parts.amz_date.empty()) {
      *error = {AuthErrorKind::kMalformed,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                "header. Authorization=" +
                    auth.substr(0, auth.find(' '))};
      return false;
    }
  } else if (qget("X-Amz-Algorithm") == "AWS4-HMAC-SHA256") {
    auto fields = Split(qget("X-Amz-Credential"), '/');
    if (fields.size() != 5 || fields[4] != "aws4_request") {
      *error = {AuthErrorKind::kMalformed, "X-Amz-Credential is malformed"};
      return false;
    }
    parts.access_key = fields[0];
    parts.date = fields[1];
    parts.region = fields[2];
    parts.service = fields[3];
    parts.signed_headers = Split(qget("X-Amz-SignedHeaders"), ';');
    parts.signature = qget("X-Amz-Signature");
    parts.amz_date = qget("X-Amz-Date");
    parts.token = qget("X-Amz-Security-Token");
    parts.query = QueryWithoutSignature(input.raw_query);
    parts.presigned = true;
    parts.expires_seconds = ParseInteger<long>(qget("X-Amz-Expires")).value_or(900);
  } else {
    *error = {AuthErrorKind::kMissing, "Request is missing Authentication Token"};
    return false;
  }

  std::chrono::system_clock::time_point signed_at;
  if (!ParseAmzDate(parts.amz_date, &signed_at)) {
    *error = {AuthErrorKind::kMalformed, "X-Amz-Date must be in the ISO8601 Long Format"};
    return false;
  }

  // Resolve the secret.
  std::string secret;
  const SessionCredentials* session = nullptr;
  auto key_it = keys_.find(parts.access_key);
  if (key_it != keys_.end()) {
    secret = key_it->second;
  } else if (lookup && (session = lookup(parts.access_key)) != nullptr) {
    if (parts.token != session->session_token) {
      *error = {AuthErrorKind::kBadToken, kInvalidToken};
      return false;
    }
    if (now >= session->expiration) {
      *error = {AuthErrorKind::kTokenExpired, kExpiredToken};
      return false;
    }
    secret = session->secret_access_key;
  } else {
    *error = {AuthErrorKind::kUnknownKey, kInvalidToken};
    return false;
  }

  aws::SignableRequest sr;
  sr.method = input.method;
  sr.path = input.path;
  sr.query = parts.query;
  for (const auto& name : parts.signed_headers) {
    auto it = input.headers.find(name);
    if (it == input.headers.end()) {
      *error = {AuthErrorKind::kBadSignature, ""};
      return false;
    }
    sr.headers.emplace_back(name, it->second);
  }
  static const std::string kEmpty;
  sr.body = input.body != nullptr ? *input.body : kEmpty;
  aws::SigningParams params;
  params.region = parts.region;
  params.service = parts.service;
  params.amz_date = parts.amz_date;
  params.s3_path_rules = parts.service == "s3";
  params.unsigned_payload = parts.presigned && parts.service == "s3";
  std::string creq = aws::CanonicalRequest(sr, params, nullptr);
  std::string expected = aws::Signature(secret, aws::StringToSign(creq, params), params);
  if (expected != parts.signature || parts.date != parts.amz_date.substr(0, 8)) {
    *error = {AuthErrorKind::kBadSignature, ""};
    return false;
  }
  // A declared body hash must match the body (S3 checks this; harmless elsewhere).
  std::string declared = Header(input.headers, "x-amz-content-sha256");
  if (IsHex64(declared) && input.body != nullptr && declared != aws::HexSha256(*input.body)) {
    *error = {AuthErrorKind::kBadSignature,
              "The provided 'x-amz-content-sha256' header does not match what was computed."};
    return false;
  }

  // Time checks after the signature, as AWS does (a valid signature with a stale date tells the
  // client to correct its clock).
  if (parts.presigned) {
    if (now > signed_at + std::chrono::seconds(parts.expires_seconds)) {
      *error = {AuthErrorKind::kSignatureExpired, "Request has expired"};
      return false;
    }
  } else if (signed_at + max_skew_ < now) {
    *error = {AuthErrorKind::kSignatureExpired,
              "Signature expired: " + parts.amz_date + " is now earlier than " +
                  AmzDate(now - max_skew_) + " (" + AmzDate(now) + " - " +
                  std::to_string(max_skew_.count() / 60) + " min.)"};
    return false;
  } else if (signed_at - max_skew_ > now) {
    *error = {AuthErrorKind::kSignatureExpired,
              "Signature not yet current: " + parts.amz_date + " is still later than " +
                  AmzDate(now + max_skew_) + " (" + AmzDate(now) + " + " +
                  std::to_string(max_skew_.count() / 60) + " min.)"};
    return false;
  }

  caller->credential_id = parts.access_key;
  caller->account_id = account_id_;
  if (session != nullptr) {
    caller->name = session->assumed_role_arn;
    caller->user_id = session->user_id;
    caller->role = session->role_arn;
    caller->temporary = true;
  } else {
    caller->name = "arn:aws:iam::" + account_id_ + ":root";
    caller->user_id = account_id_;
    caller->temporary = false;
  }
  return true;
}

SandboxResponse AuthErrorResponse(AwsProtocol protocol, const AuthError& error,
                                  const std::string& request_id) {
  const bool s3 = protocol == AwsProtocol::kRestXml;
  const bool json = protocol == AwsProtocol::kJson || protocol == AwsProtocol::kRestJson;
  int status = 403;
  std::string code, message = error.message;
  switch (error.kind) {
    case AuthErrorKind::kMissing:
      if (s3) {
        code = "AccessDenied";
        message = "Access Denied";
      } else {
        code = json ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken";
        message = "Request is missing Authentication Token";
      }
      break;
    case AuthErrorKind::kMalformed:
      status = 400;
      code = s3 ? "AuthorizationHeaderMalformed" : "IncompleteSignature";
      break;
    case AuthErrorKind::kUnknownKey:
      if (s3) {
        code = "InvalidAccessKeyId";
        message = "The AWS Access Key Id you provided does not exist in our records.";
      } else {
        code = json ? "UnrecognizedClientException" : "InvalidClientTokenId";
        message = kInvalidToken;
      }
      break;
    case AuthErrorKind::kBadSignature:
      if (s3) {
        code = error.message.empty() ? "SignatureDoesNotMatch" : "XAmzContentSHA256Mismatch";
        if (!error.message.empty()) status = 400;
        message = error.message.empty() ? kSignatureMismatchS3 : error.message;
      } else {
        code = json ? "InvalidSignatureException" : "SignatureDoesNotMatch";
        message = error.message.empty() ? kSignatureMismatchQuery : error.message;
      }
      break;
    case AuthErrorKind::kSignatureExpired:
      if (s3) {
        if (error.message == "Request has expired") {
          code = "AccessDenied";
        } else {
          code = "RequestTimeTooSkewed";
          message = "The difference between the request time and the current time is too large.";
        }
      } else {
        code = json ? "InvalidSignatureException" : "SignatureDoesNotMatch";
      }
      break;
    case AuthErrorKind::kTokenExpired:
      if (s3) {
        code = "ExpiredToken";
        message = "The provided token has expired.";
      } else {
        code = json ? "ExpiredTokenException" : "ExpiredToken";
        message = kExpiredToken;
      }
      break;
    case AuthErrorKind::kBadToken:
      if (s3) {
        code = "InvalidToken";
        message = "The provided token is malformed or otherwise invalid.";
      } else {
        code = json ? "UnrecognizedClientException" : "InvalidClientTokenId";
        message = kInvalidToken;
      }
      break;
  }
  return ProtocolError(protocol, status, code, message, request_id);
}

}  // namespace causeway::sandbox
