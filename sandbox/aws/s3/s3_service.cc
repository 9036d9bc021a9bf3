// S3 emulator core: operation naming and routing, bucket operations, persistence, the
// ObjectStore view, and shared helpers (errors, MD5/ETag, checksum checks).
#include "sandbox/aws/s3/s3_service.h"

#include <openssl/evp.h>

#include <cctype>
#include <climits>
#include <pugixml.hpp>
#include <stdexcept>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/s3/s3_versions.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/base64.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

using TimePoint = std::chrono::system_clock::time_point;

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

std::string Md5Raw(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}

// An object or version in the state file; delete markers carry only their id and time.
Value DumpObject(const S3Object& o) {
  Value j = {{"LastModifiedMs", ToMillis(o.last_modified)}};
  if (o.version_id != "null") j["VersionId"] = o.version_id;
  if (o.delete_marker) {
    j["DeleteMarker"] = true;
    return j;
  }
  j["Body"] = Base64Encode(o.body);
  j["ETag"] = o.etag;
  j["ContentType"] = o.content_type;
  j["Metadata"] = o.metadata;
  return j;
}

// The inverse of DumpObject; throws std::runtime_error (or a JSON error) on malformed input.
S3Object LoadObject(const std::string& key, const Value& o) {
  S3Object obj;
  obj.last_modified = FromMillis(o.at("LastModifiedMs").get<int64_t>());
  obj.version_id = o.value("VersionId", "null");
  if (o.value("DeleteMarker", false)) {
    obj.delete_marker = true;
    obj.content_type.clear();
    return obj;
  }
  if (!Base64Decode(o.at("Body").get<std::string>(), &obj.body)) {
    throw std::runtime_error("object " + key + " has a malformed base64 body");
  }
  obj.etag = o.at("ETag").get<std::string>();
  obj.content_type = o.value("ContentType", "binary/octet-stream");
  obj.metadata = o.value("Metadata", Value::object()).get<std::map<std::string, std::string>>();
  return obj;
}

// Sub-resources S3 has but the sandbox does not emulate: query key -> operation name suffix.
const std::vector<std::pair<std::string, std::string>>& UnsupportedBucketSubresources() {
  static const std::vector<std::pair<std::string, std::string>> kList = {
      {"acl", "BucketAcl"},
      {"cors", "BucketCors"},
      {"lifecycle", "BucketLifecycleConfiguration"},
      {"encryption", "BucketEncryption"},
      {"website", "BucketWebsite"},
      {"logging", "BucketLogging"},
      {"replication", "BucketReplication"},
      {"ownershipControls", "BucketOwnershipControls"},
      {"publicAccessBlock", "PublicAccessBlock"},
      {"object-lock", "ObjectLockConfiguration"},
      {"accelerate", "BucketAccelerateConfiguration"},
      {"requestPayment", "BucketRequestPayment"},
      {"policyStatus", "BucketPolicyStatus"},
  };
  return kList;
}

// S3's bucket naming rules (the ones that matter for clients): 3-63 characters of lower-case
// letters, digits, '.' and '-', starting and ending with a letter or digit, no "..".
bool ValidBucketName(const std::string& name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-')) {
      return false;
    }
  }
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  return alnum(name.front()) && alnum(name.back()) && name.find("..") == std::string::npos;
}

}  // namespace

SandboxResponse S3ErrorWith(int status, const std::string& code, const std::string& message,
                            const SandboxRequest& request,
                            const std::vector<std::pair<std::string, std::string>>& extra) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/xml";
  XmlBuilder x(/*declaration=*/true);
  x.Open("Error");
  x.Leaf("Code", code);
  x.Leaf("Message", message);
  for (const auto& [k, v] : extra) x.Leaf(k, v);
  x.Leaf("RequestId", request.request_id);
  x.Leaf("HostId", Base64Encode(request.request_id));
  r.body = x.str();
  r.AddHeader("x-amz-request-id", request.request_id);
  return r;
}

std::string S3ETag(const std::string& data) {
  static const char kHex[] = "0123456789abcdef";
  std::string raw = Md5Raw(data);
  std::string out = "\"";
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out + "\"";
}

std::string S3ContentMd5(const std::string& data) { return Base64Encode(Md5Raw(data)); }

bool S3CheckBodyChecksum(const SandboxRequest& request, SandboxResponse* error) {
  std::string md5 = request.Header("content-md5");
  if (!md5.empty()) {
    if (md5 != S3ContentMd5(request.body)) {
      *error = S3ErrorWith(400, "BadDigest",
                           "The Content-MD5 you specified did not match what we received.", request,
                           {{"ExpectedDigest", md5}});
      return false;
    }
    return true;
  }
  for (const auto& [name, value] : request.headers) {
    if (name.rfind("x-amz-checksum-", 0) == 0 || name == "x-amz-sdk-checksum-algorithm") {
      return true;
    }
  }
  *error = S3ErrorWith(400, "InvalidRequest",
                       "Missing required header for this request: Content-Md5", request);
  return false;
}

bool S3ParseMaxKeys(const SandboxRequest& r, int* out, SandboxResponse* error) {
  *out = 1000;
  if (!r.HasQueryParam("max-keys")) return true;
  std::string text = r.QueryParam("max-keys");
  auto parsed = ParseInteger<long long>(text);
  if (!parsed) {
    *error = S3ErrorWith(400, "InvalidArgument",
                         "Provided max-keys not an integer or within integer range", r,
                         {{"ArgumentName", "max-keys"}, {"ArgumentValue", text}});
    return false;
  }
  long long v = *parsed;
  if (v < 0 || v > INT_MAX) {
    *error = S3ErrorWith(400, "InvalidArgument",
                         "Argument maxKeys must be an integer between 0 and 2147483647", r,
                         {{"ArgumentName", "maxKeys"}, {"ArgumentValue", text}});
    return false;
  }
  *out = static_cast<int>(std::min<long long>(v, 1000));
  return true;
}

bool S3ParseEncodingType(const SandboxRequest& r, bool* url, SandboxResponse* error) {
  *url = false;
  if (!r.HasQueryParam("encoding-type")) return true;
  if (r.QueryParam("encoding-type") != "url") {
    *error = S3ErrorWith(
        400, "InvalidArgument", "Invalid Encoding Method specified in Request", r,
        {{"ArgumentName", "encoding-type"}, {"ArgumentValue", r.QueryParam("encoding-type")}});
    return false;
  }
  *url = true;
  return true;
}

S3Service::Target S3Service::ParseTarget(const SandboxRequest& request) {
  Target t;
  std::string path = request.path.empty() ? "/" : request.path;
  if (path.front() == '/') path.erase(0, 1);
  // Virtual-host style: "<bucket>.localhost[:port]" or "<bucket>.s3.<region>.amazonaws.com".
  std::string host = request.Header("host");
  host = host.substr(0, host.find(':'));
  std::string vhost_bucket;
  if (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0) {
    vhost_bucket = host.substr(0, host.size() - 10);
  } else {
    size_t p = host.find(".s3.");
    if (p == std::string::npos) p = host.find(".s3-");
    if (p != std::string::npos && p > 0) vhost_bucket = host.substr(0, p);
  }
  if (!vhost_bucket.empty()) {
    t.bucket = vhost_bucket;
    t.key = UrlDecode(path, /*plus_as_space=*/false);
    return t;
  }
  size_t slash = path.find('/');
  t.bucket = UrlDecode(path.substr(0, slash), false);
  if (slash != std::string::npos) t.key = UrlDecode(path.substr(slash + 1), false);
  return t;
}

std::string S3Service::OperationName(const SandboxRequest& r) const {
  Target t = ParseTarget(r);
  const std::string& m = r.method;
  auto has = [&](const char* p) { return r.HasQueryParam(p); };
  if (t.bucket.empty()) return m == "GET" ? "ListBuckets" : "";
  if (t.key.empty()) {
    const std::string verb = m == "GET"      ? "Get"
                             : m == "PUT"    ? "Put"
                             : m == "DELETE" ? "Delete"
                                             : "";
    if (!verb.empty()) {
      if (has("policy")) return verb + "BucketPolicy";
      if (has("tagging")) return verb + "BucketTagging";
      if (m != "DELETE" && has("versioning")) return verb + "BucketVersioning";
      if (m != "DELETE" && has("notification")) return verb + "BucketNotificationConfiguration";
      for (const auto& [q, suffix] : UnsupportedBucketSubresources()) {
        if (has(q.c_str())) return verb + suffix;
      }
    }
    if (m == "GET") {
      if (has("location")) return "GetBucketLocation";
      if (has("uploads")) return "ListMultipartUploads";
      if (has("versions")) return "ListObjectVersions";
      if (r.QueryParam("list-type") == "2") return "ListObjectsV2";
      return "ListObjects";
    }
    if (m == "PUT") return "CreateBucket";
    if (m == "DELETE") return "DeleteBucket";
    if (m == "HEAD") return "HeadBucket";
    if (m == "POST" && has("delete")) return "DeleteObjects";
    return "";
  }
  if (m == "PUT") {
    if (has("partNumber")) return "UploadPart";
    if (has("tagging")) return "PutObjectTagging";
    if (has("acl")) return "PutObjectAcl";
    if (!r.Header("x-amz-copy-source").empty()) return "CopyObject";
    return "PutObject";
  }
  if (m == "GET") {
    if (has("tagging")) return "GetObjectTagging";
    if (has("acl")) return "GetObjectAcl";
    if (has("uploadId")) return "ListParts";
    return "GetObject";
  }
  if (m == "HEAD") return "HeadObject";
  if (m == "DELETE") {
    if (has("uploadId")) return "AbortMultipartUpload";
    if (has("tagging")) return "DeleteObjectTagging";
    return "DeleteObject";
  }
  if (m == "POST") {
    if (has("uploads")) return "CreateMultipartUpload";
    if (has("uploadId")) return "CompleteMultipartUpload";
  }
  return "";
}

const S3Service::Operations_& S3Service::Table() {
  static const Operations_ table = {
      {"ListBuckets", &S3Service::ListBuckets},
      {"CreateBucket", &S3Service::CreateBucket},
      {"HeadBucket", &S3Service::HeadBucket},
      {"DeleteBucket", &S3Service::DeleteBucket},
      {"GetBucketLocation", &S3Service::GetBucketLocation},
      {"PutBucketPolicy", &S3Service::PutBucketPolicy},
      {"GetBucketPolicy", &S3Service::GetBucketPolicy},
      {"DeleteBucketPolicy", &S3Service::DeleteBucketPolicy},
      {"PutBucketVersioning", &S3Service::PutBucketVersioning},
      {"GetBucketVersioning", &S3Service::GetBucketVersioning},
      {"PutBucketTagging", &S3Service::PutBucketTagging},
      {"GetBucketTagging", &S3Service::GetBucketTagging},
      {"DeleteBucketTagging", &S3Service::DeleteBucketTagging},
      {"PutBucketNotificationConfiguration", &S3Service::PutBucketNotificationConfiguration},
      {"GetBucketNotificationConfiguration", &S3Service::GetBucketNotificationConfiguration},
      {"PutObject", &S3Service::PutObject},
      {"CopyObject", &S3Service::CopyObject},
      {"GetObject", &S3Service::GetObject},
      {"HeadObject", &S3Service::HeadObject},
      {"DeleteObject", &S3Service::DeleteObject},
      {"DeleteObjects", &S3Service::DeleteObjects},
      {"ListObjectsV2", &S3Service::ListObjectsV2},
      {"ListObjects", &S3Service::ListObjectsV1},
      {"ListObjectVersions", &S3Service::ListObjectVersions},
  };
  return table;
}

std::vector<std::string> S3Service::Operations() const { return Table().Operations(); }

SandboxResponse S3Service::Handle(const SandboxRequest& request, SandboxContext& context) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string op = request.operation.empty() ? OperationName(request) : request.operation;
  return Dispatch(op, request, ParseTarget(request), context);
}

SandboxResponse S3Service::Dispatch(const std::string& op, const SandboxRequest& r, const Target& t,
                                    SandboxContext& c) {
  if (auto handler = Table().Find(op)) return (this->*handler)(r, t, c);
  if (op.empty()) {
    return S3ErrorWith(
        405, "MethodNotAllowed", "The specified method is not allowed against this resource.", r,
        {{"Method", r.method}, {"ResourceType", t.key.empty() ? "BUCKET" : "OBJECT"}});
  }
  return S3ErrorWith(501, "NotImplemented",
                     "A header you provided implies functionality that is not implemented", r,
                     {{"Operation", op}});
}

S3Bucket* S3Service::FindBucket(const SandboxRequest& r, const std::string& name,
                                SandboxResponse* error) {
  auto it = buckets_.find(name);
  if (it != buckets_.end()) return &it->second;
  *error = S3ErrorWith(404, "NoSuchBucket", "The specified bucket does not exist", r,
                       {{"BucketName", name}});
  return nullptr;
}

SandboxResponse S3Service::ListBuckets(const SandboxRequest& r, const Target&, SandboxContext&) {
  XmlBuilder x(true);
  x.Open("ListAllMyBucketsResult", {{"xmlns", kS3Namespace}});
  x.Open("Owner").Leaf("ID", std::string(64, 'a')).Leaf("DisplayName", "sandbox").Close();
  x.Open("Buckets");
  for (const auto& [name, b] : buckets_) {
    x.Open("Bucket");
    x.Leaf("Name", name);
    x.Leaf("CreationDate", Iso8601Millis(b.creation_date));
    x.Leaf("BucketRegion", b.region);
    x.Close();
  }
  x.Close();
  SandboxResponse resp;
  resp.content_type = "application/xml";
  resp.body = x.str();
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse S3Service::CreateBucket(const SandboxRequest& r, const Target& t,
                                        SandboxContext& c) {
  if (!ValidBucketName(t.bucket)) {
    return S3ErrorWith(400, "InvalidBucketName", "The specified bucket is not valid.", r,
                       {{"BucketName", t.bucket}});
  }
  std::string constraint;
  if (!r.body.empty()) {
    pugi::xml_document doc;
    if (!doc.load_string(r.body.c_str())) {
      return S3ErrorWith(400, "MalformedXML",
                         "The XML you provided was not well-formed or did not validate against "
                         "our published schema",
                         r);
    }
    constraint = doc.child("CreateBucketConfiguration").child("LocationConstraint").text().get();
  }
  if (constraint == "us-east-1") {
    return S3ErrorWith(400, "InvalidLocationConstraint",
                       "The specified location-constraint is not valid", r,
                       {{"LocationConstraint", constraint}});
  }
  const std::string region = constraint.empty() ? "us-east-1" : constraint;
  if (region != r.region) {
    return S3ErrorWith(400, "IllegalLocationConstraintException",
                       "The " + (constraint.empty() ? std::string("unspecified") : constraint) +
                           " location constraint is incompatible for the region specific "
                           "endpoint this request was sent to.",
                       r);
  }
  if (buckets_.count(t.bucket) > 0) {
    return S3ErrorWith(409, "BucketAlreadyOwnedByYou",
                       "Your previous request to create the named bucket succeeded and you "
                       "already own it.",
                       r, {{"BucketName", t.bucket}});
  }
  S3Bucket b;
  b.name = t.bucket;
  b.region = region;
  b.creation_date = c.Now();
  buckets_[t.bucket] = std::move(b);
  SandboxResponse resp;
  resp.AddHeader("Location", "/" + t.bucket);
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse S3Service::HeadBucket(const SandboxRequest& r, const Target& t, SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  SandboxResponse resp;
  resp.AddHeader("x-amz-bucket-region", b->region);
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse S3Service::DeleteBucket(const SandboxRequest& r, const Target& t, SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (!S3BucketHoldsNothing(*b)) {
    return S3ErrorWith(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", r,
                       {{"BucketName", t.bucket}});
  }
  buckets_.erase(t.bucket);
  SandboxResponse resp;
  resp.status = 204;
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse S3Service::GetBucketLocation(const SandboxRequest& r, const Target& t,
                                             SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  XmlBuilder x(true);
  x.Open("LocationConstraint", {{"xmlns", kS3Namespace}});
  // us-east-1 buckets have an empty (null) location constraint.
  if (b->region != "us-east-1") x.Text(b->region);
  x.Close();
  SandboxResponse resp;
  resp.content_type = "application/xml";
  resp.body = x.str();
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

Value S3Service::Dump() const {
  std::lock_guard<std::mutex> lock(mu_);
  Value buckets = Value::object();
  for (const auto& [name, b] : buckets_) {
    Value j = {{"Region", b.region},
               {"CreationDateMs", ToMillis(b.creation_date)},
               {"Versioning", b.versioning}};
    if (b.policy) j["Policy"] = *b.policy;
    Value tags = Value::array();
    for (const auto& [k, v] : b.tags) tags.push_back({{"Key", k}, {"Value", v}});
    j["Tags"] = tags;
    if (!b.notification.empty()) j["Notification"] = b.notification;
    Value objects = Value::object();
    for (const auto& [key, o] : b.objects) objects[key] = DumpObject(o);
    j["Objects"] = objects;
    if (!b.history.empty()) {
      Value history = Value::object();
      for (const auto& [key, versions] : b.history) {
        Value list = Value::array();
        for (const auto& v : versions) list.push_back(DumpObject(v));
        history[key] = list;
      }
      j["History"] = history;
    }
    buckets[name] = j;
  }
  return Value{{"buckets", buckets}};
}

Status S3Service::Load(const Value& state) {
  Reset();
  std::lock_guard<std::mutex> lock(mu_);
  try {
    if (!state.is_object()) throw std::runtime_error("state is not an object");
    if (!state.contains("buckets")) return Status::Ok();
    for (const auto& [name, j] : state.at("buckets").items()) {
      S3Bucket b;
      b.name = name;
      b.region = j.at("Region").get<std::string>();
      b.creation_date = FromMillis(j.at("CreationDateMs").get<int64_t>());
      b.versioning = j.value("Versioning", "");
      if (j.contains("Policy")) b.policy = j.at("Policy").get<std::string>();
      b.notification = j.value("Notification", Value::object());
      for (const auto& t : j.value("Tags", Value::array())) {
        b.tags.emplace_back(t.at("Key").get<std::string>(), t.at("Value").get<std::string>());
      }
      const Value objects = j.value("Objects", Value::object());
      for (const auto& [key, o] : objects.items()) b.objects[key] = LoadObject(key, o);
      const Value history = j.value("History", Value::object());
      for (const auto& [key, versions] : history.items()) {
        for (const auto& v : versions) b.history[key].push_back(LoadObject(key, v));
      }
      buckets_[name] = std::move(b);
    }
  } catch (const std::exception& e) {
    buckets_.clear();
    return Status::Corruption(std::string("s3 state: ") + e.what());
  }
  return Status::Ok();
}

void S3Service::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_.clear();
}

bool S3Service::BucketExists(const std::string& bucket) const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.count(bucket) > 0;
}

std::vector<StoredObject> S3Service::ListObjects(const std::string& bucket,
                                                 const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<StoredObject> out;
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) return out;
  for (auto o = it->second.objects.lower_bound(prefix); o != it->second.objects.end(); ++o) {
    if (o->first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back({o->first, static_cast<int64_t>(o->second.body.size()), o->second.etag,
                   Iso8601Millis(o->second.last_modified)});
  }
  return out;
}

std::optional<std::string> S3Service::ReadObject(const std::string& bucket,
                                                 const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) return std::nullopt;
  auto o = it->second.objects.find(key);
  if (o == it->second.objects.end()) return std::nullopt;
  return o->second.body;
}

std::unique_ptr<SandboxService> NewS3Service() { return std::make_unique<S3Service>(); }

}  // namespace causeway::sandbox
