// AwsFrontend: the AWS front end of causeway-sandbox. Claims requests that carry an AWS signal (a
// SigV4 credential scope in the Authorization header or a presigned X-Amz-Credential, an
// X-Amz-Target naming a registered JSON service, a Query-protocol Action) and routes them to the
// service the scope, target or action names; unsigned requests with no such signal fall back to
// S3 (REST-XML paths), as AWS's own endpoints would answer them. Authenticates with SigV4
// (sigv4_auth.h) against the configured keys and the STS emulator's sessions, decodes aws-chunked
// uploads, formats errors in each service's protocol (errors.h), stamps x-amzn-RequestId, and
// applies the null_unset_members reply fault to JSON replies (unset_members.h).
// Thread-safety: immutable after construction (see frontend.h).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "sandbox/aws/sigv4_auth.h"
#include "sandbox/core/frontend.h"
#include "sandbox/core/server.h"

namespace causeway::sandbox {

// The test credentials the sandbox accepts unless told otherwise.
inline constexpr char kDefaultAccessKey[] = "AKIDSANDBOXEXAMPLE";
inline constexpr char kDefaultSecretKey[] = "sandbox/secret/key/EXAMPLEKEY";

struct AwsFrontendOptions {
  // Long-term credentials accepted (access key -> secret). Empty: the default key pair.
  std::map<std::string, std::string> access_keys;
  std::chrono::seconds max_clock_skew{15 * 60};
};

class AwsFrontend : public Frontend {
 public:
  explicit AwsFrontend(AwsFrontendOptions options = {});

  std::string cloud() const override { return "aws"; }
  FrontendMatch Match(const SandboxRequest& request,
                      const std::vector<const SandboxService*>& services) const override;
  std::optional<SandboxResponse> Authenticate(SandboxRequest* request,
                                              const SandboxService& service,
                                              SandboxContext& context) const override;
  void Decode(SandboxRequest* request) const override;
  SandboxResponse FormatError(const SandboxRequest& request, const SandboxService* service,
                              const ErrorReply& error) const override;
  SandboxResponse Throttled(const SandboxRequest& request,
                            const SandboxService& service) const override;
  void FinishReply(const SandboxRequest& request, const SandboxService* service,
                   const ReplyFaults& faults, SandboxResponse* response) const override;
  // {"access_key_id", "secret_access_key", "region"}: the first configured key pair.
  Value TestCredentials(const std::string& url) const override;
  // AWS_ENDPOINT_URL, the keys and the region; plus an `aws` shell function passing
  // --endpoint-url, for awscli releases that ignore AWS_ENDPOINT_URL (before 1.29 / 2.13, such
  // as Debian 12's 2.9).
  ToolSetup ToolSetupFor(const std::string& url) const override;
  Value HealthFields() const override;

 private:
  std::map<std::string, std::string> keys_;
  Authenticator authenticator_;
};

// Registers the AWS front end and every AWS emulator (IAM, STS, S3, Glue, Lake Formation,
// Athena) with `server`, before Start().
void AddAwsCloud(SandboxServer* server, AwsFrontendOptions options = {});

}  // namespace causeway::sandbox
