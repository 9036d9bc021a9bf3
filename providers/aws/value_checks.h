// Value checks (AttributeSchema::check) for AWS names and limits (the generic ones, enums and
// ranges, are in providers/kit/value_checks.h), so that `validate` reports a
// bad bucket or role name at its file:line:column instead of the cloud refusing it mid-apply.
// Apply runs the same checks on resolved values before calling the provider, so the kinds'
// create and update code does not repeat them.
// The rules are the botocore shapes' min/max/pattern (../shared/specs/aws/*/service-2.json) and,
// for buckets, S3's naming rules, which the S3 model does not carry. The sandbox applies its own
// copy of the bucket rule on purpose: an emulator that shared the client's code could not catch
// a mistake in it. Pure functions.
#pragma once

#include <string>

#include "providers/schema.h"

namespace causeway {

// S3 general purpose bucket names: 3-63 characters of a-z, 0-9, '.' and '-', starting and
// ending with a letter or digit, no "..", not an IPv4 address, none of S3's reserved prefixes
// (xn--, sthree-, amzn-s3-demo-) and suffixes (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3).
ValueCheck S3BucketName();
// IAM roleNameType (max 64) and policyNameType (max 128): 1 to `max` of [A-Za-z0-9_+=,.@-].
ValueCheck IamName(size_t max);
// IAM pathType: "/" or "/" + 1-510 printable ASCII characters + "/".
ValueCheck IamPath();
// Athena WorkGroupName: [a-zA-Z0-9._-]{1,128}.
ValueCheck AthenaWorkGroupName();
// Resource tags: a map whose values are strings (an unquoted 1234 or true in YAML is not),
// keys of 1 to 128 characters not starting with the reserved "aws:", values of up to 256.
ValueCheck AwsTags();
// "" (none) or an s3://bucket/prefix URL (e.g. a workgroup's query results location).
ValueCheck S3UrlOrEmpty();

}  // namespace causeway
