// Stage access through the AWS emulator's STS and S3.
#include "sandbox/snowflake/engine/stage_access.h"

#include <map>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/iam/sts_service.h"
#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

constexpr char kCodeStageAccess[] = "091003";

std::string IdentityId(const AccountIdentity& identity) {
  return "sbx0-s-" + Lower(identity.account);
}

std::vector<std::string> Locations(const Value& props, const char* key) {
  std::vector<std::string> out;
  auto it = props.find(key);
  if (it == props.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

bool Under(const std::string& url, const std::string& location) {
  if (location == "*") return true;
  std::string loc = location;
  if (!loc.empty() && loc.back() != '/') loc += '/';
  std::string u = url;
  if (!u.empty() && u.back() != '/') u += '/';
  return u.rfind(loc, 0) == 0;
}

}  // namespace

std::string IamUserArn(const AccountIdentity& identity) {
  return "arn:aws:iam::" + identity.aws_account + ":user/" + IdentityId(identity);
}

std::string NotificationChannel(const AccountIdentity& identity) {
  return "arn:aws:sqs:" + identity.aws_region + ":" + identity.aws_account + ":sf-snowpipe-" +
         IdentityId(identity);
}

Result<StageRef> ReadStageRef(SfParser& p, ExecEnv& env) {
  auto stage = FindObject(p, env, *FindKind("STAGE"), false);
  if (!stage.ok()) return stage.status();
  StageRef ref;
  ref.stage = (*stage)->name;
  // A path is written right after the name, without spaces: @S/a/b/ or @S/'quoted'.
  size_t end = p.Peek().offset;
  const auto spaced = [&](size_t at) {
    const char c = at == 0 ? ' ' : p.sql()[at - 1];
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  };
  if (p.Peek().IsPunct("/") && !spaced(p.Peek().offset)) {
    const size_t start = p.Peek().offset;
    end = start;
    while (!p.AtEnd() && p.Peek().offset == end && !p.Peek().IsPunct(")") &&
           !p.Peek().IsPunct(",")) {
      end = p.Peek().end;
      p.Advance();
    }
    ref.path = p.sql().substr(start, end - start);
    while (!ref.path.empty() && ref.path[0] == '/') ref.path.erase(0, 1);
  }
  return ref;
}

Status CheckLocationAllowed(const SfObject& integration, const std::string& url) {
  bool allowed = false;
  for (const auto& loc : Locations(integration.props, "STORAGE_ALLOWED_LOCATIONS")) {
    allowed = allowed || Under(url, loc);
  }
  for (const auto& loc : Locations(integration.props, "STORAGE_BLOCKED_LOCATIONS")) {
    if (Under(url, loc)) allowed = false;
  }
  if (!allowed) {
    return Status(StatusCode::kPermissionDenied,
                  "SQL execution error: Location '" + url + "' is not allowed by integration '" +
                      QuoteIfNeeded(integration.name.name) +
                      "'. Please use DESC INTEGRATION to check out allowed and blocked locations.",
                  "003118");
  }
  return Status::Ok();
}

Result<std::vector<StageFile>> ListStageFiles(ExecEnv& env, const SfObject& stage,
                                              const std::string& path) {
  std::vector<StageFile> out;
  std::string url = PropString(stage.props, "URL");
  if (url.empty()) return out;  // an internal stage holds no uploaded files here
  if (url.back() != '/') url += '/';
  const std::string location = url + path;
  const std::string integration_name = PropString(stage.props, "STORAGE_INTEGRATION");
  if (env.sandbox == nullptr) {
    return Status(StatusCode::kUnavailable, "no cloud storage is reachable", kCodeStageAccess);
  }
  if (!integration_name.empty()) {
    const SfObject* integration = env.catalog.Find("INTEGRATION", {"", "", integration_name});
    if (integration == nullptr) return DoesNotExist("Integration", integration_name);
    if (!PropTrue(integration->props, "ENABLED")) {
      return Status(StatusCode::kPermissionDenied,
                    "SQL execution error: Integration '" + integration_name + "' is disabled.",
                    "003119");
    }
    CW_RETURN_IF_ERROR(CheckLocationAllowed(*integration, location));
    const std::string role_arn = PropString(integration->props, "STORAGE_AWS_ROLE_ARN");
    const std::string external_id = PropString(integration->props, "STORAGE_AWS_EXTERNAL_ID");
    const std::string user_arn = IamUserArn(env.identity);
    TrustCaller caller;
    caller.arns = {user_arn};
    caller.account_id = env.identity.aws_account;
    const std::map<std::string, std::string> conditions = {
        {"sts:ExternalId", external_id},
        {"aws:PrincipalAccount", caller.account_id},
        {"aws:PrincipalArn", user_arn}};
    auto* sts = dynamic_cast<StsService*>(env.sandbox->FindService("sts"));
    if (sts == nullptr ||
        sts->AssumableRole(role_arn, caller, conditions, *env.sandbox) == nullptr) {
      return Status(StatusCode::kPermissionDenied,
                    "SQL execution error: Error assuming AWS_ROLE:\nUser: " + user_arn +
                        " is not authorized to perform: sts:AssumeRole on resource: " + role_arn +
                        ". The role's trust policy must allow sts:AssumeRole for " + user_arn +
                        " with sts:ExternalId " + external_id + " (DESC INTEGRATION " +
                        QuoteIfNeeded(integration_name) + ").",
                    kCodeStageAccess);
    }
  }
  const std::string rest = location.substr(5);  // after s3://
  const std::string bucket = rest.substr(0, rest.find('/'));
  const std::string prefix =
      rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  auto* store = dynamic_cast<ObjectStore*>(env.sandbox->FindService("s3"));
  if (store == nullptr || !store->BucketExists(bucket)) {
    return Status(StatusCode::kNotFound,
                  "SQL execution error: Failure using stage area. Cause: [The specified bucket '" +
                      bucket + "' does not exist (listing " + location + ").]",
                  kCodeStageAccess);
  }
  for (const auto& object : store->ListObjects(bucket, prefix)) {
    if (!object.key.empty() && object.key.back() == '/') continue;  // folder markers
    out.push_back({"s3://" + bucket + "/" + object.key, object.key.substr(prefix.size()), object});
  }
  return out;
}

}  // namespace causeway::sandbox::snowflake
