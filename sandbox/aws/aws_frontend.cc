// AwsFrontend: routing by credential scope / X-Amz-Target / Action, SigV4, errors, replies.
#include "sandbox/aws/aws_frontend.h"

#include <algorithm>
#include <cctype>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/athena/athena_service.h"
#include "sandbox/aws/aws_chunked.h"
#include "sandbox/aws/errors.h"
#include "sandbox/aws/glue/glue_service.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/iam/sts_service.h"
#include "sandbox/aws/lakeformation/lakeformation_service.h"
#include "sandbox/aws/lambda/lambda_service.h"
#include "sandbox/aws/s3/s3_service.h"
#include "sandbox/aws/stepfunctions/sfn_service.h"
#include "sandbox/aws/s3tables/s3tables_service.h"
#include "sandbox/aws/unset_members.h"

namespace causeway::sandbox {

namespace {

std::map<std::string, std::string> KeysOrDefault(std::map<std::string, std::string> keys) {
  if (keys.empty()) keys = {{kDefaultAccessKey, kDefaultSecretKey}};
  return keys;
}

AuthInput AuthInputOf(const SandboxRequest& r) {
  return AuthInput{r.method, r.path, r.raw_query, r.headers, &r.body};
}

// The protocol of `service`, or Query when there is none (errors before routing).
AwsProtocol ProtocolOf(const SandboxService* service) {
  const auto* aws = dynamic_cast<const AwsService*>(service);
  return aws == nullptr ? AwsProtocol::kQuery : aws->protocol();
}

}  // namespace

AwsFrontend::AwsFrontend(AwsFrontendOptions options)
    : keys_(KeysOrDefault(options.access_keys)),
      authenticator_(keys_, kSandboxAccountId, options.max_clock_skew) {}

FrontendMatch AwsFrontend::Match(const SandboxRequest& request,
                                 const std::vector<const SandboxService*>& services) const {
  auto certain = [](std::string service, std::string region) {
    return FrontendMatch{MatchStrength::kCertain, std::move(service),
                         region.empty() ? kSandboxDefaultRegion : std::move(region)};
  };
  CredentialScope scope = FindCredentialScope(AuthInputOf(request));
  if (!scope.service.empty()) return certain(scope.service, scope.region);
  std::string target = request.Header("x-amz-target");
  if (!target.empty()) {
    std::string prefix = target.substr(0, target.find('.'));
    for (const SandboxService* s : services) {
      const auto* aws = dynamic_cast<const AwsService*>(s);
      if (aws != nullptr && !aws->target_prefix().empty() && aws->target_prefix() == prefix) {
        return certain(s->name(), "");
      }
    }
  }
  if (request.HasParam("Action")) {
    return certain(request.Param("Version") == "2011-06-15" ? "sts" : "iam", "");
  }
  bool has_s3 = std::any_of(services.begin(), services.end(),
                            [](const SandboxService* s) { return s->name() == "s3"; });
  return FrontendMatch{MatchStrength::kFallback, has_s3 ? "s3" : "iam", kSandboxDefaultRegion};
}

std::optional<SandboxResponse> AwsFrontend::Authenticate(SandboxRequest* request,
                                                         const SandboxService& service,
                                                         SandboxContext& context) const {
  auto* sts = dynamic_cast<StsService*>(context.FindService("sts"));
  Authenticator::SessionLookup lookup = [sts](const std::string& key) {
    return sts == nullptr ? nullptr : sts->FindSession(key);
  };
  AuthError error;
  if (authenticator_.Verify(AuthInputOf(*request), context.Now(), lookup, &request->principal,
                            &error)) {
    return std::nullopt;
  }
  return AuthErrorResponse(ProtocolOf(&service), error, request->request_id);
}

void AwsFrontend::Decode(SandboxRequest* request) const { DecodeAwsChunkedRequest(request); }

SandboxResponse AwsFrontend::FormatError(const SandboxRequest& request,
                                         const SandboxService* service,
                                         const ErrorReply& error) const {
  return ProtocolError(ProtocolOf(service), error.status, error.code, error.message,
                       request.request_id);
}

SandboxResponse AwsFrontend::Throttled(const SandboxRequest& request,
                                       const SandboxService& service) const {
  return ThrottlingError(ProtocolOf(&service), request.request_id);
}

void AwsFrontend::FinishReply(const SandboxRequest& request, const SandboxService* service,
                              const ReplyFaults& faults, SandboxResponse* response) const {
  AwsProtocol protocol = ProtocolOf(service);
  if (faults.null_unset_members && service != nullptr &&
      (protocol == AwsProtocol::kJson || protocol == AwsProtocol::kRestJson)) {
    NullUnsetMembersInReply(service->name(), request.operation, &response->body);
  }
  bool has_id = std::any_of(response->headers.begin(), response->headers.end(), [](const auto& h) {
    std::string name = Lower(h.first);
    return name == "x-amzn-requestid" || name == "x-amz-request-id";
  });
  if (!has_id) response->AddHeader("x-amzn-RequestId", request.request_id);
}

Value AwsFrontend::TestCredentials(const std::string& /*url*/) const {
  const auto& [key, secret] = *keys_.begin();
  return {{"access_key_id", key}, {"secret_access_key", secret}, {"region", kSandboxDefaultRegion}};
}

ToolSetup AwsFrontend::ToolSetupFor(const std::string& url) const {
  const auto& [key, secret] = *keys_.begin();
  ToolSetup setup;
  setup.environment = {{"AWS_ENDPOINT_URL", url},
                       {"AWS_ACCESS_KEY_ID", key},
                       {"AWS_SECRET_ACCESS_KEY", secret},
                       {"AWS_REGION", kSandboxDefaultRegion},
                       {"AWS_DEFAULT_REGION", kSandboxDefaultRegion}};
  setup.shell = {"unset AWS_SESSION_TOKEN AWS_PROFILE",
                 // awscli before 1.29 / 2.13 (Debian 12 ships 2.9) ignores AWS_ENDPOINT_URL.
                 "aws() { command aws --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"; }"};
  return setup;
}

Value AwsFrontend::HealthFields() const { return {{"account_id", kSandboxAccountId}}; }

void AddAwsCloud(SandboxServer* server, AwsFrontendOptions options) {
  server->AddFrontend(std::make_unique<AwsFrontend>(std::move(options)));
  server->AddService(NewIamService());
  server->AddService(NewStsService());
  server->AddService(NewS3Service());
  server->AddService(NewGlueService());
  server->AddService(NewLakeFormationService());
  server->AddService(NewAthenaService());
  server->AddService(NewSfnService());
  server->AddService(NewLambdaService());
  server->AddService(NewS3TablesService());
}

}  // namespace causeway::sandbox
