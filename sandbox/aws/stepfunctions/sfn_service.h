// Step Functions emulator (JSON 1.0, X-Amz-Target AWSStepFunctions.<Op>, botocore states
// 2016-11-23; service name "states", its signing name): state machines. CreateStateMachine
// (name, definition, roleArn, type STANDARD/EXPRESS, loggingConfiguration, tracingConfiguration,
// tags), DescribeStateMachine, ListStateMachines (maxResults 0..1000, 0 meaning 100; nextToken),
// UpdateStateMachine (definition, roleArn, loggingConfiguration, tracingConfiguration),
// DeleteStateMachine (a missing machine is fine, as on AWS), TagResource, ListTagsForResource.
// Machines are kept per region (the ARN holds it); runs are not emulated.
// Checks as AWS makes them: the definition is Amazon States Language (states_language.h,
// InvalidDefinition); names are 1-80 characters without whitespace, brackets, wildcards or
// "#%\^|~`$&,;:/ (InvalidName); ARNs of the right service and resource type (InvalidArn); the
// role must exist in the IAM emulator and trust states.amazonaws.com, and a role made or
// re-trusted less than the consistency delay ago is refused like a not-yet-propagated one
// (AccessDeniedException "Neither the global service principal states.amazonaws.com, nor the
// regional one is authorized to assume the provided role."); a logging level other than OFF
// needs exactly one CloudWatch Logs log-group ARN (InvalidLoggingConfiguration). Create is
// idempotent: the same name with the same definition, type, logging and tracing returns the
// existing machine; anything else is StateMachineAlreadyExists.
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

struct SfnStateMachine {
  std::string arn;
  std::string name;
  std::string definition;  // as given
  std::string role_arn;
  std::string type = "STANDARD";
  Value logging = Value::object();  // LoggingConfiguration as DescribeStateMachine returns it
  Value tracing = Value::object();  // TracingConfiguration likewise
  std::chrono::system_clock::time_point creation_date;
  std::vector<std::pair<std::string, std::string>> tags;
};

class SfnService : public AwsService {
 public:
  std::string name() const override { return "states"; }
  AwsProtocol protocol() const override { return AwsProtocol::kJson; }
  std::string target_prefix() const override { return "AWSStepFunctions"; }
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override { machines_.clear(); }

  // A state machine by ARN; nullptr when missing.
  const SfnStateMachine* FindStateMachine(const std::string& arn) const;

 private:
  using Operations_ =
      OperationTable<SfnService, const SandboxRequest&, const Value&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse CreateStateMachine(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse DescribeStateMachine(const SandboxRequest& r, const Value& body,
                                       SandboxContext& c);
  SandboxResponse ListStateMachines(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse UpdateStateMachine(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse DeleteStateMachine(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse TagResource(const SandboxRequest& r, const Value& body, SandboxContext& c);
  SandboxResponse ListTagsForResource(const SandboxRequest& r, const Value& body,
                                      SandboxContext& c);

  // "" when Step Functions could assume `role_arn`; otherwise the AccessDeniedException message.
  std::string CheckRole(const std::string& role_arn, SandboxContext& c) const;

  std::map<std::string, SfnStateMachine> machines_;  // by ARN
};

std::unique_ptr<SandboxService> NewSfnService();

}  // namespace causeway::sandbox
