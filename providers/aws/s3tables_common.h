// Shared plumbing of the S3 Tables kinds (REST-JSON, signing name "s3tables"):
//   aws.s3tables.table_bucket         (s3tables_table_bucket_kind.cc)
//   aws.s3tables.namespace            (s3tables_namespace_kind.cc)
//   aws.s3tables.table                (s3tables_table_kind.cc)
//   aws.s3tables.table_bucket_policy  (s3tables_policy_kind.cc)
// The calls (the bucket ARN is one percent-encoded path label), continuationToken pagination,
// table bucket ARNs, and the value checks of S3 Tables names (AWS's naming rules).
// Thread-safety: free functions.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "providers/aws/kind_handler.h"

namespace causeway::aws::s3tables {

inline constexpr char kBucketKind[] = "aws.s3tables.table_bucket";
inline constexpr char kNamespaceKind[] = "aws.s3tables.namespace";
inline constexpr char kTableKind[] = "aws.s3tables.table";
inline constexpr char kPolicyKind[] = "aws.s3tables.table_bucket_policy";

// One S3 Tables call: `method` on `path` (+ raw `query`) with an optional JSON body.
Result<Value> Call(AwsContext& ctx, const std::string& operation, const std::string& method,
                   const std::string& path, const Value& body = Value(),
                   const std::string& query = "");
// A paginated list call (continuationToken); `each` sees every item of `result_key`.
Status Paginate(AwsContext& ctx, const std::string& operation, const std::string& path,
                const std::string& query, const std::string& result_key,
                const std::function<Status(const kit::ReplyReader&)>& each);

// The path label of a table bucket ARN.
std::string Label(const std::string& bucket_arn);
// arn:aws:s3tables:<region>:<account>:bucket/<name>.
std::string BucketArn(const AwsContext& ctx, const std::string& name);

// Every table bucket: its ARN and name.
Status ForEachBucket(
    AwsContext& ctx,
    const std::function<Status(const std::string& arn, const std::string& name)>& each);

// The table buckets a list-for-import covers: the scope's table_bucket_arn, or every bucket.
Result<std::vector<std::string>> BucketsInScope(AwsContext& ctx, const ListRequest& req);

ValueCheck TableBucketName();  // 3-63 of [a-z0-9-], letter or digit at both ends, no reserved affix
ValueCheck NamespaceName();    // 1-255 of [a-z0-9_], letter or digit at both ends, not aws*
ValueCheck TableName();        // 1-255 of [a-z0-9_], letter or digit at both ends
ValueCheck TableBucketArnCheck();

std::unique_ptr<KindHandler> NewTableBucketHandler();
std::unique_ptr<KindHandler> NewNamespaceHandler();
std::unique_ptr<KindHandler> NewTableHandler();
std::unique_ptr<KindHandler> NewPolicyHandler();

}  // namespace causeway::aws::s3tables
