// The S3 Tables emulator's wire helpers: replies (200 JSON, 204 empty, errors with the model's
// HTTP status), ISO 8601 timestamps, table bucket ARNs, and list pagination (prefix,
// max<Things> within 1..1000, an opaque continuationToken naming where the next page starts).
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>

#include "reconciler/core/value.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

inline constexpr const char* kS3tBadRequest = "BadRequestException";
inline constexpr const char* kS3tNotFound = "NotFoundException";
inline constexpr const char* kS3tConflict = "ConflictException";

SandboxResponse S3TablesOk(const SandboxRequest& r, const Value& body);
SandboxResponse S3TablesNoContent(const SandboxRequest& r);
// The error with the HTTP status the model gives its shape (400, 404, 409).
SandboxResponse S3TablesError(const SandboxRequest& r, const std::string& code,
                              const std::string& message);

std::string S3TablesTime(std::chrono::system_clock::time_point t);
// body[key] when a string, else "".
std::string S3tString(const Value& body, const char* key);
// "arn:aws:s3tables:<region>:<12 digits>:bucket/<name>" -> name; false when not that shape.
bool ParseTableBucketArn(const std::string& arn, std::string* name);
// The name in a table bucket ARN ("" when it is not one).
std::string TableBucketNameOf(const std::string& arn);

struct S3tPage {
  std::string prefix;
  std::string start;  // the first key of the page ("" : from the beginning)
  size_t max = 1000;
  // True when `key` belongs on this page or later, and matches the prefix.
  bool Wants(const std::string& key) const { return key.rfind(prefix, 0) == 0 && key >= start; }
};
// Reads prefix, continuationToken and the `max_param` query parameter; "" or the message.
std::string ReadS3tPage(const SandboxRequest& r, const char* max_param, S3tPage* page);
// The continuationToken of a page that ends before `next_key`.
std::string S3tToken(const std::string& next_key);

}  // namespace causeway::sandbox
