// The S3 REST-XML calls behind aws.s3.bucket (s3_kinds.cc): ListBuckets, HeadBucket, the
// policy / versioning / tagging sub-resources, CreateBucket, emptying a bucket
// (ListObjectsV2 + DeleteObjects) and DeleteBucket. Requests use path-style addressing
// ("/<bucket>?policy") and send Content-MD5 where S3 requires a body checksum.
// Errors are AwsClient statuses as they come (Status::provider_code() is their S3 code, e.g.
// NotFound with NoSuchBucket); callers add which bucket they concern. Replies are read through
// kit::ReplyReader (xml_reply.h): a malformed one is a ProviderError naming the operation and the
// field, never an exception.
// Thread-safety: free functions; safe to call concurrently with a thread-safe AwsClient.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "providers/aws/kind_handler.h"

namespace causeway::aws::s3 {

struct BucketSummary {
  std::string name;
  std::string region;  // from ListBuckets' BucketRegion; empty when S3 did not say
};

// One ListBuckets call (S3 does not paginate it for accounts below the bucket quota).
Result<std::vector<BucketSummary>> ListBuckets(AwsClient& client);
// HeadBucket: the bucket's region (x-amz-bucket-region; empty when S3 did not say), or NotFound.
Result<std::string> HeadBucket(AwsClient& client, const std::string& bucket);
// GetBucketPolicy, GetBucketVersioning and GetBucketTagging: the bucket's settings in S3's names,
//   {"Policy": {...}, "VersioningStatus": "Enabled" | "Suspended", "TagSet": {"key": "value"}}
// with Policy / VersioningStatus absent when the bucket has no policy (NoSuchBucketPolicy) / never
// had versioning set, and TagSet {} without tags (NoSuchTagSet). NotFound when the bucket is gone.
Result<Value> ReadSettings(AwsClient& client, const std::string& bucket);

// CreateBucket in `region` (a LocationConstraint outside us-east-1). Conflict with code
// BucketAlreadyOwnedByYou / BucketAlreadyExists when the name is taken.
Status CreateBucket(AwsClient& client, const std::string& bucket, const std::string& region);
// PutBucketPolicy with the document text, or DeleteBucketPolicy for nullopt.
Status SetPolicy(AwsClient& client, const std::string& bucket,
                 const std::optional<std::string>& policy);
// PutBucketVersioning with Status "Enabled" or "Suspended".
Status SetVersioning(AwsClient& client, const std::string& bucket, const std::string& status);
// PutBucketTagging with the whole tag map, or DeleteBucketTagging for an empty map.
Status SetTags(AwsClient& client, const std::string& bucket, const Value& tags);
// Deletes every object (ListObjectsV2 pages of up to 1000 keys, one DeleteObjects per page).
// Returns how many objects were deleted.
Result<size_t> EmptyBucket(AwsClient& client, const std::string& bucket);
// Deletes every version and delete marker of `key` (ListObjectVersions with the key as prefix,
// one DeleteObjects with VersionIds per page), so that nothing of it is left in a versioned
// bucket; in an unversioned bucket that is the object itself. Ok when the bucket or the key does
// not exist; ProviderError naming the version S3 refused to delete.
Status DeleteObjectVersions(AwsClient& client, const std::string& bucket, const std::string& key);
// DeleteBucket; Ok when the bucket does not exist.
Status DeleteBucket(AwsClient& client, const std::string& bucket);

// A resource name for a bucket met by list-for-import (aws.s3.bucket, aws.s3.bucket_notification):
// '.' and the other characters an address name cannot hold become '_'.
std::string ImportName(const std::string& bucket);

// Base64 of the MD5 of `data` (Content-MD5).
std::string ContentMd5(const std::string& data);

}  // namespace causeway::aws::s3
