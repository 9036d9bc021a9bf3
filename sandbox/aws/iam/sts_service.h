// STS emulator (Query protocol, Version=2011-06-15): AssumeRole and GetCallerIdentity.
// AssumeRole reads the role from the IAM emulator, evaluates its trust policy against the caller
// (Principal AWS: account id, account root ARN, role/user ARN, assumed-role session ARN or "*";
// Principal Service; Condition StringEquals/StringLike sts:ExternalId), honours the injected
// IAM consistency delay, and issues temporary credentials (ASIA... key, secret, session token,
// expiration) that the server then accepts until they expire.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sandbox/aws/aws_service.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/sigv4_auth.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

struct IamRole;

class StsService : public AwsService {
 public:
  std::string name() const override { return "sts"; }
  AwsProtocol protocol() const override { return AwsProtocol::kQuery; }
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  // STS calls do not change infrastructure (sessions are persisted through MarkDirty).
  bool IsMutating(const std::string&) const override { return false; }
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override { sessions_.clear(); }
  bool InAdminDump() const override { return false; }

  // The role `role_arn` if `caller` may assume it now: the role exists in the IAM emulator, its
  // trust policy allows sts:AssumeRole for `caller` with `condition_context` (e.g.
  // sts:ExternalId), and the injected IAM consistency delay since its trust last changed has
  // passed. nullptr otherwise. AssumeRole decides with it; so do other clouds' emulators that
  // assume roles as their own principals (Databricks validating external locations).
  const IamRole* AssumableRole(const std::string& role_arn, const TrustCaller& caller,
                               const std::map<std::string, std::string>& condition_context,
                               SandboxContext& context) const;

  // Temporary credentials by access key id; nullptr when unknown.
  const SessionCredentials* FindSession(const std::string& access_key_id) const;

 private:
  using Operations_ = OperationTable<StsService, const SandboxRequest&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse AssumeRole(const SandboxRequest& request, SandboxContext& context);
  SandboxResponse GetCallerIdentity(const SandboxRequest& request, SandboxContext& context);

  std::map<std::string, SessionCredentials> sessions_;  // by access key id
};

std::unique_ptr<SandboxService> NewStsService();

}  // namespace causeway::sandbox
