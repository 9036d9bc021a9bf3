// IAM emulator: managed policies and their versions.
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
  p.arn = "arn:aws:iam::" + std::string(kSandboxAccountId) + ":policy" + path + name;
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

}  // namespace causeway::sandbox
