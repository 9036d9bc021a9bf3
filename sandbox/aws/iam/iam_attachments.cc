// IAM emulator: managed-policy attachments to roles, and GetAccountAuthorizationDetails.
#include <algorithm>
#include <cctype>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/iam/iam_shapes.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

using namespace iam;  // NOLINT: the IAM emulator's own shapes

SandboxResponse IamService::AttachRolePolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  if (arn.rfind("arn:", 0) != 0) {
    return Err(r, 400, "InvalidInput", "ARN " + arn + " is not valid.");
  }
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  if (policies_.count(arn) == 0 && !IsAwsManaged(arn)) {
    return NoSuchEntity(r, "Policy " + arn + " does not exist or is not attachable.");
  }
  auto& attached = role->attached_policy_arns;
  if (std::find(attached.begin(), attached.end(), arn) == attached.end()) {
    if (attached.size() >= 10) {
      return Err(r, 409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10");
    }
    attached.push_back(arn);
  }
  return OkEmpty(r);
}

SandboxResponse IamService::DetachRolePolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "PolicyArn"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  std::string arn = r.Param("PolicyArn");
  auto& attached = role->attached_policy_arns;
  auto it = std::find(attached.begin(), attached.end(), arn);
  if (it == attached.end()) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  attached.erase(it);
  return OkEmpty(r);
}

namespace {
std::string PolicyNameFromArn(const std::string& arn) { return arn.substr(arn.rfind('/') + 1); }
}  // namespace

SandboxResponse IamService::ListAttachedRolePolicies(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  const IamRole* role = FindRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  std::vector<std::string> keys = role->attached_policy_arns;
  std::sort(keys.begin(), keys.end());
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Open("AttachedPolicies");
  for (size_t i = begin; i < end; ++i) {
    x.Open("member");
    x.Leaf("PolicyName", PolicyNameFromArn(keys[i]));
    x.Leaf("PolicyArn", keys[i]);
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

SandboxResponse IamService::GetAccountAuthorizationDetails(const SandboxRequest& r,
                                                           SandboxContext&) {
  std::vector<std::string> filter = MemberList(r, "Filter");
  for (const auto& f : filter) {
    if (f != "User" && f != "Role" && f != "Group" && f != "LocalManagedPolicy" &&
        f != "AWSManagedPolicy") {
      return Validation(r, ValidationMessage(f, "filter.member",
                                             "Member must satisfy enum value set: [User, Role, "
                                             "Group, LocalManagedPolicy, AWSManagedPolicy]"));
    }
  }
  auto wants = [&](const std::string& kind) {
    return filter.empty() || std::find(filter.begin(), filter.end(), kind) != filter.end();
  };
  // One ordered key space: roles ("r\x1f<name>") before local policies ("s\x1f<arn>").
  std::vector<std::string> keys;
  if (wants("Role")) {
    for (const auto& [k, role] : roles_) keys.push_back("r\x1f" + k);
  }
  if (wants("LocalManagedPolicy")) {
    for (const auto& [arn, p] : policies_) keys.push_back("s\x1f" + arn);
  }
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Raw("<UserDetailList/><GroupDetailList/>");
  x.Open("RoleDetailList");
  for (size_t i = begin; i < end; ++i) {
    if (keys[i][0] != 'r') continue;
    const IamRole& role = roles_.at(keys[i].substr(2));
    x.Open("member");
    x.Leaf("Path", role.path);
    x.Leaf("RoleName", role.name);
    x.Leaf("RoleId", role.role_id);
    x.Leaf("Arn", role.arn);
    x.Leaf("CreateDate", Iso8601(role.create_date));
    x.Leaf("AssumeRolePolicyDocument", UrlEncode(role.assume_role_policy));
    x.Raw("<InstanceProfileList/>");
    x.Open("RolePolicyList");
    for (const auto& [pn, doc] : role.inline_policies) {
      x.Open("member");
      x.Leaf("PolicyName", pn);
      x.Leaf("PolicyDocument", UrlEncode(doc));
      x.Close();
    }
    x.Close();
    x.Open("AttachedManagedPolicies");
    for (const auto& arn : role.attached_policy_arns) {
      x.Open("member");
      x.Leaf("PolicyName", PolicyNameFromArn(arn));
      x.Leaf("PolicyArn", arn);
      x.Close();
    }
    x.Close();
    if (!role.permissions_boundary.empty()) {
      x.Open("PermissionsBoundary");
      x.Leaf("PermissionsBoundaryType", "Policy");
      x.Leaf("PermissionsBoundaryArn", role.permissions_boundary);
      x.Close();
    }
    TagsXml(x, role.tags);
    x.Raw("<RoleLastUsed/>");
    x.Close();
  }
  x.Close();
  x.Open("Policies");
  for (size_t i = begin; i < end; ++i) {
    if (keys[i][0] != 's') continue;
    const IamPolicy& p = policies_.at(keys[i].substr(2));
    x.Open("member");
    PolicyXml(x, p, AttachmentCount(p.arn), /*with_tags=*/false);
    x.Open("PolicyVersionList");
    for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it) {
      x.Open("member");
      VersionXml(x, p, it->second, /*with_doc=*/true);
      x.Close();
    }
    x.Close();
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

}  // namespace causeway::sandbox
