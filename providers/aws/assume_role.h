// assume_role: temporary credentials from STS AssumeRole (Query API, version 2011-06-15), signed
// with base credentials, cached until shortly before they expire; and NewCredentialProvider, which
// assembles the whole chain (credentials.h) into one CredentialProvider.
// Thread-safety: AssumeRoleCredentialProvider::Get may be called from many threads; one refresh
// runs at a time and the others wait for it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "providers/aws/aws_client.h"
#include "providers/aws/credentials.h"

namespace causeway::aws {

class AssumeRoleCredentialProvider : public CredentialProvider {
 public:
  // `sts` is a client signed with the base credentials. Credentials are refreshed when fewer than
  // `refresh_before` remain.
  AssumeRoleCredentialProvider(AssumeRoleConfig role, std::shared_ptr<AwsClient> sts,
                               Clock* clock = nullptr,
                               std::chrono::seconds refresh_before = std::chrono::seconds(300));

  // Cached or fresh credentials. Errors keep STS's Status code (PermissionDenied for
  // AccessDenied, ...) with a message naming the role ARN and what to check.
  Result<Credentials> Get() override;
  std::string Describe() const override;

 private:
  AssumeRoleConfig role_;
  std::shared_ptr<AwsClient> sts_;
  Clock* clock_;
  std::chrono::seconds refresh_before_;
  std::mutex mu_;  // guards the cache below
  bool have_ = false;
  Credentials cached_;
  std::chrono::system_clock::time_point expires_{};
};

// Parses "2015-08-30T12:36:00Z" / "2015-08-30T12:36:00.123Z". InvalidArgument when malformed.
Result<std::chrono::system_clock::time_point> ParseIso8601(const std::string& text);

// Resolves the chain for `config` and wraps it in assume-role when configured. `sts_options`
// supplies transport, endpoints, clock and retry for the STS client (its credentials and region
// are filled in here; STS is called in the resolved region, us-east-1 when none). `region_out`
// receives the resolved region ("" when none). Errors as ResolveCredentialSource.
Result<std::shared_ptr<CredentialProvider>> NewCredentialProvider(const CredentialConfig& config,
                                                                  const EnvLookup& env,
                                                                  AwsClientOptions sts_options,
                                                                  std::string* region_out);

}  // namespace causeway::aws
