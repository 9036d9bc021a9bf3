// S3 emulator (REST-XML, API 2006-03-01): buckets (ListBuckets, CreateBucket, HeadBucket,
// DeleteBucket, GetBucketLocation), objects (PutObject, GetObject, HeadObject, DeleteObject,
// DeleteObjects, CopyObject), listings (ListObjectsV2 with prefix, delimiter/CommonPrefixes,
// max-keys, continuation-token, start-after, encoding-type=url; ListObjects v1 with marker), and
// the bucket sub-resources policy, versioning, tagging and notification (s3_notifications.cc),
// object versions and ListObjectVersions (s3_versions.cc), and the conditional requests
// If-Match / If-None-Match on PutObject, DeleteObject, GetObject and HeadObject
// (s3_preconditions.cc). Path-style addressing
// (http://host:port/bucket/key) and virtual-host style for hosts "<bucket>.localhost[:port]" and
// "<bucket>.s3[.-]...". Errors use S3's codes, statuses and messages (NoSuchBucket,
// NoSuchKey, BucketAlreadyOwnedByYou, BucketNotEmpty, NoSuchBucketPolicy, MalformedPolicy,
// NoSuchTagSet, InvalidBucketName, MalformedXML, ...). Operations that S3 requires a body
// checksum for (DeleteObjects, PutBucketPolicy/Tagging/Versioning) need Content-MD5 or an
// x-amz-checksum-* header, as on AWS; a Content-MD5 that does not match the body is BadDigest.
// Not emulated: multipart uploads, ACLs, MFA delete, object lock, other bucket sub-resources
// (they answer 501 NotImplemented).
// Also the sandbox's ObjectStore (object_store.h) for other emulators (Glue crawlers, ...).
// Thread-safety: Handle/Dump/Load/Reset run under the server's dispatch lock; the service also
// holds its own mutex so that ObjectStore readers on other threads are safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/aws/aws_service.h"
#include "sandbox/core/object_store.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

inline constexpr char kS3Namespace[] = "http://s3.amazonaws.com/doc/2006-03-01/";

struct S3Object {
  std::string body;
  std::string etag;  // quoted hex MD5: "\"9e107d9d372bb6826bd81d3542a419d6\""
  std::chrono::system_clock::time_point last_modified;
  std::string content_type = "binary/octet-stream";
  std::map<std::string, std::string> metadata;  // x-amz-meta-<name> (lower-cased name)
  // "null" for objects written while the bucket's versioning was not Enabled, as S3 names them.
  std::string version_id = "null";
  // A delete marker: a version with no body, ETag or metadata (only in S3Bucket::history).
  bool delete_marker = false;
};

struct S3Bucket {
  std::string name;
  std::string region = "us-east-1";
  std::chrono::system_clock::time_point creation_date;
  std::optional<std::string> policy;                      // document text as put
  std::string versioning;                                 // "", "Enabled" or "Suspended"
  std::vector<std::pair<std::string, std::string>> tags;  // empty: no tag set
  std::map<std::string, S3Object> objects;                // current objects by key (sorted)
  // Per key, its versions other than the current object, newest first: older objects and delete
  // markers. When the key has no current object, history[key][0] is its latest version and is a
  // delete marker. Only versioned buckets (Enabled or Suspended) have a history; a key without
  // one has no entry.
  std::map<std::string, std::vector<S3Object>> history;
  // The notification configuration in S3's member names: {"QueueConfigurations": [{"Id",
  // "QueueArn", "Events": [..], "FilterRules": [{"Name", "Value"}]}], "TopicConfigurations",
  // "LambdaFunctionConfigurations" (TopicArn / LambdaFunctionArn), "EventBridge": true}; only
  // non-empty members are present. Empty object: no notifications.
  Value notification = Value::object();
};

class S3Service : public AwsService, public ObjectStore {
 public:
  std::string name() const override { return "s3"; }
  AwsProtocol protocol() const override { return AwsProtocol::kRestXml; }
  // Operation names as in the botocore model (ListObjectsV2, PutBucketPolicy, ...), from the
  // method, path and sub-resource query parameters. Unsupported sub-resources are named after
  // their operation (e.g. GetBucketAcl) and answered with NotImplemented.
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // ObjectStore.
  bool BucketExists(const std::string& bucket) const override;
  std::vector<StoredObject> ListObjects(const std::string& bucket,
                                        const std::string& prefix) const override;
  std::optional<std::string> ReadObject(const std::string& bucket,
                                        const std::string& key) const override;

 private:
  // The request as S3 sees it: bucket and key decoded from the path (or the Host header).
  struct Target {
    std::string bucket;
    std::string key;
  };
  static Target ParseTarget(const SandboxRequest& request);

  using Operations_ =
      OperationTable<S3Service, const SandboxRequest&, const Target&, SandboxContext&>;
  static const Operations_& Table();
  SandboxResponse Dispatch(const std::string& op, const SandboxRequest& r, const Target& t,
                           SandboxContext& c);

  // Buckets (s3_service.cc).
  SandboxResponse ListBuckets(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse CreateBucket(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse HeadBucket(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse DeleteBucket(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse GetBucketLocation(const SandboxRequest& r, const Target& t, SandboxContext& c);

  // Bucket sub-resources (s3_bucket_config.cc).
  SandboxResponse PutBucketPolicy(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse GetBucketPolicy(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse DeleteBucketPolicy(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse PutBucketVersioning(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse GetBucketVersioning(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse PutBucketTagging(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse GetBucketTagging(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse DeleteBucketTagging(const SandboxRequest& r, const Target& t, SandboxContext& c);
  // Bucket notification configuration (s3_notifications.cc).
  SandboxResponse PutBucketNotificationConfiguration(const SandboxRequest& r, const Target& t,
                                                     SandboxContext& c);
  SandboxResponse GetBucketNotificationConfiguration(const SandboxRequest& r, const Target& t,
                                                     SandboxContext& c);

  // Objects and listings (s3_objects.cc).
  SandboxResponse PutObject(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse CopyObject(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse GetObject(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse HeadObject(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse GetOrHeadObject(const SandboxRequest& r, const Target& t, bool head);
  SandboxResponse DeleteObject(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse DeleteObjects(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse ListObjectsV2(const SandboxRequest& r, const Target& t, SandboxContext& c);
  SandboxResponse ListObjectsV1(const SandboxRequest& r, const Target& t, SandboxContext& c);
  // Object versions (s3_versions.cc).
  SandboxResponse ListObjectVersions(const SandboxRequest& r, const Target& t, SandboxContext& c);
  // A fresh version id (32 URL-safe characters) for a version written while versioning is Enabled.
  std::string NewVersionId();

  // The bucket, or nullptr with `*error` set to NoSuchBucket.
  S3Bucket* FindBucket(const SandboxRequest& r, const std::string& name, SandboxResponse* error);

  mutable std::mutex mu_;
  std::map<std::string, S3Bucket> buckets_;
  std::mt19937_64 version_ids_{std::random_device{}()};  // guarded by mu_
};

// S3's <Error> document with extra elements after Message (BucketName, Key, ...), and the
// x-amz-request-id header. HEAD responses lose the body in the server.
SandboxResponse S3ErrorWith(int status, const std::string& code, const std::string& message,
                            const SandboxRequest& request,
                            const std::vector<std::pair<std::string, std::string>>& extra = {});
// Quoted hex MD5 ETag of `data`.
std::string S3ETag(const std::string& data);
// Base64 of the raw MD5 of `data` (Content-MD5 header value).
std::string S3ContentMd5(const std::string& data);
// For operations that need a body checksum: true when the request carries a matching
// Content-MD5 or any x-amz-checksum-* / x-amz-sdk-checksum-algorithm header; otherwise false with
// `*error` set to S3's InvalidRequest (missing) or BadDigest (Content-MD5 does not match).
bool S3CheckBodyChecksum(const SandboxRequest& request, SandboxResponse* error);

// Listing parameters: max-keys (default 1000, capped at 1000) and encoding-type (only "url";
// `*url` says whether key-like fields are URL-encoded). False with S3's InvalidArgument otherwise.
bool S3ParseMaxKeys(const SandboxRequest& r, int* out, SandboxResponse* error);
bool S3ParseEncodingType(const SandboxRequest& r, bool* url, SandboxResponse* error);

std::unique_ptr<SandboxService> NewS3Service();

}  // namespace causeway::sandbox
