// IAM emulator: inline role policies (put, get, list, delete).
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

SandboxResponse IamService::PutRolePolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "PolicyName", "PolicyDocument"}, &error)) return error;
  std::string policy_name = r.Param("PolicyName");
  if (!IsValidIamName(policy_name, 128)) {
    return Validation(r, ValidationMessage(policy_name, "policyName",
                                           "Member must satisfy regular expression pattern: "
                                           "[\\w+=,.@-]+"));
  }
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  std::string doc = r.Param("PolicyDocument");
  if (std::string e = ValidatePolicyDocument(doc, PolicyKind::kIdentity); !e.empty()) {
    return Err(r, 400, "MalformedPolicyDocument", e);
  }
  role->inline_policies[policy_name] = doc;
  return OkEmpty(r);
}

SandboxResponse IamService::GetRolePolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "PolicyName"}, &error)) return error;
  const IamRole* role = FindRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  auto it = role->inline_policies.find(r.Param("PolicyName"));
  if (it == role->inline_policies.end()) {
    return NoSuchEntity(r,
                        "The role policy with name " + r.Param("PolicyName") + " cannot be found.");
  }
  XmlBuilder x;
  x.Leaf("RoleName", role->name);
  x.Leaf("PolicyName", it->first);
  x.Leaf("PolicyDocument", UrlEncode(it->second));
  return Ok(r, x.str());
}

SandboxResponse IamService::ListRolePolicies(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  const IamRole* role = FindRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  std::vector<std::string> keys;
  for (const auto& [name, doc] : role->inline_policies) keys.push_back(name);
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Open("PolicyNames");
  for (size_t i = begin; i < end; ++i) x.Leaf("member", keys[i]);
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

SandboxResponse IamService::DeleteRolePolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "PolicyName"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  if (role->inline_policies.erase(r.Param("PolicyName")) == 0) {
    return NoSuchEntity(r,
                        "The role policy with name " + r.Param("PolicyName") + " cannot be found.");
  }
  return OkEmpty(r);
}

}  // namespace causeway::sandbox
