// S3 emulator: the version bookkeeping of one bucket's keys, as S3 keeps it under each
// versioning state (S3Bucket::objects holds current objects, S3Bucket::history the rest):
// - unversioned (""): a write replaces the object, a delete removes it; no versions are kept;
// - Enabled: a write adds a version with a fresh id, a delete adds a delete marker;
// - Suspended: a write or a delete replaces the key's "null" version (an object, or a delete
//   marker for a delete) and keeps the other versions.
// Deleting a version by id removes it for good; the newest remaining version becomes current.
// Thread-safety: none; callers hold S3Service's lock.
#pragma once

#include <string>

#include "sandbox/aws/s3/s3_service.h"

namespace causeway::sandbox {

// What a delete did, for the x-amz-delete-marker and x-amz-version-id response headers.
struct S3DeleteOutcome {
  bool delete_marker = false;  // a delete marker was created, or the removed version was one
  std::string version_id;      // "" when the response names no version (unversioned buckets)
};

// Stores `object` as the key's current version under the bucket's versioning state;
// `new_version_id` is used when versioning is Enabled. Returns the version id the response names
// in x-amz-version-id ("" for an unversioned bucket).
std::string S3WriteVersion(S3Bucket& bucket, const std::string& key, S3Object object,
                           const std::string& new_version_id);

// DeleteObject without a version id, at time `now`; `new_version_id` names the delete marker
// when versioning is Enabled.
S3DeleteOutcome S3DeleteCurrent(S3Bucket& bucket, const std::string& key,
                                std::chrono::system_clock::time_point now,
                                const std::string& new_version_id);

// DeleteObject with a version id: removes that version ("null" included) if it exists.
S3DeleteOutcome S3DeleteVersion(S3Bucket& bucket, const std::string& key,
                                const std::string& version_id);

// The version `version_id` of `key` (current object, older object or delete marker), or nullptr.
const S3Object* S3FindVersion(const S3Bucket& bucket, const std::string& key,
                              const std::string& version_id);

// The delete marker that is the key's latest version, or nullptr when there is none.
const S3Object* S3LatestDeleteMarker(const S3Bucket& bucket, const std::string& key);

// True for "null" and ids of the form S3Service::NewVersionId makes; S3 answers other ids with
// 400 InvalidArgument "Invalid version id specified".
bool S3WellFormedVersionId(const std::string& version_id);

// True when the bucket holds no object, older version or delete marker (DeleteBucket's test).
bool S3BucketHoldsNothing(const S3Bucket& bucket);

}  // namespace causeway::sandbox
