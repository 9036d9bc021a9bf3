// S3 REST-XML calls for aws.s3.bucket: reads (ListBuckets, HeadBucket, bucket sub-resources) and
// writes (CreateBucket, policy, versioning, tagging, emptying and deleting a bucket).
#include "providers/aws/s3_bucket_api.h"

#include <openssl/evp.h>

#include "providers/aws_sigv4/xml_text.h"

namespace causeway::aws::s3 {

namespace {

constexpr char kNs[] = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string Path(const std::string& bucket) { return "/" + UriEncode(bucket); }

Result<XmlDoc> ParseXml(const std::string& body, const std::string& what) {
  auto doc = std::make_shared<pugi::xml_document>();
  if (!doc->load_string(body.c_str())) {
    return Status::ProviderError("s3 " + what + ": the response is not XML");
  }
  return doc;
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
  CW_ASSIGN_OR_RETURN(XmlDoc doc, ParseXml(resp.body, "ListBuckets"));
  std::vector<BucketSummary> out;
  for (pugi::xml_node b :
       doc->child("ListAllMyBucketsResult").child("Buckets").children("Bucket")) {
    out.push_back({b.child("Name").text().get(), b.child("BucketRegion").text().get()});
  }
  return out;
}

Result<std::string> HeadBucket(AwsClient& client, const std::string& bucket) {
  auto resp = client.RestXml("s3", "HeadBucket", "HEAD", Path(bucket), "", {}, "");
  if (!resp.ok()) return resp.status();
  for (const auto& [k, v] : resp->headers) {
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "x-amz-bucket-region") return v;
  }
  return std::string();
}

Result<BucketDetails> ReadDetails(AwsClient& client, const std::string& bucket) {
  BucketDetails d;
  auto policy = client.RestXml("s3", "GetBucketPolicy", "GET", Path(bucket), "policy", {}, "");
  if (policy.ok()) {
    Value doc = Value::parse(policy->body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      return Status::ProviderError("s3 GetBucketPolicy: bucket " + bucket +
                                   " returned a policy that is not JSON");
    }
    d.policy = std::move(doc);
  } else if (policy.status().provider_code() != "NoSuchBucketPolicy") {
    return policy.status();
  }

  CW_ASSIGN_OR_RETURN(HttpResponse v, client.RestXml("s3", "GetBucketVersioning", "GET",
                                                     Path(bucket), "versioning", {}, ""));
  CW_ASSIGN_OR_RETURN(XmlDoc vdoc, ParseXml(v.body, "GetBucketVersioning"));
  d.versioning = vdoc->child("VersioningConfiguration").child("Status").text().get();

  auto tags = client.RestXml("s3", "GetBucketTagging", "GET", Path(bucket), "tagging", {}, "");
  if (tags.ok()) {
    CW_ASSIGN_OR_RETURN(XmlDoc tdoc, ParseXml(tags->body, "GetBucketTagging"));
    for (pugi::xml_node t : tdoc->child("Tagging").child("TagSet").children("Tag")) {
      d.tags[t.child("Key").text().get()] = t.child("Value").text().get();
    }
  } else if (tags.status().provider_code() != "NoSuchTagSet") {
    return tags.status();
  }
  return d;
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
    CW_ASSIGN_OR_RETURN(XmlDoc doc, ParseXml(page->body, "ListObjectsV2"));
    std::string body = std::string("<Delete xmlns=\"") + kNs + "\"><Quiet>true</Quiet>";
    size_t n = 0;
    for (pugi::xml_node c : doc->child("ListBucketResult").children("Contents")) {
      body += "<Object><Key>" + XmlEscape(c.child("Key").text().get()) + "</Key></Object>";
      ++n;
    }
    body += "</Delete>";
    if (n == 0) return deleted;
    CW_ASSIGN_OR_RETURN(HttpResponse resp, PutWithMd5(client, "DeleteObjects", "POST", bucket,
                                                      "delete", body, "application/xml"));
    CW_ASSIGN_OR_RETURN(XmlDoc result, ParseXml(resp.body, "DeleteObjects"));
    pugi::xml_node err = result->child("DeleteResult").child("Error");
    if (err) {
      return Status::ProviderError("s3 DeleteObjects: bucket " + bucket + ": cannot delete " +
                                   err.child("Key").text().get() + ": " +
                                   err.child("Code").text().get() + ": " +
                                   err.child("Message").text().get());
    }
    deleted += n;
  }
  return Status::ProviderError("s3: bucket " + bucket +
                               " keeps receiving new objects; gave up emptying it");
}

Status DeleteBucket(AwsClient& client, const std::string& bucket) {
  auto resp = client.RestXml("s3", "DeleteBucket", "DELETE", Path(bucket), "", {}, "");
  if (!resp.ok() && resp.status().code() == StatusCode::kNotFound) return Status::Ok();
  return resp.status();
}

}  // namespace causeway::aws::s3
