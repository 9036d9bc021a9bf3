// S3 Tables emulator wire helpers.
#include "sandbox/aws/s3tables/s3tables_wire.h"

#include "reconciler/core/ascii.h"
#include "sandbox/aws/errors.h"
#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

namespace {
constexpr char kTokenPrefix[] = "s3t1.";
}  // namespace

SandboxResponse S3TablesOk(const SandboxRequest& r, const Value& body) {
  SandboxResponse resp;
  resp.content_type = "application/json";
  resp.body = body.dump();
  resp.AddHeader("x-amzn-RequestId", r.request_id);
  return resp;
}

SandboxResponse S3TablesNoContent(const SandboxRequest& r) {
  SandboxResponse resp;
  resp.status = 204;
  resp.AddHeader("x-amzn-RequestId", r.request_id);
  return resp;
}

SandboxResponse S3TablesError(const SandboxRequest& r, const std::string& code,
                              const std::string& message) {
  int status = code == kS3tNotFound ? 404 : code == kS3tConflict ? 409 : 400;
  return RestJsonError(status, code, message, r.request_id);
}

std::string S3TablesTime(std::chrono::system_clock::time_point t) { return Iso8601(t); }

std::string S3tString(const Value& body, const char* key) {
  return body.is_object() && body.contains(key) && body[key].is_string()
             ? body[key].get<std::string>()
             : "";
}

bool ParseTableBucketArn(const std::string& arn, std::string* name) {
  // arn:aws:s3tables:<region>:<account>:bucket/<name>
  const std::string prefix = "arn:aws:s3tables:";
  if (arn.rfind(prefix, 0) != 0) return false;
  size_t region_end = arn.find(':', prefix.size());
  if (region_end == std::string::npos || region_end == prefix.size()) return false;
  size_t account_end = arn.find(':', region_end + 1);
  if (account_end == std::string::npos || account_end - region_end - 1 != 12) return false;
  for (size_t i = region_end + 1; i < account_end; ++i) {
    if (arn[i] < '0' || arn[i] > '9') return false;
  }
  const std::string bucket = "bucket/";
  if (arn.compare(account_end + 1, bucket.size(), bucket) != 0) return false;
  *name = arn.substr(account_end + 1 + bucket.size());
  return !name->empty() && name->find('/') == std::string::npos;
}

std::string TableBucketNameOf(const std::string& arn) {
  std::string name;
  return ParseTableBucketArn(arn, &name) ? name : "";
}

std::string ReadS3tPage(const SandboxRequest& r, const char* max_param, S3tPage* page) {
  page->prefix = r.QueryParam("prefix");
  if (r.HasQueryParam(max_param)) {
    auto n = ParseInteger<int64_t>(r.QueryParam(max_param));
    if (!n || *n < 1 || *n > 1000) {
      return std::string(max_param) + " must be an integer between 1 and 1000.";
    }
    page->max = static_cast<size_t>(*n);
  }
  if (r.HasQueryParam("continuationToken")) {
    std::string t = r.QueryParam("continuationToken");
    if (t.rfind(kTokenPrefix, 0) != 0 || t.size() == sizeof(kTokenPrefix) - 1) {
      return "The continuation token is not valid.";
    }
    page->start = t.substr(sizeof(kTokenPrefix) - 1);
  }
  return "";
}

std::string S3tToken(const std::string& next_key) { return kTokenPrefix + next_key; }

}  // namespace causeway::sandbox
