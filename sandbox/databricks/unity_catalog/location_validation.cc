// External location validation, as Databricks does it when skip_validation is not set: Unity
// Catalog assumes the storage credential's IAM role as its own principal (the master role ARN the
// credential reports as unity_catalog_iam_arn) with sts:ExternalId = the credential's external
// id, through the AWS emulator's STS (StsService::AssumableRole: the IAM emulator's trust policy,
// and its injected propagation delay), then lists the URL in the S3 emulator.
// A role that cannot be assumed is PERMISSION_DENIED (403) with a message naming sts:AssumeRole,
// the shape hosted Databricks answers a trust policy that is not (yet) in place with; the
// Databricks provider retries it while trust propagates (providers/databricks/storage_kinds.cc).
// A missing bucket is PERMISSION_DENIED too, without "AssumeRole" (it will not fix itself).
// Not checked: the role's own permission policies (s3:ListBucket), which the S3 emulator does not
// enforce either, and the role trusting itself.
#include <map>
#include <string>

#include "sandbox/aws/iam/sts_service.h"
#include "sandbox/core/object_store.h"
#include "sandbox/databricks/errors.h"
#include "sandbox/databricks/unity_catalog/unity_catalog_service.h"

namespace causeway::sandbox {

namespace {

// The account of Databricks' Unity Catalog master role.
std::string AccountOf(const std::string& role_arn) {
  const std::string kPrefix = "arn:aws:iam::";
  return role_arn.substr(kPrefix.size(), role_arn.find(':', kPrefix.size()) - kPrefix.size());
}

}  // namespace

std::optional<SandboxResponse> UnityCatalogService::ValidateLocation(const std::string& url,
                                                                     const Value& credential,
                                                                     SandboxContext& c) const {
  const Value& role = credential["aws_iam_role"];
  const std::string role_arn = role.value("role_arn", std::string());
  const std::string external_id = role.value("external_id", std::string());
  const std::string uc_arn = role.value("unity_catalog_iam_arn", std::string());
  TrustCaller caller;
  caller.arns = {uc_arn};
  caller.account_id = AccountOf(uc_arn);
  const std::map<std::string, std::string> condition_context = {
      {"sts:ExternalId", external_id},
      {"aws:PrincipalAccount", caller.account_id},
      {"aws:PrincipalArn", uc_arn}};
  auto* sts = dynamic_cast<StsService*>(c.FindService("sts"));
  if (sts == nullptr || sts->AssumableRole(role_arn, caller, condition_context, c) == nullptr) {
    const std::string session = "arn:aws:sts::" + caller.account_id + ":assumed-role/" +
                                uc_arn.substr(uc_arn.rfind('/') + 1) + "/databricks";
    return DatabricksError(
        kDbxPermissionDenied,
        "Failed to access cloud storage: AWS IAM role in the storage credential '" +
            credential["name"].get<std::string>() + "' is not configured correctly. User: " +
            session + " is not authorized to perform: sts:AssumeRole on resource: " + role_arn +
            ". The role's trust policy must allow sts:AssumeRole for " + uc_arn +
            " with sts:ExternalId " + external_id + ".");
  }
  const std::string kScheme = "s3://";
  const std::string rest = url.substr(kScheme.size());
  const std::string bucket = rest.substr(0, rest.find('/'));
  auto* store = dynamic_cast<ObjectStore*>(c.FindService("s3"));
  if (store == nullptr || !store->BucketExists(bucket)) {
    return DatabricksError(kDbxPermissionDenied,
                           "Failed to access cloud storage: [NoSuchBucket] The specified bucket '" +
                               bucket + "' does not exist (listing " + url + ").");
  }
  std::string prefix = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  if (!prefix.empty()) prefix += "/";
  (void)store->ListObjects(bucket,
                           prefix);  // the listing Databricks makes; its result is not needed
  return std::nullopt;
}

}  // namespace causeway::sandbox
