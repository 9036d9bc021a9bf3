// Athena emulator (JSON 1.1, X-Amz-Target AmazonAthena.<Op>, botocore athena 2017-05-18):
// workgroups. CreateWorkGroup (Name, Description, Configuration, Tags), GetWorkGroup,
// ListWorkGroups (MaxResults <= 50, NextToken), UpdateWorkGroup (Description, State,
// ConfigurationUpdates incl. the Remove* flags), DeleteWorkGroup (RecursiveDeleteOption; the
// sandbox runs no queries, so a workgroup is always empty). The "primary" workgroup always exists
// and cannot be deleted. Every error is InvalidRequestException (HTTP 400) with Athena's wording:
// "WorkGroup <name> is not found.", "WorkGroup is already created", and "1 validation error
// detected: ..." for model constraint violations.
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

struct AthenaWorkGroup {
  std::string name;
  std::string state = "ENABLED";
  std::string description;
  Value configuration = Value::object();  // WorkGroupConfiguration as GetWorkGroup returns it
  std::chrono::system_clock::time_point creation_time;
  std::vector<std::pair<std::string, std::string>> tags;
};

class AthenaService : public AwsService {
 public:
  AthenaService();
  std::string name() const override { return "athena"; }
  AwsProtocol protocol() const override { return AwsProtocol::kJson; }
  std::string target_prefix() const override { return "AmazonAthena"; }
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // A workgroup by name; nullptr when missing.
  const AthenaWorkGroup* FindWorkGroup(const std::string& name) const;

 private:
  using Operations_ =
      OperationTable<AthenaService, const SandboxRequest&, const Value&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse CreateWorkGroup(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse GetWorkGroup(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse ListWorkGroups(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse UpdateWorkGroup(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse DeleteWorkGroup(const SandboxRequest& r, const Value& body, SandboxContext& c);
  void AddPrimary();

  std::map<std::string, AthenaWorkGroup> workgroups_;  // by name
};

std::unique_ptr<SandboxService> NewAthenaService();

}  // namespace causeway::sandbox
