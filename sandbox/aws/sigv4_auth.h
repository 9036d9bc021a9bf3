// SigV4 request authentication for the AWS front end: verifies the Authorization header (or
// presigned X-Amz-* query parameters) against the configured long-term access keys and the
// temporary credentials STS issued, using providers/aws_sigv4/sigv4.h to recompute the signature.
// Produces the principal handlers see, or the AWS error each protocol returns for the failure.
// Thread-safety: Authenticator is immutable after construction apart from the session lookup,
// which is called with the server's dispatch lock held.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "sandbox/aws/aws_service.h"

namespace causeway::sandbox {

// Temporary credentials as STS hands them out.
struct SessionCredentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret
  std::string session_token;      // secret
  std::chrono::system_clock::time_point expiration;
  std::string assumed_role_arn;  // arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION
  std::string role_arn;          // arn:aws:iam::ACCOUNT:role/PATH NAME
  std::string user_id;           // ROLEID:SESSION
};

enum class AuthErrorKind {
  kMissing,           // no Authorization header / presigned parameters
  kMalformed,         // unparsable Authorization or X-Amz-Date
  kUnknownKey,        // access key not configured and not an STS session
  kBadSignature,      // signature mismatch
  kSignatureExpired,  // X-Amz-Date more than the allowed skew from now / presigned URL expired
  kTokenExpired,      // STS session expired
  kBadToken,          // missing or wrong x-amz-security-token for session credentials
};

struct AuthError {
  AuthErrorKind kind = AuthErrorKind::kMissing;
  std::string message;  // AWS's message text, never containing secrets
};

// The error response AWS sends for `error` in `protocol` (status, code and message).
SandboxResponse AuthErrorResponse(AwsProtocol protocol, const AuthError& error,
                                  const std::string& request_id);

// What the authenticator needs from the raw request.
struct AuthInput {
  std::string method;
  std::string path;       // raw
  std::string raw_query;  // raw, without '?'
  HeaderMap headers;      // lower-cased
  const std::string* body = nullptr;
};

// Service and region named by the request's credential scope (header or presigned query), or
// empty strings when the request is not SigV4-signed.
struct CredentialScope {
  std::string access_key_id;
  std::string region;
  std::string service;
};
CredentialScope FindCredentialScope(const AuthInput& input);

class Authenticator {
 public:
  using SessionLookup = std::function<const SessionCredentials*(const std::string& access_key)>;

  // `keys`: access key id -> secret access key for the long-term (account root) credentials.
  Authenticator(std::map<std::string, std::string> keys, std::string account_id,
                std::chrono::seconds max_skew);

  // Verifies `input`. On success fills `caller` and returns true; otherwise fills `error`.
  // `lookup` resolves STS session keys (ASIA...); may be null.
  bool Verify(const AuthInput& input, std::chrono::system_clock::time_point now,
              const SessionLookup& lookup, Principal* caller, AuthError* error) const;

 private:
  std::map<std::string, std::string> keys_;
  std::string account_id_;
  std::chrono::seconds max_skew_;
};

}  // namespace causeway::sandbox
