// IAM emulator (Query protocol, Version=2010-05-08): roles, role tags, inline role policies,
// managed policies with their versions and tags, attachments, and GetAccountAuthorizationDetails.
// Responses follow the botocore model's output wrappers (<XResponse><XResult>..</XResult>
// <ResponseMetadata/></XResponse>); policy documents come back URL-encoded as IAM sends them;
// errors use IAM's codes (NoSuchEntity, EntityAlreadyExists, MalformedPolicyDocument,
// DeleteConflict, LimitExceeded, ValidationError, InvalidInput). List operations paginate with
// Marker/MaxItems/IsTruncated. Role names and policy names are unique case-insensitively.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/aws/aws_service.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

using Tags = std::vector<std::pair<std::string, std::string>>;  // in insertion order

struct IamRole {
  std::string name;
  std::string path = "/";
  std::string role_id;  // AROA...
  std::string arn;
  std::string description;
  std::string assume_role_policy;  // document text as given (not URL-encoded)
  std::string permissions_boundary;
  int max_session_duration = 3600;
  std::chrono::system_clock::time_point create_date;
  // When the role was created or its trust policy last changed (IAM eventual consistency).
  std::chrono::system_clock::time_point trust_changed_at;
  Tags tags;
  std::map<std::string, std::string> inline_policies;  // policy name -> document
  std::vector<std::string> attached_policy_arns;       // in attachment order
};

struct IamPolicyVersion {
  std::string version_id;  // "v1"
  std::string document;
  std::chrono::system_clock::time_point create_date;
};

struct IamPolicy {
  std::string name;
  std::string path = "/";
  std::string policy_id;  // ANPA...
  std::string arn;
  std::string description;
  std::chrono::system_clock::time_point create_date;
  std::chrono::system_clock::time_point update_date;
  std::string default_version_id = "v1";
  int next_version = 2;
  std::map<int, IamPolicyVersion> versions;  // by version number
  Tags tags;
};

class IamService : public AwsService {
 public:
  std::string name() const override { return "iam"; }
  AwsProtocol protocol() const override { return AwsProtocol::kQuery; }
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // Lookups for other emulators (STS, Glue). nullptr when missing. Names are case-insensitive.
  const IamRole* FindRole(const std::string& role_name) const;
  // By "arn:aws:iam::ACCOUNT:role/PATH/NAME"; the path must match too.
  const IamRole* FindRoleByArn(const std::string& arn) const;

 private:
  using Operations_ = OperationTable<IamService, const SandboxRequest&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse CreateRole(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetRole(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListRoles(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateRole(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateRoleDescription(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateAssumeRolePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeleteRole(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse TagRole(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UntagRole(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListRoleTags(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse PutRolePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetRolePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListRolePolicies(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeleteRolePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse CreatePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetPolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeletePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListPolicies(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse CreatePolicyVersion(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetPolicyVersion(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListPolicyVersions(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeletePolicyVersion(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse SetDefaultPolicyVersion(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse AttachRolePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DetachRolePolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListAttachedRolePolicies(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetAccountAuthorizationDetails(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse TagPolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UntagPolicy(const SandboxRequest& r, SandboxContext& c);
  SandboxResponse ListPolicyTags(const SandboxRequest& r, SandboxContext& c);

  IamRole* MutableRole(const std::string& name);
  IamPolicy* MutablePolicy(const std::string& arn);
  int AttachmentCount(const std::string& policy_arn) const;

  std::map<std::string, IamRole> roles_;       // by lower-cased name
  std::map<std::string, IamPolicy> policies_;  // by ARN
};

std::unique_ptr<SandboxService> NewIamService();

}  // namespace causeway::sandbox
