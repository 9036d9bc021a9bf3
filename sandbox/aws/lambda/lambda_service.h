// Lambda emulator (REST-JSON, botocore lambda 2015-03-31): functions of package type Zip and
// their resource policies. Invoking is not emulated.
//  - CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions (Marker / MaxItems),
//    UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction (lambda_service.cc).
//  - AddPermission, RemovePermission, GetPolicy: the function's resource policy, one statement
//    per StatementId (lambda_policy.cc), and LambdaInvokeAuthority for the S3 emulator.
// Code: Code.ZipFile (base64 in the JSON body) or Code.S3Bucket/S3Key, read from the sandbox's S3
// emulator through ObjectStore; the bytes are kept in the state. CodeSha256 is base64 of the
// SHA-256 of the zip bytes and CodeSize its length, as Lambda computes them; a package that is
// not a zip archive (no "PK" signature) is refused as Lambda refuses it. Functions are Active at
// once, Version "$LATEST" only (a Qualifier other than $LATEST is ResourceNotFoundException).
// Checks as Lambda makes them: model constraints (name and role patterns, Runtime, MemorySize
// 128..10240, Timeout 1..900) answer ValidationException "1 validation error detected: ..." as
// Lambda's front end does; semantic problems answer InvalidParameterValueException (no code
// source, missing Runtime/Handler, a role Lambda cannot assume — the IAM emulator's trust policy
// for lambda.amazonaws.com, with the IAM consistency delay, so a role used right after it was
// created is refused as on AWS); ResourceNotFoundException (404), ResourceConflictException (409).
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sandbox/aws/aws_service.h"
#include "sandbox/aws/lambda/invoke_authority.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

struct LambdaFunction {
  Value config;      // FunctionConfiguration members as GetFunctionConfiguration answers them
  std::string code;  // the zip bytes
  Value policy;      // {"Version", "Id", "Statement": [...]}; null when no statement
};

class LambdaService : public AwsService, public LambdaInvokeAuthority {
 public:
  std::string name() const override { return "lambda"; }
  AwsProtocol protocol() const override { return AwsProtocol::kRestJson; }
  // From the method and the path under /2015-03-31/functions.
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  std::string WhyCannotInvoke(const std::string& function_arn, const std::string& service_principal,
                              const std::string& source_arn,
                              const std::string& source_account) const override;

  // The request's path parameters: {FunctionName} (decoded) and {StatementId}.
  struct PathArgs {
    std::string function;
    std::string statement_id;
  };

 private:
  using Operations_ = OperationTable<LambdaService, const SandboxRequest&, const PathArgs&,
                                     const Value&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse CreateFunction(const SandboxRequest& r, const PathArgs& p, const Value& body,
                                 SandboxContext& c);
  SandboxResponse GetFunction(const SandboxRequest& r, const PathArgs& p, const Value& body,
                              SandboxContext& c);
  SandboxResponse GetFunctionConfiguration(const SandboxRequest& r, const PathArgs& p,
                                           const Value& body, SandboxContext& c);
  SandboxResponse ListFunctions(const SandboxRequest& r, const PathArgs& p, const Value& body,
                                SandboxContext& c);
  SandboxResponse UpdateFunctionCode(const SandboxRequest& r, const PathArgs& p, const Value& body,
                                     SandboxContext& c);
  SandboxResponse UpdateFunctionConfiguration(const SandboxRequest& r, const PathArgs& p,
                                              const Value& body, SandboxContext& c);
  SandboxResponse DeleteFunction(const SandboxRequest& r, const PathArgs& p, const Value& body,
                                 SandboxContext& c);
  // lambda_policy.cc
  SandboxResponse AddPermission(const SandboxRequest& r, const PathArgs& p, const Value& body,
                                SandboxContext& c);
  SandboxResponse RemovePermission(const SandboxRequest& r, const PathArgs& p, const Value& body,
                                   SandboxContext& c);
  SandboxResponse GetPolicy(const SandboxRequest& r, const PathArgs& p, const Value& body,
                            SandboxContext& c);

  // The function `name_or_arn` names (name, partial or full ARN, with an optional :$LATEST), or
  // nullptr with `*error` set to ResourceNotFoundException (or a wrong qualifier's error).
  LambdaFunction* Find(const SandboxRequest& r, const std::string& name_or_arn,
                       SandboxResponse* error);
  const LambdaFunction* FindConst(const std::string& name_or_arn) const;
  // Reads Code / the UpdateFunctionCode body into *zip; "" or the error code with *message.
  std::string ReadCode(const Value& code, SandboxContext& c, std::string* zip,
                       std::string* message) const;
  // "" when Lambda can assume `role` now, else the message.
  std::string CheckRole(const std::string& role, SandboxContext& c) const;

  std::map<std::string, LambdaFunction> functions_;  // by FunctionName
};

// The function name in a FunctionName parameter (name, "123456789012:function:name" or
// "arn:aws:lambda:region:acct:function:name[:qualifier]") and its qualifier ("" when none).
void SplitLambdaFunctionName(const std::string& name_or_arn, std::string* name,
                             std::string* qualifier);

std::unique_ptr<SandboxService> NewLambdaService();

}  // namespace causeway::sandbox
