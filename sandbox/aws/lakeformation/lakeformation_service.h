// Lake Formation emulator (REST-JSON, botocore lakeformation 2017-03-31): every operation is a
// POST to /<Operation> with a JSON body.
//  - Registered data locations: RegisterResource, UpdateResource, DeregisterResource,
//    DescribeResource, ListResources (FilterConditionList on RESOURCE_ARN / ROLE_ARN, MaxResults /
//    NextToken). UseServiceLinkedRole registers with the Lake Formation service-linked role ARN,
//    which is what ListResources then reports as RoleArn (as AWS does).
//  - Permissions keyed by (DataLakePrincipalIdentifier, canonical Resource), each with a
//    Permissions set and a PermissionsWithGrantOption set: GrantPermissions, RevokePermissions,
//    BatchGrantPermissions, BatchRevokePermissions, ListPermissions (Principal / ResourceType /
//    Resource filters, MaxResults / NextToken).
//  - GetDataLakeSettings / PutDataLakeSettings.
// Checks as Lake Formation makes them: permissions must apply to the resource type; grant options
// must be held or granted permissions; a data location must lie under a registered location
// (else AccessDeniedException "Resource does not exist or requester is not authorized..."); a Glue
// database or table must exist when the Glue emulator is registered (asked through its own
// GetDatabase / GetTable wire operations, so no Glue header is needed). Revoking nothing fails
// with "No permissions revoked...". Errors: InvalidInputException, EntityNotFoundException,
// AlreadyExistsException (HTTP 400), as x-amzn-ErrorType plus a JSON body.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "sandbox/aws/aws_service.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

struct LfRegisteredResource {
  std::string resource_arn;
  std::string role_arn;  // the service-linked role ARN when registered with it
  std::chrono::system_clock::time_point last_modified;
};

struct LfGrant {
  std::string principal;
  Value resource;  // canonical (see lakeformation_model.h)
  std::set<std::string> permissions;
  std::set<std::string> grant_option;  // PermissionsWithGrantOption
};

class LakeFormationService : public AwsService {
 public:
  std::string name() const override { return "lakeformation"; }
  AwsProtocol protocol() const override { return AwsProtocol::kRestJson; }
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // The service-linked role Lake Formation uses for UseServiceLinkedRole registrations.
  static std::string ServiceLinkedRoleArn(const std::string& account_id);

 private:
  using Operations_ =
      OperationTable<LakeFormationService, const SandboxRequest&, const Value&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse RegisterResource(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse UpdateResource(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse DeregisterResource(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse DescribeResource(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse ListResources(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse GrantPermissions(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse RevokePermissions(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse BatchGrantPermissions(const SandboxRequest& r, const Value& body,
                                        SandboxContext& c);
  SandboxResponse BatchRevokePermissions(const SandboxRequest& r, const Value& body,
                                         SandboxContext& c);
  SandboxResponse GrantOrRevoke(const SandboxRequest& r, const Value& body, SandboxContext& c,
                                bool grant);
  SandboxResponse Batch(const SandboxRequest& r, const Value& body, SandboxContext& c, bool grant);
  SandboxResponse ListPermissions(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse GetDataLakeSettings(const SandboxRequest& r, const Value& body,
                                      SandboxContext& c);
  SandboxResponse PutDataLakeSettings(const SandboxRequest& r, const Value& body,
                                      SandboxContext& c);

  // Applies one grant or revoke entry. On failure returns the error code and sets *message.
  std::string ApplyEntry(const SandboxRequest& r, const Value& entry, SandboxContext& c, bool grant,
                         std::string* message);
  // "" when the resource exists (or cannot be checked); else the error code and *message.
  std::string CheckResourceExists(const SandboxRequest& r, const Value& canonical,
                                  SandboxContext& c, std::string* message) const;

  std::map<std::string, LfRegisteredResource> resources_;  // by ResourceArn
  std::map<std::string, LfGrant> grants_;                  // by principal + canonical resource
  Value settings_;                                         // DataLakeSettings
};

std::unique_ptr<SandboxService> NewLakeFormationService();

}  // namespace causeway::sandbox
