// Small helpers shared by the sandbox emulators: AWS-style identifiers, timestamps and URL
// (percent) encoding/decoding. Thread-safety: all functions are thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "sandbox/core/service.h"

namespace causeway::sandbox {

// Random upper-case alphanumeric id with a prefix, like IAM unique ids:
// RandomId("AROA", 17) -> "AROAX4KJ2M5QW7ZP3LNBT".
std::string RandomId(const std::string& prefix, int length);
// Random string over [A-Za-z0-9/+] (secret access keys, session tokens).
std::string RandomSecret(int length);
// Random RFC 4122 version-4 UUID, lower case ("c1a7..."): request ids, Athena query ids.
std::string NewUuid();

// ISO-8601 UTC with seconds: "2026-11-26T14:27:52Z" (IAM CreateDate, STS Expiration).
std::string Iso8601(std::chrono::system_clock::time_point t);
// ISO-8601 UTC with milliseconds: "2026-11-26T14:27:52.000Z" (S3 LastModified).
std::string Iso8601Millis(std::chrono::system_clock::time_point t);
// RFC 1123 date: "Thu, 26 Nov 2026 14:27:52 GMT" (HTTP Last-Modified / Date headers).
std::string HttpDate(std::chrono::system_clock::time_point t);
// Seconds since the epoch as a double (JSON 1.1 / REST-JSON timestamps).
double EpochSeconds(std::chrono::system_clock::time_point t);
// Parses "yyyymmddThhmmssZ" (X-Amz-Date); false on malformed input.
bool ParseAmzDate(const std::string& text, std::chrono::system_clock::time_point* out);
// Formats as "yyyymmddThhmmssZ".
std::string AmzDate(std::chrono::system_clock::time_point t);

// Percent-decoding; '+' becomes a space when `plus_as_space` (form bodies and query strings).
std::string UrlDecode(const std::string& text, bool plus_as_space = true);
// RFC 3986 percent-encoding of everything except unreserved characters (A-Za-z0-9-_.~);
// '/' is kept when `keep_slash`.
std::string UrlEncode(const std::string& text, bool keep_slash = false);
// Parses "a=1&b=x%20y" into decoded pairs.
ParamMap ParseQueryString(const std::string& text);

}  // namespace causeway::sandbox
