// Shared plumbing of the Lambda kinds (aws.lambda.function in lambda_function_kind.cc,
// aws.lambda.permission in lambda_permission_kind.cc): REST-JSON calls to Lambda
// (/2015-03-31/functions/...), ListFunctions pagination (Marker / NextMarker), function ARNs.
// Thread-safety: free functions.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "providers/aws/kind_handler.h"

namespace causeway::aws::lambda {

inline constexpr char kFunctionKind[] = "aws.lambda.function";
inline constexpr char kPermissionKind[] = "aws.lambda.permission";

// One Lambda call: `method` on /2015-03-31/functions`suffix` (suffix "" or "/<name>/..."; the
// caller encodes path segments) with an optional URL query and JSON body (null: none). Errors
// carry Lambda's code as Status::provider_code() (ResourceNotFoundException -> NotFound).
Result<Value> Call(AwsContext& ctx, const std::string& operation, const std::string& method,
                   const std::string& suffix, const std::string& query = "",
                   const Value& body = Value());
// "/<url-encoded name>" for `suffix`.
std::string FunctionPath(const std::string& name);
// Every function: ListFunctions page by page; `each` sees every FunctionConfiguration.
Status ForEachFunction(AwsContext& ctx,
                       const std::function<Status(const kit::ReplyReader& config)>& each);
std::string FunctionArn(const AwsContext& ctx, const std::string& name);
// Lambda's ResourceConflictException (an existing function or statement id).
bool IsResourceConflict(const Status& status);
// Lambda's function name: 1 to 64 of [a-zA-Z0-9-_].
ValueCheck FunctionName();

std::unique_ptr<KindHandler> NewFunctionHandler();    // lambda_function_kind.cc
std::unique_ptr<KindHandler> NewPermissionHandler();  // lambda_permission_kind.cc

}  // namespace causeway::aws::lambda
