// IAM emulator: the dispatch table, lookups for other emulators and the shared entity lookups.
// The operations live in one file per section (iam_roles.cc, iam_role_policies.cc,
// iam_managed_policies.cc, iam_attachments.cc, iam_policy_tags.cc, iam_state.cc).
#include "sandbox/aws/iam/iam_service.h"

#include <algorithm>
#include <cctype>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_shapes.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

using namespace iam;  // NOLINT: the IAM emulator's own shapes

const IamService::Operations_& IamService::Table() {
  static const Operations_ kHandlers = {
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

std::vector<std::string> IamService::Operations() const { return Table().Operations(); }

SandboxResponse IamService::Handle(const SandboxRequest& request, SandboxContext& context) {
  auto handler = Table().Find(request.operation);
  if (handler == nullptr) {
    return Err(request, 400, "InvalidAction",
               "Could not find operation " + request.operation + " for version 2010-05-08");
  }
  return (this->*handler)(request, context);
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

}  // namespace causeway::sandbox
