// IAM emulator: request handlers, XML shapes and state (de)serialisation.
#include "sandbox/aws/iam/iam_service.h"

#include <algorithm>
#include <cctype>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/core/util.h"
#include "sandbox/aws/xml.h"

namespace causeway::sandbox {

namespace {

using TimePoint = std::chrono::system_clock::time_point;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

SandboxResponse Err(const SandboxRequest& r, int status, const std::string& code,
                    const std::string& message) {
  return QueryError(status, code, message, r.request_id);
}
SandboxResponse NoSuchEntity(const SandboxRequest& r, const std::string& message) {
  return Err(r, 404, "NoSuchEntity", message);
}
SandboxResponse Validation(const SandboxRequest& r, const std::string& message) {
  return Err(r, 400, "ValidationError", message);
}
SandboxResponse Ok(const SandboxRequest& r, const std::string& result_xml) {
  return QueryResponse(r.operation, kIamXmlns, result_xml, r.request_id);
}
SandboxResponse OkEmpty(const SandboxRequest& r) {
  return QueryResponse(r.operation, kIamXmlns, "", r.request_id, /*with_result=*/false);
}
SandboxResponse RoleNotFound(const SandboxRequest& r, const std::string& name) {
  return NoSuchEntity(r, "The role with name " + name + " cannot be found.");
}

// Checks that the named parameters are present; returns the error response otherwise.
bool Require(const SandboxRequest& r, std::initializer_list<const char*> names,
             SandboxResponse* error) {
  for (const char* n : names) {
    if (!r.HasParam(n)) {
      std::string field = n;
      field[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(field[0])));
      *error = Validation(r, MissingValueMessage(field));
      return false;
    }
  }
  return true;
}

bool ValidPath(const std::string& path) {
  if (path.empty() || path.size() > 512 || path.front() != '/' || path.back() != '/') return false;
  return std::all_of(path.begin(), path.end(),
                     [](unsigned char c) { return c >= 0x21 && c <= 0x7e; });
}

std::string PathMessage() {
  return "The specified value for path is invalid. It must begin and end with / and contain only "
         "alphanumeric characters and/or / characters.";
}

void TagsXml(XmlBuilder& x, const Tags& tags) {
  x.Open("Tags");
  for (const auto& [k, v] : tags) {
    x.Open("member");
    x.Leaf("Key", k);
    x.Leaf("Value", v);
    x.Close();
  }
  x.Close();
}

void RoleXml(XmlBuilder& x, const IamRole& role, bool with_tags, bool with_last_used) {
  x.Leaf("Path", role.path);
  x.Leaf("RoleName", role.name);
  x.Leaf("RoleId", role.role_id);
  x.Leaf("Arn", role.arn);
  x.Leaf("CreateDate", Iso8601(role.create_date));
  x.Leaf("AssumeRolePolicyDocument", UrlEncode(role.assume_role_policy));
  x.LeafIfNotEmpty("Description", role.description);
  x.Leaf("MaxSessionDuration", std::to_string(role.max_session_duration));
  if (!role.permissions_boundary.empty()) {
    x.Open("PermissionsBoundary");
    x.Leaf("PermissionsBoundaryType", "Policy");
    x.Leaf("PermissionsBoundaryArn", role.permissions_boundary);
    x.Close();
  }
  if (with_tags && !role.tags.empty()) TagsXml(x, role.tags);
  if (with_last_used) x.Raw("<RoleLastUsed/>");
}

void PolicyXml(XmlBuilder& x, const IamPolicy& p, int attachments, bool with_tags) {
  x.Leaf("PolicyName", p.name);
  x.Leaf("PolicyId", p.policy_id);
  x.Leaf("Arn", p.arn);
  x.Leaf("Path", p.path);
  x.Leaf("DefaultVersionId", p.default_version_id);
  x.Leaf("AttachmentCount", std::to_string(attachments));
  x.Leaf("PermissionsBoundaryUsageCount", "0");
  x.Leaf("IsAttachable", "true");
  x.LeafIfNotEmpty("Description", p.description);
  x.Leaf("CreateDate", Iso8601(p.create_date));
  x.Leaf("UpdateDate", Iso8601(p.update_date));
  if (with_tags && !p.tags.empty()) TagsXml(x, p.tags);
}

void VersionXml(XmlBuilder& x, const IamPolicy& p, const IamPolicyVersion& v, bool with_doc) {
  if (with_doc) x.Leaf("Document", UrlEncode(v.document));
  x.Leaf("VersionId", v.version_id);
  x.Leaf("IsDefaultVersion", v.version_id == p.default_version_id ? "true" : "false");
  x.Leaf("CreateDate", Iso8601(v.create_date));
}

void PageTail(XmlBuilder& x, const std::string& next_marker) {
  x.Leaf("IsTruncated", next_marker.empty() ? "false" : "true");
  x.LeafIfNotEmpty("Marker", next_marker);
}

// Tags validation shared by CreateRole/TagRole/CreatePolicy.
std::string TagsError(const Tags& tags) {
  for (const auto& [k, v] : tags) {
    if (k.empty() || k.size() > 128) {
      return ValidationMessage(k, "tags.member.key",
                               "Member must have length less than or equal to 128");
    }
    if (v.size() > 256) {
      return ValidationMessage(v, "tags.member.value",
                               "Member must have length less than or equal to 256");
    }
  }
  return "";
}

void MergeTags(Tags* tags, const Tags& add) {
  for (const auto& [k, v] : add) {
    auto it =
        std::find_if(tags->begin(), tags->end(), [&](const auto& kv) { return kv.first == k; });
    if (it != tags->end()) {
      it->second = v;
    } else {
      tags->emplace_back(k, v);
    }
  }
}

// The tag operations shared by roles and managed policies. TagX merges the request's Tags into
// `tags` (a key given again replaces its value) within the quota of 50 that `quota` names;
// UntagX removes the request's TagKeys; ListXTags pages over `tags` in the given order.
SandboxResponse TagEntity(const SandboxRequest& r, Tags* tags, const std::string& quota) {
  Tags add = KeyValueList(r, "Tags");
  if (std::string e = TagsError(add); !e.empty()) return Validation(r, e);
  Tags merged = *tags;
  MergeTags(&merged, add);
  if (merged.size() > 50) {
    return Err(r, 409, "LimitExceeded", "Cannot exceed quota for " + quota + ": 50.");
  }
  *tags = std::move(merged);
  return OkEmpty(r);
}

SandboxResponse UntagEntity(const SandboxRequest& r, Tags* tags) {
  for (const auto& key : MemberList(r, "TagKeys")) {
    tags->erase(
        std::remove_if(tags->begin(), tags->end(), [&](const auto& kv) { return kv.first == key; }),
        tags->end());
  }
  return OkEmpty(r);
}

SandboxResponse ListTagsPage(const SandboxRequest& r, const Tags& tags) {
  // Page over positions (zero-padded so they sort) to keep the given order.
  std::vector<std::string> keys;
  char buf[32];
  for (size_t i = 0; i < tags.size(); ++i) {
    std::snprintf(buf, sizeof(buf), "%08zu", i);
    keys.push_back(buf);
  }
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Open("Tags");
  for (size_t i = begin; i < end; ++i) {
    x.Open("member");
    x.Leaf("Key", tags[i].first);
    x.Leaf("Value", tags[i].second);
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

bool IsAwsManaged(const std::string& arn) { return arn.rfind("arn:aws:iam::aws:policy/", 0) == 0; }

int64_t Millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

Value TagsJson(const Tags& tags) {
  Value out = Value::array();
  for (const auto& [k, v] : tags) out.push_back({{"Key", k}, {"Value", v}});
  return out;
}
Tags TagsFromJson(const Value& j) {
  Tags out;
  for (const auto& t : j)
    out.emplace_back(t.at("Key").get<std::string>(), t.at("Value").get<std::string>());
  return out;
}

}  // namespace

const std::map<std::string, IamService::Handler>& IamService::Handlers() {
  static const std::map<std::string, Handler> kHandlers = {
      {"CreateRole", &IamService::CreateRole},
      {"GetRole", &IamService::GetRole},
      {"ListRoles", &IamService::ListRoles},
      {"UpdateRole", &IamService::UpdateRole},
      {"UpdateRoleDescription", &IamService::UpdateRoleDescription},
      {"UpdateAssumeRolePolicy", &IamService::UpdateAssumeRolePolicy},
      {"DeleteRole", &IamService::DeleteRole},
      {"TagRole", &IamService::TagRole},
      {"UntagRole", &IamService::UntagRole},
      {"ListRoleTags", &IamService::ListRoleTags},
      {"PutRolePolicy", &IamService::PutRolePolicy},
      {"GetRolePolicy", &IamService::GetRolePolicy},
      {"ListRolePolicies", &IamService::ListRolePolicies},
      {"DeleteRolePolicy", &IamService::DeleteRolePolicy},
      {"CreatePolicy", &IamService::CreatePolicy},
      {"GetPolicy", &IamService::GetPolicy},
      {"DeletePolicy", &IamService::DeletePolicy},
      {"ListPolicies", &IamService::ListPolicies},
      {"CreatePolicyVersion", &IamService::CreatePolicyVersion},
      {"GetPolicyVersion", &IamService::GetPolicyVersion},
      {"ListPolicyVersions", &IamService::ListPolicyVersions},
      {"DeletePolicyVersion", &IamService::DeletePolicyVersion},
      {"SetDefaultPolicyVersion", &IamService::SetDefaultPolicyVersion},
      {"AttachRolePolicy", &IamService::AttachRolePolicy},
      {"DetachRolePolicy", &IamService::DetachRolePolicy},
      {"ListAttachedRolePolicies", &IamService::ListAttachedRolePolicies},
      {"GetAccountAuthorizationDetails", &IamService::GetAccountAuthorizationDetails},
      {"TagPolicy", &IamService::TagPolicy},
      {"UntagPolicy", &IamService::UntagPolicy},
      {"ListPolicyTags", &IamService::ListPolicyTags},
  };
  return kHandlers;
}

SandboxResponse IamService::Handle(const SandboxRequest& request, SandboxContext& context) {
  auto it = Handlers().find(request.operation);
  if (it == Handlers().end()) {
    return Err(request, 400, "InvalidAction",
               "Could not find operation " + request.operation + " for version 2010-05-08");
  }
  return (this->*(it->second))(request, context);
}

IamRole* IamService::MutableRole(const std::string& name) {
  auto it = roles_.find(Lower(name));
  return it == roles_.end() ? nullptr : &it->second;
}

const IamRole* IamService::FindRole(const std::string& role_name) const {
  auto it = roles_.find(Lower(role_name));
  return it == roles_.end() ? nullptr : &it->second;
}

const IamRole* IamService::FindRoleByArn(const std::string& arn) const {
  auto slash = arn.rfind('/');
  if (slash == std::string::npos) return nullptr;
  const IamRole* role = FindRole(arn.substr(slash + 1));
  return role != nullptr && role->arn == arn ? role : nullptr;
}

IamPolicy* IamService::MutablePolicy(const std::string& arn) {
  auto it = policies_.find(arn);
  return it == policies_.end() ? nullptr : &it->second;
}

int IamService::AttachmentCount(const std::string& policy_arn) const {
  int n = 0;
  for (const auto& [k, role] : roles_) {
    n += static_cast<int>(
        std::count(role.attached_policy_arns.begin(), role.attached_policy_arns.end(), policy_arn));
  }
  return n;
}

// ---- Roles ----

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
    try {
      max_session = std::stoi(r.Param("MaxSessionDuration"));
    } catch (...) {
      max_session = -1;
    }
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
  role.arn = "arn:aws:iam::" + c.AccountId() + ":role" + path + name;
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
    int v = -1;
    try {
      v = std::stoi(r.Param("MaxSessionDuration"));
    } catch (...) {
    }
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

// ---- Inline role policies ----

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

// ---- Managed policies ----

SandboxResponse IamService::CreatePolicy(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse error;
  if (!Require(r, {"PolicyName", "PolicyDocument"}, &error)) return error;
  std::string name = r.Param("PolicyName");
  if (!IsValidIamName(name, 128)) {
    return Validation(r, ValidationMessage(name, "policyName",
                                           "Member must satisfy regular expression pattern: "
                                           "[\\w+=,.@-]+"));
  }
  std::string path = r.HasParam("Path") ? r.Param("Path") : "/";
  if (!ValidPath(path)) return Validation(r, PathMessage());
  Tags tags = KeyValueList(r, "Tags");
  if (std::string e = TagsError(tags); !e.empty()) return Validation(r, e);
  for (const auto& [arn, p] : policies_) {
    if (Lower(p.name) == Lower(name)) {
      return Err(r, 409, "EntityAlreadyExists",
                 "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }
  }
  std::string doc = r.Param("PolicyDocument");
  if (std::string e = ValidatePolicyDocument(doc, PolicyKind::kIdentity); !e.empty()) {
    return Err(r, 400, "MalformedPolicyDocument", e);
  }
  IamPolicy p;
  p.name = name;
  p.path = path;
  p.policy_id = RandomId("ANPA", 17);
  p.arn = "arn:aws:iam::" + c.AccountId() + ":policy" + path + name;
  p.description = r.Param("Description");
  p.create_date = p.update_date = c.Now();
  p.versions[1] = IamPolicyVersion{"v1", doc, p.create_date};
  p.tags = tags;
  IamPolicy& stored = policies_[p.arn] = p;
  XmlBuilder x;
  x.Open("Policy");
  PolicyXml(x, stored, 0, /*with_tags=*/true);
  x.Close();
  return Ok(r, x.str());
}

SandboxResponse IamService::GetPolicy(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  const IamPolicy* p = MutablePolicy(arn);
  IamPolicy aws_managed;
  if (p == nullptr && IsAwsManaged(arn)) {
    // AWS managed policies exist in every account; synthesise a stable record.
    aws_managed.arn = arn;
    aws_managed.name = arn.substr(arn.rfind('/') + 1);
    aws_managed.path =
        arn.substr(std::string("arn:aws:iam::aws:policy").size(),
                   arn.rfind('/') + 1 - std::string("arn:aws:iam::aws:policy").size());
    aws_managed.policy_id = "ANPA" + Lower(Sha256Hex(arn)).substr(0, 17);
    std::transform(aws_managed.policy_id.begin(), aws_managed.policy_id.end(),
                   aws_managed.policy_id.begin(), ::toupper);
    aws_managed.create_date = aws_managed.update_date = TimePoint{};
    (void)c;
    p = &aws_managed;
  }
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  XmlBuilder x;
  x.Open("Policy");
  PolicyXml(x, *p, AttachmentCount(arn), /*with_tags=*/true);
  x.Close();
  return Ok(r, x.str());
}

SandboxResponse IamService::DeletePolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  if (AttachmentCount(arn) > 0) {
    return Err(r, 409, "DeleteConflict", "Cannot delete a policy attached to entities.");
  }
  if (p->versions.size() > 1) {
    return Err(r, 409, "DeleteConflict",
               "This policy has more than one version. Before you delete a policy, you must "
               "delete the policy's versions. The default version is deleted with the policy.");
  }
  policies_.erase(arn);
  return OkEmpty(r);
}

SandboxResponse IamService::ListPolicies(const SandboxRequest& r, SandboxContext&) {
  std::string scope = r.HasParam("Scope") ? r.Param("Scope") : "All";
  if (scope != "All" && scope != "AWS" && scope != "Local") {
    return Validation(
        r,
        ValidationMessage(scope, "scope", "Member must satisfy enum value set: [All, AWS, Local]"));
  }
  std::string prefix = r.HasParam("PathPrefix") ? r.Param("PathPrefix") : "/";
  bool only_attached = r.Param("OnlyAttached") == "true";
  std::vector<std::string> keys;
  if (scope != "AWS") {  // the sandbox knows no AWS managed policies unless attached
    for (const auto& [arn, p] : policies_) {
      if (p.path.rfind(prefix, 0) != 0) continue;
      if (only_attached && AttachmentCount(arn) == 0) continue;
      keys.push_back(arn);
    }
  }
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Open("Policies");
  for (size_t i = begin; i < end; ++i) {
    x.Open("member");
    PolicyXml(x, policies_.at(keys[i]), AttachmentCount(keys[i]), /*with_tags=*/false);
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

SandboxResponse IamService::CreatePolicyVersion(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn", "PolicyDocument"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  std::string doc = r.Param("PolicyDocument");
  if (std::string e = ValidatePolicyDocument(doc, PolicyKind::kIdentity); !e.empty()) {
    return Err(r, 400, "MalformedPolicyDocument", e);
  }
  if (p->versions.size() >= 5) {
    return Err(r, 409, "LimitExceeded",
               "A managed policy can have up to 5 versions. Before you create a new version, you "
               "must delete an existing version.");
  }
  int n = p->next_version++;
  IamPolicyVersion v{"v" + std::to_string(n), doc, c.Now()};
  p->versions[n] = v;
  p->update_date = v.create_date;
  if (r.Param("SetAsDefault") == "true") p->default_version_id = v.version_id;
  XmlBuilder x;
  x.Open("PolicyVersion");
  VersionXml(x, *p, v, /*with_doc=*/false);
  x.Close();
  return Ok(r, x.str());
}

namespace {
int VersionNumber(const std::string& id) {
  if (id.size() < 2 || id[0] != 'v') return -1;
  try {
    return std::stoi(id.substr(1));
  } catch (...) {
    return -1;
  }
}
}  // namespace

SandboxResponse IamService::GetPolicyVersion(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn", "VersionId"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  auto it = p->versions.find(VersionNumber(r.Param("VersionId")));
  if (it == p->versions.end()) {
    return NoSuchEntity(r, "Policy " + arn + " version " + r.Param("VersionId") +
                               " does not exist or is not attachable.");
  }
  XmlBuilder x;
  x.Open("PolicyVersion");
  VersionXml(x, *p, it->second, /*with_doc=*/true);
  x.Close();
  return Ok(r, x.str());
}

SandboxResponse IamService::ListPolicyVersions(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  // Newest first, as IAM lists them; keys are zero-padded inverted numbers so they sort that way.
  std::vector<std::string> keys;
  std::map<std::string, int> by_key;
  char buf[32];
  for (const auto& [n, v] : p->versions) {
    std::snprintf(buf, sizeof(buf), "%08d", 99999999 - n);
    keys.push_back(buf);
    by_key[buf] = n;
  }
  std::sort(keys.begin(), keys.end());
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Open("Versions");
  for (size_t i = begin; i < end; ++i) {
    x.Open("member");
    VersionXml(x, *p, p->versions.at(by_key[keys[i]]), /*with_doc=*/false);
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

SandboxResponse IamService::DeletePolicyVersion(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn", "VersionId"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  std::string id = r.Param("VersionId");
  auto it = p->versions.find(VersionNumber(id));
  if (it == p->versions.end()) {
    return NoSuchEntity(r, "Policy " + arn + " version " + id + " does not exist.");
  }
  if (id == p->default_version_id) {
    return Err(r, 409, "DeleteConflict", "Cannot delete the default version of a policy.");
  }
  p->versions.erase(it);
  return OkEmpty(r);
}

SandboxResponse IamService::SetDefaultPolicyVersion(const SandboxRequest& r, SandboxContext& c) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn", "VersionId"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  std::string id = r.Param("VersionId");
  if (p->versions.count(VersionNumber(id)) == 0) {
    return NoSuchEntity(r, "Policy " + arn + " version " + id + " does not exist.");
  }
  p->default_version_id = id;
  p->update_date = c.Now();
  return OkEmpty(r);
}

// ---- Attachments ----

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

// ---- Managed policy tags ----

SandboxResponse IamService::TagPolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  return TagEntity(r, &p->tags, "TagsPerPolicy");
}

SandboxResponse IamService::UntagPolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  return UntagEntity(r, &p->tags);
}

SandboxResponse IamService::ListPolicyTags(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  Tags sorted = p->tags;  // sorted by key, as IAM documents for ListPolicyTags
  std::sort(sorted.begin(), sorted.end());
  return ListTagsPage(r, sorted);
}

// ---- State ----

Value IamService::Dump() const {
  Value roles = Value::object();
  for (const auto& [k, role] : roles_) {
    Value inl = Value::object();
    for (const auto& [n, d] : role.inline_policies) inl[n] = d;
    roles[role.name] = {
        {"RoleName", role.name},
        {"Path", role.path},
        {"RoleId", role.role_id},
        {"Arn", role.arn},
        {"Description", role.description},
        {"AssumeRolePolicyDocument", role.assume_role_policy},
        {"PermissionsBoundary", role.permissions_boundary},
        {"MaxSessionDuration", role.max_session_duration},
        {"CreateDateMs", Millis(role.create_date)},
        {"TrustChangedAtMs", Millis(role.trust_changed_at)},
        {"Tags", TagsJson(role.tags)},
        {"InlinePolicies", inl},
        {"AttachedPolicies", role.attached_policy_arns},
    };
  }
  Value policies = Value::object();
  for (const auto& [arn, p] : policies_) {
    Value versions = Value::array();
    for (const auto& [n, v] : p.versions) {
      versions.push_back({{"VersionId", v.version_id},
                          {"Document", v.document},
                          {"CreateDateMs", Millis(v.create_date)}});
    }
    policies[arn] = {{"PolicyName", p.name},
                     {"Path", p.path},
                     {"PolicyId", p.policy_id},
                     {"Arn", p.arn},
                     {"Description", p.description},
                     {"CreateDateMs", Millis(p.create_date)},
                     {"UpdateDateMs", Millis(p.update_date)},
                     {"DefaultVersionId", p.default_version_id},
                     {"NextVersion", p.next_version},
                     {"Versions", versions},
                     {"Tags", TagsJson(p.tags)}};
  }
  return {{"roles", roles}, {"policies", policies}};
}

Status IamService::Load(const Value& state) {
  Reset();
  try {
    if (state.contains("roles")) {
      for (const auto& [name, j] : state.at("roles").items()) {
        IamRole role;
        role.name = j.at("RoleName").get<std::string>();
        role.path = j.at("Path").get<std::string>();
        role.role_id = j.at("RoleId").get<std::string>();
        role.arn = j.at("Arn").get<std::string>();
        role.description = j.value("Description", "");
        role.assume_role_policy = j.at("AssumeRolePolicyDocument").get<std::string>();
        role.permissions_boundary = j.value("PermissionsBoundary", "");
        role.max_session_duration = j.value("MaxSessionDuration", 3600);
        role.create_date = FromMillis(j.at("CreateDateMs").get<int64_t>());
        role.trust_changed_at = FromMillis(j.value("TrustChangedAtMs", int64_t{0}));
        role.tags = TagsFromJson(j.value("Tags", Value::array()));
        const Value inline_policies = j.value("InlinePolicies", Value::object());
        for (auto it = inline_policies.begin(); it != inline_policies.end(); ++it) {
          role.inline_policies[it.key()] = it.value().get<std::string>();
        }
        role.attached_policy_arns =
            j.value("AttachedPolicies", Value::array()).get<std::vector<std::string>>();
        roles_[Lower(role.name)] = role;
      }
    }
    if (state.contains("policies")) {
      for (const auto& [arn, j] : state.at("policies").items()) {
        IamPolicy p;
        p.name = j.at("PolicyName").get<std::string>();
        p.path = j.at("Path").get<std::string>();
        p.policy_id = j.at("PolicyId").get<std::string>();
        p.arn = j.at("Arn").get<std::string>();
        p.description = j.value("Description", "");
        p.create_date = FromMillis(j.at("CreateDateMs").get<int64_t>());
        p.update_date = FromMillis(j.at("UpdateDateMs").get<int64_t>());
        p.default_version_id = j.at("DefaultVersionId").get<std::string>();
        p.next_version = j.at("NextVersion").get<int>();
        for (const auto& v : j.at("Versions")) {
          IamPolicyVersion pv{v.at("VersionId").get<std::string>(),
                              v.at("Document").get<std::string>(),
                              FromMillis(v.at("CreateDateMs").get<int64_t>())};
          p.versions[VersionNumber(pv.version_id)] = pv;
        }
        p.tags = TagsFromJson(j.value("Tags", Value::array()));
        policies_[p.arn] = p;
      }
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("iam state: ") + e.what());
  }
  return Status::Ok();
}

void IamService::Reset() {
  roles_.clear();
  policies_.clear();
}

std::unique_ptr<SandboxService> NewIamService() { return std::make_unique<IamService>(); }

}  // namespace causeway::sandbox
