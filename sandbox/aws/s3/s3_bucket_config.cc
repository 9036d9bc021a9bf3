// S3 emulator: the bucket sub-resources policy (?policy), versioning (?versioning) and tagging
// (?tagging), with S3's validation errors (MalformedPolicy, MalformedXML, InvalidTag) and its
// "not configured" errors (NoSuchBucketPolicy, NoSuchTagSet).
#include <pugixml.hpp>
#include <set>

#include "sandbox/aws/s3/s3_service.h"
#include "sandbox/aws/xml.h"

namespace causeway::sandbox {

namespace {

constexpr char kMalformedXml[] =
    "The XML you provided was not well-formed or did not validate against our published schema";

SandboxResponse Empty(const SandboxRequest& r, int status) {
  SandboxResponse resp;
  resp.status = status;
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse XmlOk(const SandboxRequest& r, std::string body) {
  SandboxResponse resp;
  resp.content_type = "application/xml";
  resp.body = std::move(body);
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

std::vector<std::string> StringOrList(const Value& v) {
  std::vector<std::string> out;
  if (v.is_string()) out.push_back(v.get<std::string>());
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

// "" when `text` is a bucket policy S3 accepts for `bucket`, else S3's MalformedPolicy message.
std::string ValidateBucketPolicy(const std::string& text, const std::string& bucket) {
  constexpr char kNotJson[] = "Policies must be valid JSON and the first byte must be '{'";
  Value doc = Value::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return kNotJson;
  if (!doc.contains("Statement")) return "Missing required field Statement";
  Value statements = doc["Statement"];
  if (statements.is_object()) statements = Value::array({statements});
  if (!statements.is_array() || statements.empty()) return "Missing required field Statement";
  const std::string arn = "arn:aws:s3:::" + bucket;
  for (const auto& s : statements) {
    if (!s.is_object()) return "Statement is not an object";
    std::string effect = s.value("Effect", "");
    if (effect != "Allow" && effect != "Deny") {
      return effect.empty() ? "Missing required field Effect" : "Invalid effect: " + effect;
    }
    if (!s.contains("Principal") && !s.contains("NotPrincipal")) {
      return "Missing required field Principal";
    }
    if (!s.contains("Action") && !s.contains("NotAction")) return "Missing required field Action";
    if (!s.contains("Resource") && !s.contains("NotResource")) {
      return "Missing required field Resource";
    }
    for (const auto& res :
         StringOrList(s.contains("Resource") ? s["Resource"] : s["NotResource"])) {
      bool in_bucket =
          res == arn || res.rfind(arn + "/", 0) == 0 || res == "*" || res == "arn:aws:s3:::*";
      if (!in_bucket) return "Policy has invalid resource";
    }
  }
  return "";
}

}  // namespace

SandboxResponse S3Service::PutBucketPolicy(const SandboxRequest& r, const Target& t,
                                           SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (!S3CheckBodyChecksum(r, &error)) return error;
  std::string problem = ValidateBucketPolicy(r.body, t.bucket);
  if (!problem.empty()) return S3ErrorWith(400, "MalformedPolicy", problem, r);
  b->policy = r.body;
  return Empty(r, 204);
}

SandboxResponse S3Service::GetBucketPolicy(const SandboxRequest& r, const Target& t,
                                           SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (!b->policy) {
    return S3ErrorWith(404, "NoSuchBucketPolicy", "The bucket policy does not exist", r,
                       {{"BucketName", t.bucket}});
  }
  SandboxResponse resp;
  resp.content_type = "application/json";
  resp.body = *b->policy;
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse S3Service::DeleteBucketPolicy(const SandboxRequest& r, const Target& t,
                                              SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  b->policy.reset();
  return Empty(r, 204);
}

SandboxResponse S3Service::PutBucketVersioning(const SandboxRequest& r, const Target& t,
                                               SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (!S3CheckBodyChecksum(r, &error)) return error;
  pugi::xml_document doc;
  pugi::xml_node config;
  if (doc.load_string(r.body.c_str())) config = doc.child("VersioningConfiguration");
  if (!config) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
  std::string status = config.child("Status").text().get();
  if (status != "Enabled" && status != "Suspended") {
    return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
  }
  if (std::string(config.child("MfaDelete").text().get()) == "Enabled") {
    return S3ErrorWith(400, "InvalidRequest",
                       "DevPay and Mfa are mutually exclusive authorization methods.", r);
  }
  // An unversioned bucket asked to suspend stays "Suspended", as on S3.
  b->versioning = status;
  return Empty(r, 200);
}

SandboxResponse S3Service::GetBucketVersioning(const SandboxRequest& r, const Target& t,
                                               SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  XmlBuilder x(true);
  x.Open("VersioningConfiguration", {{"xmlns", kS3Namespace}});
  x.LeafIfNotEmpty("Status", b->versioning);
  x.Close();
  return XmlOk(r, x.str());
}

SandboxResponse S3Service::PutBucketTagging(const SandboxRequest& r, const Target& t,
                                            SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (!S3CheckBodyChecksum(r, &error)) return error;
  pugi::xml_document doc;
  pugi::xml_node tagset;
  if (doc.load_string(r.body.c_str())) tagset = doc.child("Tagging").child("TagSet");
  if (!tagset) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
  std::vector<std::pair<std::string, std::string>> tags;
  std::set<std::string> seen;
  for (pugi::xml_node tag : tagset.children("Tag")) {
    if (!tag.child("Key")) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
    std::string key = tag.child("Key").text().get();
    std::string value = tag.child("Value").text().get();
    if (key.empty() || key.size() > 128) {
      return S3ErrorWith(400, "InvalidTag", "The TagKey you have provided is invalid", r,
                         {{"TagKey", key}});
    }
    if (value.size() > 256) {
      return S3ErrorWith(400, "InvalidTag", "The TagValue you have provided is invalid", r,
                         {{"TagKey", key}, {"TagValue", value}});
    }
    if (key.rfind("aws:", 0) == 0) {
      return S3ErrorWith(400, "InvalidTag", "System tags cannot be added/updated by requester", r);
    }
    if (!seen.insert(key).second) {
      return S3ErrorWith(400, "InvalidTag", "Cannot provide multiple Tags with the same key", r,
                         {{"TagKey", key}});
    }
    tags.emplace_back(key, value);
  }
  if (tags.size() > 50) {
    return S3ErrorWith(400, "BadRequest", "Bucket tag count cannot be greater than 50", r);
  }
  // An empty TagSet removes the tags (GetBucketTagging then answers NoSuchTagSet).
  b->tags = std::move(tags);
  return Empty(r, 204);
}

SandboxResponse S3Service::GetBucketTagging(const SandboxRequest& r, const Target& t,
                                            SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (b->tags.empty()) {
    return S3ErrorWith(404, "NoSuchTagSet", "The TagSet does not exist", r,
                       {{"BucketName", t.bucket}});
  }
  XmlBuilder x(true);
  x.Open("Tagging", {{"xmlns", kS3Namespace}}).Open("TagSet");
  for (const auto& [k, v] : b->tags) x.Open("Tag").Leaf("Key", k).Leaf("Value", v).Close();
  x.Close().Close();
  return XmlOk(r, x.str());
}

SandboxResponse S3Service::DeleteBucketTagging(const SandboxRequest& r, const Target& t,
                                               SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  b->tags.clear();
  return Empty(r, 204);
}

}  // namespace causeway::sandbox
