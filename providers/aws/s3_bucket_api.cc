// S3 REST-XML calls for aws.s3.bucket: reads (ListBuckets, HeadBucket, bucket sub-resources) and
// writes (CreateBucket, policy, versioning, tagging, emptying and deleting a bucket).
#include "providers/aws/s3_bucket_api.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "providers/aws/xml_reply.h"
#include "providers/aws_sigv4/xml_text.h"
#include "providers/kit/reply_reader.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::s3 {

namespace {

constexpr char kNs[] = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string Path(const std::string& bucket) { return "/" + UriEncode(bucket); }

// The reply of `op` decoded for a ReplyReader (lenient: XML leaves are text).
Result<Value> Decode(const HttpResponse& response, const std::string& op,
                     const std::set<std::string>& lists) {
  return DecodeXmlReply(response.body, "s3 " + op, lists);
}

// Ok when `region` is empty (S3 did not say) or names a region as S3 does: "eu-west-1".
Status CheckRegion(const std::string& where, const std::string& region) {
  bool ok = region.empty() || (std::islower(static_cast<unsigned char>(region[0])) &&
                               std::all_of(region.begin(), region.end(), [](char c) {
                                 return std::islower(static_cast<unsigned char>(c)) ||
                                        std::isdigit(static_cast<unsigned char>(c)) || c == '-';
                               }));
  if (ok) return Status::Ok();
  return Status::ProviderError(where + ": expected a region such as us-east-1, got " +
                               Value(region).dump());
}

// A call whose body S3 requires a checksum for (Content-MD5).
Result<HttpResponse> PutWithMd5(AwsClient& client, const std::string& op, const std::string& method,
                                const std::string& bucket, const std::string& query,
                                const std::string& body, const std::string& content_type) {
  std::vector<std::pair<std::string, std::string>> headers = {{"content-md5", ContentMd5(body)}};
  if (!content_type.empty()) headers.emplace_back("content-type", content_type);
  return client.RestXml("s3", op, method, Path(bucket), query, headers, body);
}

}  // namespace

// A resource name for an imported bucket: '.' and other characters a name cannot hold become '_'.
std::string ImportName(const std::string& bucket) {
  std::string out;
  for (char c : bucket) {
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) || out[0] == '-') {
    out = "_" + out;
  }
  return out;
}

std::string ContentMd5(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_md5(), nullptr);
  std::string out(4 * ((len + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), md, static_cast<int>(len));
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

Result<std::vector<BucketSummary>> ListBuckets(AwsClient& client) {
  CW_ASSIGN_OR_RETURN(HttpResponse resp,
                      client.RestXml("s3", "ListBuckets", "GET", "/", "", {}, ""));
  CW_ASSIGN_OR_RETURN(Value doc, Decode(resp, "ListBuckets", {"Bucket"}));
  kit::ReplyReader reply(doc, "s3 ListBuckets", /*lenient_scalars=*/true);
  std::vector<BucketSummary> out;
  CW_RETURN_IF_ERROR(reply.ForEach(
      "ListAllMyBucketsResult/Buckets/Bucket", [&](const kit::ReplyReader& b) -> Status {
        BucketSummary summary;
        CW_ASSIGN_OR_RETURN(summary.name, b.RequiredString("Name"));
        CW_ASSIGN_OR_RETURN(summary.region, b.StringOr("BucketRegion", ""));
        CW_RETURN_IF_ERROR(
            CheckRegion(b.source() + ": " + b.Where("BucketRegion"), summary.region));
        out.push_back(std::move(summary));
        return Status::Ok();
      }));
  return out;
}

Result<std::string> HeadBucket(AwsClient& client, const std::string& bucket) {
  CW_ASSIGN_OR_RETURN(HttpResponse resp,
                      client.RestXml("s3", "HeadBucket", "HEAD", Path(bucket), "", {}, ""));
  for (const auto& [k, v] : resp.headers) {
    if (Lower(k) != "x-amz-bucket-region") continue;
    CW_RETURN_IF_ERROR(CheckRegion("s3 HeadBucket: bucket " + bucket + ": x-amz-bucket-region", v));
    return v;
  }
  return std::string();
}

Result<Value> ReadSettings(AwsClient& client, const std::string& bucket) {
  Value out = Value::object();
  auto policy = client.RestXml("s3", "GetBucketPolicy", "GET", Path(bucket), "policy", {}, "");
  if (policy.ok()) {
    Value doc = Value::parse(policy->body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      return Status::ProviderError("s3 GetBucketPolicy: bucket " + bucket +
                                   ": the policy is not a JSON object");
    }
    out["Policy"] = std::move(doc);
  } else if (policy.status().provider_code() != "NoSuchBucketPolicy") {
    return policy.status();
  }

  CW_ASSIGN_OR_RETURN(HttpResponse v, client.RestXml("s3", "GetBucketVersioning", "GET",
                                                     Path(bucket), "versioning", {}, ""));
  CW_ASSIGN_OR_RETURN(Value vdoc, Decode(v, "GetBucketVersioning", {}));
  kit::ReplyReader versioning(vdoc, "s3 GetBucketVersioning", /*lenient_scalars=*/true);
  CW_ASSIGN_OR_RETURN(auto status, versioning.String("VersioningConfiguration/Status"));
  if (status && *status != "Enabled" && *status != "Suspended") {
    return Status::ProviderError(
        "s3 GetBucketVersioning: " + versioning.Where("VersioningConfiguration/Status") +
        ": expected Enabled or Suspended, got " + Value(*status).dump());
  }
  if (status) out["VersioningStatus"] = *status;

  Value& tags = out["TagSet"] = Value::object();
  auto tagging = client.RestXml("s3", "GetBucketTagging", "GET", Path(bucket), "tagging", {}, "");
  if (tagging.ok()) {
    CW_ASSIGN_OR_RETURN(Value tdoc, Decode(*tagging, "GetBucketTagging", {"Tag"}));
    kit::ReplyReader reply(tdoc, "s3 GetBucketTagging", /*lenient_scalars=*/true);
    CW_RETURN_IF_ERROR(
        reply.ForEach("Tagging/TagSet/Tag", [&](const kit::ReplyReader& t) -> Status {
          CW_ASSIGN_OR_RETURN(std::string key, t.RequiredString("Key"));
          CW_ASSIGN_OR_RETURN(tags[key], t.StringOr("Value", ""));  // <Value/> is ""
          return Status::Ok();
        }));
  } else if (tagging.status().provider_code() != "NoSuchTagSet") {
    return tagging.status();
  }
  return out;
}

Status CreateBucket(AwsClient& client, const std::string& bucket, const std::string& region) {
  std::string body;
  if (!region.empty() && region != "us-east-1") {
    body = std::string("<CreateBucketConfiguration xmlns=\"") + kNs + "\"><LocationConstraint>" +
           XmlEscape(region) + "</LocationConstraint></CreateBucketConfiguration>";
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (!body.empty()) headers.emplace_back("content-type", "application/xml");
  return client.RestXml("s3", "CreateBucket", "PUT", Path(bucket), "", headers, body).status();
}

Status SetPolicy(AwsClient& client, const std::string& bucket,
                 const std::optional<std::string>& policy) {
  if (!policy) {
    return client.RestXml("s3", "DeleteBucketPolicy", "DELETE", Path(bucket), "policy", {}, "")
        .status();
  }
  return PutWithMd5(client, "PutBucketPolicy", "PUT", bucket, "policy", *policy, "application/json")
      .status();
}

Status SetVersioning(AwsClient& client, const std::string& bucket, const std::string& status) {
  std::string body = std::string("<VersioningConfiguration xmlns=\"") + kNs + "\"><Status>" +
                     XmlEscape(status) + "</Status></VersioningConfiguration>";
  return PutWithMd5(client, "PutBucketVersioning", "PUT", bucket, "versioning", body,
                    "application/xml")
      .status();
}

Status SetTags(AwsClient& client, const std::string& bucket, const Value& tags) {
  if (!tags.is_object() || tags.empty()) {
    return client.RestXml("s3", "DeleteBucketTagging", "DELETE", Path(bucket), "tagging", {}, "")
        .status();
  }
  std::string body = std::string("<Tagging xmlns=\"") + kNs + "\"><TagSet>";
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    std::string value = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
    body +=
        "<Tag><Key>" + XmlEscape(it.key()) + "</Key><Value>" + XmlEscape(value) + "</Value></Tag>";
  }
  body += "</TagSet></Tagging>";
  return PutWithMd5(client, "PutBucketTagging", "PUT", bucket, "tagging", body, "application/xml")
      .status();
}

Result<size_t> EmptyBucket(AwsClient& client, const std::string& bucket) {
  size_t deleted = 0;
  // Deleted keys disappear from the listing, so every round lists from the start. Bounded so a
  // bucket that keeps refilling cannot loop forever.
  for (int round = 0; round < 100000; ++round) {
    auto page = client.RestXml("s3", "ListObjectsV2", "GET", Path(bucket),
                               "list-type=2&max-keys=1000", {}, "");
    if (!page.ok()) {
      if (page.status().code() == StatusCode::kNotFound) return deleted;
      return page.status();
    }
    CW_ASSIGN_OR_RETURN(Value doc, Decode(*page, "ListObjectsV2", {"Contents"}));
    std::string body = std::string("<Delete xmlns=\"") + kNs + "\"><Quiet>true</Quiet>";
    size_t n = 0;
    CW_RETURN_IF_ERROR(
        kit::ReplyReader(doc, "s3 ListObjectsV2", true)
            .ForEach("ListBucketResult/Contents", [&](const kit::ReplyReader& c) -> Status {
              CW_ASSIGN_OR_RETURN(std::string key, c.RequiredString("Key"));
              body += "<Object><Key>" + XmlEscape(key) + "</Key></Object>";
              ++n;
              return Status::Ok();
            }));
    body += "</Delete>";
    if (n == 0) return deleted;
    CW_ASSIGN_OR_RETURN(HttpResponse resp, PutWithMd5(client, "DeleteObjects", "POST", bucket,
                                                      "delete", body, "application/xml"));
    CW_ASSIGN_OR_RETURN(Value result, Decode(resp, "DeleteObjects", {"Deleted", "Error"}));
    CW_RETURN_IF_ERROR(kit::ReplyReader(result, "s3 DeleteObjects", true)
                           .ForEach("DeleteResult/Error", [&](const kit::ReplyReader& e) -> Status {
                             CW_ASSIGN_OR_RETURN(std::string key, e.StringOr("Key", "?"));
                             CW_ASSIGN_OR_RETURN(std::string code, e.StringOr("Code", "?"));
                             CW_ASSIGN_OR_RETURN(std::string message, e.StringOr("Message", ""));
                             return Status::ProviderError("s3 DeleteObjects: bucket " + bucket +
                                                          ": cannot delete " + key + ": " + code +
                                                          ": " + message);
                           }));
    deleted += n;
  }
  return Status::ProviderError("s3: bucket " + bucket +
                               " keeps receiving new objects; gave up emptying it");
}

Status DeleteObjectVersions(AwsClient& client, const std::string& bucket, const std::string& key) {
  // The key sorts first among the keys it prefixes, so its versions lead every page; deleted
  // versions leave the listing, so each round lists from the start. Bounded as EmptyBucket is.
  for (int round = 0; round < 100000; ++round) {
    auto page = client.RestXml("s3", "ListObjectVersions", "GET", Path(bucket),
                               "max-keys=1000&prefix=" + UriEncode(key) + "&versions", {}, "");
    if (!page.ok()) {
      if (page.status().code() == StatusCode::kNotFound) return Status::Ok();
      return page.status();
    }
    CW_ASSIGN_OR_RETURN(Value doc,
                        Decode(*page, "ListObjectVersions", {"Version", "DeleteMarker"}));
    std::string body = std::string("<Delete xmlns=\"") + kNs + "\"><Quiet>true</Quiet>";
    size_t n = 0;
    kit::ReplyReader reader(doc, "s3 ListObjectVersions", true);
    for (const char* entry : {"ListVersionsResult/Version", "ListVersionsResult/DeleteMarker"}) {
      CW_RETURN_IF_ERROR(reader.ForEach(entry, [&](const kit::ReplyReader& v) -> Status {
        CW_ASSIGN_OR_RETURN(std::string k, v.RequiredString("Key"));
        CW_ASSIGN_OR_RETURN(std::string id, v.RequiredString("VersionId"));
        if (k != key) return Status::Ok();
        body += "<Object><Key>" + XmlEscape(k) + "</Key><VersionId>" + XmlEscape(id) +
                "</VersionId></Object>";
        ++n;
        return Status::Ok();
      }));
    }
    body += "</Delete>";
    if (n == 0) return Status::Ok();
    CW_ASSIGN_OR_RETURN(HttpResponse resp, PutWithMd5(client, "DeleteObjects", "POST", bucket,
                                                      "delete", body, "application/xml"));
    CW_ASSIGN_OR_RETURN(Value result, Decode(resp, "DeleteObjects", {"Deleted", "Error"}));
    CW_RETURN_IF_ERROR(kit::ReplyReader(result, "s3 DeleteObjects", true)
                           .ForEach("DeleteResult/Error", [&](const kit::ReplyReader& e) -> Status {
                             CW_ASSIGN_OR_RETURN(std::string id, e.StringOr("VersionId", "?"));
                             CW_ASSIGN_OR_RETURN(std::string code, e.StringOr("Code", "?"));
                             CW_ASSIGN_OR_RETURN(std::string message, e.StringOr("Message", ""));
                             return Status::ProviderError("s3 DeleteObjects: " + bucket + "/" +
                                                          key + ": cannot delete version " + id +
                                                          ": " + code + ": " + message);
                           }));
  }
  return Status::ProviderError("s3: " + bucket + "/" + key +
                               " keeps receiving new versions; gave up deleting them");
}

Status DeleteBucket(AwsClient& client, const std::string& bucket) {
  auto resp = client.RestXml("s3", "DeleteBucket", "DELETE", Path(bucket), "", {}, "");
  if (!resp.ok() && resp.status().code() == StatusCode::kNotFound) return Status::Ok();
  return resp.status();
}

}  // namespace causeway::aws::s3
