// SigV4: AWS Signature Version 4 request signing (HMAC-SHA256 through OpenSSL), used by the AWS
// provider to sign and by the sandbox to verify. Follows AWS's "Create a signed AWS API request"
// steps: canonical request, string to sign, derived signing key, Authorization header.
// Checked against AWS's published SigV4 test suite (tests/aws/sigv4_test.cc).
// Thread-safety: free functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // secret: never log
  std::string session_token;      // secret: never log; empty for long-term keys
};

struct SignableRequest {
  std::string method;  // "GET"
  std::string path;    // raw path as sent, e.g. "/" or "/bucket/key%20x"
  std::string query;   // raw query string without '?', e.g. "Action=ListRoles&Version=2010-05-08"
  std::vector<std::pair<std::string, std::string>> headers;  // must include host
  std::string body;
};

struct SigningParams {
  std::string region;   // "us-east-1"
  std::string service;  // "iam", "s3", "glue", ...
  std::string amz_date; // "20150830T123600Z"
  // S3 does not normalise paths (no dot-segment removal, no double encoding).
  bool s3_path_rules = false;
  // Sign x-amz-content-sha256 as UNSIGNED-PAYLOAD instead of the body hash (S3 option).
  bool unsigned_payload = false;
};

std::string CanonicalRequest(const SignableRequest& request, const SigningParams& params,
                             std::string* signed_headers);
std::string StringToSign(const std::string& canonical_request, const SigningParams& params);
// Hex signature.
std::string Signature(const std::string& secret_access_key, const std::string& string_to_sign,
                      const SigningParams& params);
// Full Authorization header value:
// "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request,
//  SignedHeaders=host;x-amz-date, Signature=..."
std::string AuthorizationHeader(const SignableRequest& request, const SigningParams& params,
                                const Credentials& credentials);
// Adds x-amz-date, x-amz-security-token (if any), x-amz-content-sha256 (for s3) and Authorization
// to request.headers.
void SignRequest(SignableRequest* request, const SigningParams& params,
                 const Credentials& credentials);

// A parsed Authorization header.
struct ParsedAuthorization {
  std::string access_key_id;
  std::string date;     // yyyymmdd
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
};
// InvalidArgument when the header is not AWS4-HMAC-SHA256.
Result<ParsedAuthorization> ParseAuthorization(const std::string& header);

std::string HexSha256(const std::string& data);

}  // namespace causeway::aws
