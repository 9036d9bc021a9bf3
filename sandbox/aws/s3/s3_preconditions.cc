// S3 emulator: the conditional request headers If-Match and If-None-Match on object writes,
// deletes and reads (rules in s3_preconditions.h), with S3's error documents: PreconditionFailed
// naming the failed Condition, NoSuchKey, and NotImplemented naming the Header S3 does not
// support on writes.
#include "sandbox/aws/s3/s3_preconditions.h"

#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

namespace {

constexpr char kNotHeld[] = "At least one of the pre-conditions you specified did not hold";
constexpr char kNotImplemented[] =
    "A header you provided implies functionality that is not implemented";

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t");
  return s.substr(a, b - a + 1);
}

// The opaque part of an entity tag: without W/ and the surrounding quotes.
std::string Opaque(std::string tag) {
  tag = Trim(tag);
  if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
    tag = tag.substr(1, tag.size() - 2);
  return tag;
}

SandboxResponse PreconditionFailed(const SandboxRequest& r, const std::string& condition) {
  return S3ErrorWith(412, "PreconditionFailed", kNotHeld, r, {{"Condition", condition}});
}

SandboxResponse NoSuchKey(const SandboxRequest& r, const std::string& key) {
  return S3ErrorWith(404, "NoSuchKey", "The specified key does not exist.", r, {{"Key", key}});
}

// If-Match on a write or delete: 404 when there is no current object, 412 on mismatch.
bool CheckIfMatch(const SandboxRequest& r, const std::string& key, const S3Object* current,
                  SandboxResponse* error) {
  const std::string if_match = r.Header("if-match");
  if (if_match.empty()) return true;
  if (current == nullptr) {
    *error = NoSuchKey(r, key);
    return false;
  }
  if (!S3ETagListMatches(if_match, current->etag)) {
    *error = PreconditionFailed(r, "If-Match");
    return false;
  }
  return true;
}

}  // namespace

bool S3ETagListMatches(const std::string& header, const std::string& etag) {
  if (Trim(header) == "*") return true;
  const std::string want = Opaque(etag);
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    std::string item =
        header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (Opaque(item) == want && !want.empty()) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

bool S3CheckWritePreconditions(const SandboxRequest& r, const std::string& key,
                               const S3Object* current, SandboxResponse* error) {
  const std::string if_none_match = r.Header("if-none-match");
  if (!if_none_match.empty()) {
    if (Trim(if_none_match) != "*" || !r.Header("if-match").empty()) {
      *error =
          S3ErrorWith(501, "NotImplemented", kNotImplemented, r, {{"Header", "If-None-Match"}});
      return false;
    }
    if (current != nullptr) {
      *error = PreconditionFailed(r, "If-None-Match");
      return false;
    }
    return true;
  }
  return CheckIfMatch(r, key, current, error);
}

bool S3CheckDeletePreconditions(const SandboxRequest& r, const std::string& key,
                                const S3Object* current, SandboxResponse* error) {
  return CheckIfMatch(r, key, current, error);
}

bool S3CheckReadPreconditions(const SandboxRequest& r, const S3Object& object,
                              SandboxResponse* error) {
  const std::string if_match = r.Header("if-match");
  if (!if_match.empty() && !S3ETagListMatches(if_match, object.etag)) {
    *error = PreconditionFailed(r, "If-Match");
    return false;
  }
  const std::string if_none_match = r.Header("if-none-match");
  if (!if_none_match.empty() && S3ETagListMatches(if_none_match, object.etag)) {
    SandboxResponse resp;
    resp.status = 304;
    resp.AddHeader("ETag", object.etag);
    resp.AddHeader("Last-Modified", HttpDate(object.last_modified));
    resp.AddHeader("x-amz-request-id", r.request_id);
    *error = resp;
    return false;
  }
  return true;
}

}  // namespace causeway::sandbox
