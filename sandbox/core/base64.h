// Base64 (RFC 4648, padded) through OpenSSL's EVP block functions, for every emulator: S3's
// Content-MD5 values, continuation tokens and persisted bodies, and the Databricks OIDC
// endpoint's HTTP Basic credentials. Thread-safety: pure functions.
#pragma once

#include <string>

namespace causeway::sandbox {

std::string Base64Encode(const std::string& data);
// False on malformed input.
bool Base64Decode(const std::string& text, std::string* out);

}  // namespace causeway::sandbox
