// S3 emulator: conditional requests, evaluated against a key's current object as S3 does.
// - PutObject: If-None-Match must be "*" (any other value, or If-None-Match together with
//   If-Match, is 501 NotImplemented); it fails with 412 PreconditionFailed when the key has a
//   current object (a delete marker as latest version counts as none). If-Match fails with 404
//   NoSuchKey when there is no current object and 412 PreconditionFailed when no listed ETag
//   matches ("*" matches any object).
// - DeleteObject: If-Match as for PutObject (404 NoSuchKey / 412 PreconditionFailed).
// - GetObject / HeadObject: If-Match mismatch is 412 PreconditionFailed; an If-None-Match match
//   is 304 Not Modified (with ETag and Last-Modified, no body).
// ETags compare strongly after dropping quotes and a W/ prefix; a header may list several.
// Callers check and write under one lock, so a check and its write are atomic.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sandbox/aws/s3/s3_service.h"

namespace causeway::sandbox {

// True when `header` (If-Match / If-None-Match value) names `etag` or is "*".
bool S3ETagListMatches(const std::string& header, const std::string& etag);

// PutObject's preconditions against the key's current object (nullptr: none). True when the
// write may go ahead; otherwise false with `*error` set.
bool S3CheckWritePreconditions(const SandboxRequest& r, const std::string& key,
                               const S3Object* current, SandboxResponse* error);

// DeleteObject's If-Match against the key's current object (nullptr: none).
bool S3CheckDeletePreconditions(const SandboxRequest& r, const std::string& key,
                                const S3Object* current, SandboxResponse* error);

// GetObject / HeadObject preconditions against the object being read.
bool S3CheckReadPreconditions(const SandboxRequest& r, const S3Object& object,
                              SandboxResponse* error);

}  // namespace causeway::sandbox
