// The naming rules of S3 Tables objects (AWS user guide, "Table bucket naming rules" and "Naming
// rules for tables and namespaces"), beyond the botocore patterns ([0-9a-z-] for buckets,
// [0-9a-z_] for namespaces and tables): the first and last character must be a letter or a digit,
// buckets may not use the reserved prefixes (xn--, sthree-, amzn-s3-demo-) and suffixes (-s3alias,
// --ol-s3, --x-s3, --table-s3), and namespaces may not start with the reserved "aws".
// Each check returns "" for a valid name, else the message S3 Tables gives (BadRequestException).
// Thread-safety: pure functions.
#pragma once

#include <string>

namespace causeway::sandbox {

std::string TableBucketNameProblem(const std::string& name);
std::string NamespaceNameProblem(const std::string& name);
std::string TableNameProblem(const std::string& name);
// Iceberg primitive types S3 Tables accepts in a schema (boolean, int, long, float, double,
// decimal(P,S), date, time, timestamp, timestamptz, timestamp_ns, timestamptz_ns, string, uuid,
// fixed[L], binary).
bool IsIcebergPrimitiveType(const std::string& type);

}  // namespace causeway::sandbox
