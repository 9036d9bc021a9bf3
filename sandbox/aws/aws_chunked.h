// aws-chunked request bodies: how S3 clients stream uploads signed chunk by chunk
// ("hex[;chunk-signature=..]\r\n<data>\r\n ... 0\r\n<trailers>\r\n"), as the AWS front end
// decodes them after authentication so that S3 handlers see the plain object bytes.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sandbox/core/service.h"

namespace causeway::sandbox {

// True when the request's body is aws-chunked (x-amz-content-sha256: STREAMING-... or
// Content-Encoding: aws-chunked).
bool IsAwsChunked(const SandboxRequest& request);

// Decodes `body` into `out`, moving trailing headers (e.g. x-amz-checksum-crc32) into `headers`.
// False when the framing is malformed (then `out` is incomplete).
bool DecodeAwsChunked(const std::string& body, std::string* out, HeaderMap* headers);

// Replaces an aws-chunked body of `request` by its decoded bytes and drops "aws-chunked" from
// Content-Encoding. A malformed body is left as sent (the service then sees it raw).
void DecodeAwsChunkedRequest(SandboxRequest* request);

}  // namespace causeway::sandbox
