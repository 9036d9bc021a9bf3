// IAM emulator: roles (create, get, list, update, delete) and role tags.
#include <algorithm>
#include <cctype>

#include "reconciler/core/ascii.h"
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

SandboxResponse IamService::CreateRole(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "AssumeRolePolicyDocument"}, &error)) return error;
  std::string name = r.Param("RoleName");
  if (!IsValidIamName(name, 64)) {
    return Validation(r, ValidationMessage(name, "roleName",
                                           "Member must satisfy regular expression pattern: "
                                           "[\\w+=,.@-]+"));
  }
  std::string path = r.HasParam("Path") ? r.Param("Path") : "/";
  if (!ValidPath(path)) return Validation(r, PathMessage());
  int max_session = 3600;
  if (r.HasParam("MaxSessionDuration")) {
    max_session = ParseInteger<int>(r.Param("MaxSessionDuration")).value_or(-1);
    if (max_session < 3600 || max_session > 43200) {
      return Validation(r, ValidationMessage(r.Param("MaxSessionDuration"), "maxSessionDuration",
                                             "Member must have value less than or equal to 43200"
                                             " and greater than or equal to 3600"));
    }
  }
  std::string description = r.Param("Description");
  if (description.size() > 1000) {
    return Validation(r, ValidationMessage(description, "description",
                                           "Member must have length less than or equal to 1000"));
  }
  Tags tags = KeyValueList(r, "Tags");
  if (std::string e = TagsError(tags); !e.empty()) return Validation(r, e);
  if (tags.size() > 50) {
    return Err(r, 409, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50.");
  }
  if (FindRole(name) != nullptr) {
    return Err(r, 409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
  }
  std::string doc = r.Param("AssumeRolePolicyDocument");
  if (std::string e = ValidatePolicyDocument(doc, PolicyKind::kTrust); !e.empty()) {
    return Err(r, 400, "MalformedPolicyDocument", e);
  }
  IamRole role;
  role.name = name;
  role.path = path;
  role.role_id = RandomId("AROA", 17);
  role.arn = "arn:aws:iam::" + std::string(kSandboxAccountId) + ":role" + path + name;
  role.description = description;
  role.assume_role_policy = doc;
  role.permissions_boundary = r.Param("PermissionsBoundary");
  role.max_session_duration = max_session;
  role.create_date = c.Now();
  role.trust_changed_at = role.create_date;
  role.tags = tags;
  IamRole& stored = roles_[Lower(name)] = role;
  XmlBuilder x;
  x.Open("Role");
  RoleXml(x, stored, /*with_tags=*/true, /*with_last_used=*/false);
  x.Close();
  return Ok(r, x.str());
}

SandboxResponse IamService::GetRole(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  const IamRole* role = FindRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  XmlBuilder x;
  x.Open("Role");
  RoleXml(x, *role, /*with_tags=*/true, /*with_last_used=*/true);
  x.Close();
  return Ok(r, x.str());
}

SandboxResponse IamService::ListRoles(const SandboxRequest& r, SandboxContext&) {
  std::string prefix = r.HasParam("PathPrefix") ? r.Param("PathPrefix") : "/";
  std::vector<std::string> keys;
  for (const auto& [k, role] : roles_) {
    if (role.path.rfind(prefix, 0) == 0) keys.push_back(k);
  }
  size_t begin, end;
  std::string next, error;
  if (!Paginate(keys, r, &begin, &end, &next, &error)) return Validation(r, error);
  XmlBuilder x;
  x.Open("Roles");
  for (size_t i = begin; i < end; ++i) {
    x.Open("member");
    RoleXml(x, roles_.at(keys[i]), /*with_tags=*/false, /*with_last_used=*/false);
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

SandboxResponse IamService::UpdateRole(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  if (r.HasParam("MaxSessionDuration")) {
    int v = ParseInteger<int>(r.Param("MaxSessionDuration")).value_or(-1);
    if (v < 3600 || v > 43200) {
      return Validation(r, ValidationMessage(r.Param("MaxSessionDuration"), "maxSessionDuration",
                                             "Member must have value less than or equal to 43200"
                                             " and greater than or equal to 3600"));
    }
    role->max_session_duration = v;
  }
  if (r.HasParam("Description")) role->description = r.Param("Description");
  return Ok(r, "");
}

SandboxResponse IamService::UpdateRoleDescription(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "Description"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  role->description = r.Param("Description");
  XmlBuilder x;
  x.Open("Role");
  RoleXml(x, *role, true, false);
  x.Close();
  return Ok(r, x.str());
}

SandboxResponse IamService::UpdateAssumeRolePolicy(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse error;
  if (!Require(r, {"RoleName", "PolicyDocument"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  std::string doc = r.Param("PolicyDocument");
  if (std::string e = ValidatePolicyDocument(doc, PolicyKind::kTrust); !e.empty()) {
    return Err(r, 400, "MalformedPolicyDocument", e);
  }
  role->assume_role_policy = doc;
  role->trust_changed_at = c.Now();
  return OkEmpty(r);
}

SandboxResponse IamService::DeleteRole(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  if (!role->inline_policies.empty()) {
    return Err(r, 409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
  }
  if (!role->attached_policy_arns.empty()) {
    return Err(r, 409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
  }
  roles_.erase(Lower(role->name));
  return OkEmpty(r);
}

SandboxResponse IamService::TagRole(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  return TagEntity(r, &role->tags, "TagsPerRole");
}

SandboxResponse IamService::UntagRole(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  IamRole* role = MutableRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  return UntagEntity(r, &role->tags);
}

SandboxResponse IamService::ListRoleTags(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"RoleName"}, &error)) return error;
  const IamRole* role = FindRole(r.Param("RoleName"));
  if (role == nullptr) return RoleNotFound(r, r.Param("RoleName"));
  return ListTagsPage(r, role->tags);  // in the order they were added
}

}  // namespace causeway::sandbox
