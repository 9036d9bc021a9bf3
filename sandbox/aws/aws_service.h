// AwsService: the base of every AWS emulator (IAM, STS, S3, Glue, Lake Formation, Athena): its
// wire protocol (botocore metadata.protocol), which names the operation of a request and the
// format of its errors, and the account the AWS emulators share.
// Thread-safety: as SandboxService (sandbox/core/service.h).
#pragma once

#include <string>
#include <vector>

#include "sandbox/core/service.h"

namespace causeway::sandbox {

// The single AWS account the sandbox emulates, and the region of requests that name none.
inline constexpr const char* kSandboxAccountId = "123456789012";
inline constexpr const char* kSandboxDefaultRegion = "us-east-1";

// Wire protocol of an AWS service (botocore metadata.protocol).
enum class AwsProtocol {
  kQuery,     // IAM, STS: form-encoded Action=..., XML responses, <ErrorResponse> errors
  kJson,      // Glue, Athena: JSON 1.1 with X-Amz-Target, {"__type": ...} errors
  kRestJson,  // Lake Formation: REST paths, JSON bodies, x-amzn-ErrorType errors
  kRestXml,   // S3: REST paths, XML bodies, <Error><Code>..</Code></Error> errors
};

class AwsService : public SandboxService {
 public:
  std::string cloud() const override { return "aws"; }
  virtual AwsProtocol protocol() const = 0;
  // For kJson services: the X-Amz-Target prefix before the '.', e.g. "AWSGlue", "AmazonAthena".
  // Empty for other protocols.
  virtual std::string target_prefix() const { return ""; }

  // Default: the X-Amz-Target suffix (kJson), the Action parameter (kQuery), or the last path
  // segment (kRestJson, e.g. "/GrantPermissions"). REST-XML services (S3) must override.
  std::string OperationName(const SandboxRequest& request) const override;
  // The operations the service implements (its OperationTable), sorted.
  virtual std::vector<std::string> Operations() const = 0;
};

}  // namespace causeway::sandbox
