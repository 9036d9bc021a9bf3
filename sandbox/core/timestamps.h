// Timestamps as the clouds print them (ISO-8601, HTTP dates, epoch seconds).
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>

namespace causeway::sandbox {

// ISO-8601 UTC with seconds: "2026-11-26T14:27:52Z" (IAM CreateDate, STS Expiration).
std::string Iso8601(std::chrono::system_clock::time_point t);
// ISO-8601 UTC with milliseconds: "2026-11-26T14:27:52.000Z" (S3 LastModified).
std::string Iso8601Millis(std::chrono::system_clock::time_point t);
// RFC 1123 date: "Thu, 26 Nov 2026 14:27:52 GMT" (HTTP Last-Modified / Date headers).
std::string HttpDate(std::chrono::system_clock::time_point t);
// Seconds since the epoch as a double (JSON 1.1 / REST-JSON timestamps).
double EpochSeconds(std::chrono::system_clock::time_point t);
// strftime of `t` in UTC.
std::string FormatUtc(std::chrono::system_clock::time_point t, const char* format);

}  // namespace causeway::sandbox
