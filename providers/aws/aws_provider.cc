// AwsProvider: the providers.aws block, credentials, the client and the caller's account.
#include "providers/aws/aws_provider.h"

#include "providers/aws/assume_role.h"
#include "providers/aws/credentials.h"
#include "providers/aws/undeclared_finder.h"
#include "providers/aws/value_checks.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws {

bool KindHandler::IsPropagationDelay(const Status& status) const {
  if (status.code() != StatusCode::kPermissionDenied &&
      status.code() != StatusCode::kInvalidArgument &&
      status.code() != StatusCode::kProviderError) {
    return false;
  }
  const std::string& m = status.message();
  return m.find("assume") != std::string::npos || m.find("AssumeRole") != std::string::npos;
}

AwsProvider::AwsProvider(AwsProviderOptions options) : options_(std::move(options)) {
  for (auto* make : {&MakeIamHandlers, &MakeS3Handlers, &MakeGlueHandlers,
                     &MakeLakeFormationHandlers, &MakeAthenaHandlers, &MakeSfnHandlers,
                     &MakeLambdaHandlers, &MakeS3TablesHandlers}) {
    AddHandlers(make());
  }
}

AwsProvider::~AwsProvider() = default;

Result<std::vector<Undeclared>> AwsProvider::undeclared(const std::vector<ObserveItem>& managed) {
  return FindUndeclared(*this, managed);
}

ProviderSettingsSchema AwsProvider::settings_schema() const {
  using kit::Attribute;
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("region").Describe("Region for regional services (default: the profile's, else us-east-1)"),
    Attribute("profile").Describe("Named profile in ~/.aws/config and ~/.aws/credentials"),
    Attribute("access_key_id_env").Describe("Environment variable holding the access key id"),
    Attribute("secret_access_key_env").Describe("Environment variable holding the secret key"),
    Attribute("session_token_env").Describe("Environment variable holding a session token"),
    Attribute("assume_role", AttrType::kObject).Describe("Role to assume with the base credentials")
        .Fields({Attribute("role_arn").Required().Describe("ARN of the role"),
                 Attribute("session_name").Describe("Session name (default causeway)"),
                 Attribute("external_id").Describe("External id the role's trust requires"),
                 Attribute("duration_seconds", AttrType::kInteger)
                     .Check(kit::IntegerBetween(900, 43200)).Describe("Session length, 900-43200")}),
    Attribute("endpoint").Describe("One base URL for every service, or \"sandbox\""),
    Attribute("access_key_id").Describe("Set by the CLI with `endpoint: sandbox`: the sandbox's test key"),
    Attribute("secret_access_key").Sensitive()
        .Describe("Set by the CLI with `endpoint: sandbox`; a manifest cannot hold a literal secret"),
    Attribute("endpoints", AttrType::kMap).Describe("Base URL per service: {s3: https://...}"),
    Attribute("refresh_mode").Check(kit::OneOfIgnoringCase({"bulk", "per-resource"}))
        .Describe("bulk (one list per container and kind) or per-resource"),
    Attribute("propagation_timeout_seconds", AttrType::kNumber)
        .Describe("How long steps retry errors from IAM changes that have not propagated (60)"),
    Attribute("ca_file").Describe("PEM bundle of certificate authorities to trust"),
  });
  // clang-format on
  return table.Schema("aws", "The AWS provider's settings");
}

Status AwsProvider::configure(const Value& config) {
  if (!config.is_object()) return Status::InvalidArgument("providers.aws must be a mapping");
  const ProviderSettingsSchema settings = settings_schema();
  for (auto it = config.begin(); it != config.end(); ++it) {
    if (settings.Find(it.key()) == nullptr) {
      return Status::InvalidArgument("providers.aws: unknown setting '" + it.key() + "'");
    }
  }
  std::string mode = config.value("refresh_mode", std::string("bulk"));
  if (mode != "bulk" && mode != "per-resource") {
    return Status::InvalidArgument("providers.aws.refresh_mode must be bulk or per-resource");
  }
  per_resource_ = mode == "per-resource";
  clock_ = options_.clock != nullptr ? options_.clock : RealClock();
  ctx_.clock = clock_;
  ctx_.log = &log();
  if (config.contains("propagation_timeout_seconds")) {
    if (!config["propagation_timeout_seconds"].is_number()) {
      return Status::InvalidArgument("providers.aws.propagation_timeout_seconds must be a number");
    }
    propagation_timeout_ = std::chrono::milliseconds(
        static_cast<int64_t>(config["propagation_timeout_seconds"].get<double>() * 1000));
  }
  HttpClient* http = options_.http;
  if (http == nullptr) {
    CurlOptions co;
    co.ca_file = config.value("ca_file", std::string());
    owned_http_ = NewCurlHttpClient(co);
    http = owned_http_.get();
  }

  AwsClientOptions co;
  co.http = http;
  co.clock = ctx_.clock;
  if (config.contains("secret_access_key") || config.contains("access_key_id")) {
    // Literal keys: only the CLI sets them (see aws_provider.h).
    if (!config.contains("access_key_id") || !config["access_key_id"].is_string() ||
        !config.contains("secret_access_key") || !config["secret_access_key"].is_string()) {
      return Status::InvalidArgument(
          "providers.aws: access_key_id comes only with secret_access_key, which the causeway "
          "CLI sets for the sandbox; name environment variables instead (access_key_id_env, "
          "secret_access_key_env)");
    }
    CW_ASSIGN_OR_RETURN(co.endpoints, ParseEndpoints(config));
    co.region = config.value("region", std::string("us-east-1"));
    co.credentials = std::make_shared<StaticCredentialProvider>(
        Credentials{config["access_key_id"].get<std::string>(),
                    config["secret_access_key"].get<std::string>(), ""},
        "the keys given with the endpoint");
  } else {
    CW_ASSIGN_OR_RETURN(co.endpoints, ParseEndpoints(config));
    CW_ASSIGN_OR_RETURN(CredentialConfig cc, ParseCredentialConfig(config));
    std::string region;
    AwsClientOptions sts = co;
    auto provider = NewCredentialProvider(cc, ProcessEnv(), sts, &region);
    if (!provider.ok()) return provider.status().WithContext("providers.aws");
    co.credentials = *provider;
    co.region = region.empty() ? "us-east-1" : region;
  }
  ctx_.region = co.region;
  client_ = std::make_unique<AwsClient>(co);
  ctx_.client = client_.get();

  // Who we are: the account id goes into ARNs, and bad or expired credentials fail here, before
  // anything is planned or changed.
  auto who = client_->Query("sts", "GetCallerIdentity", "2011-06-15", {});
  if (!who.ok()) {
    return Status(who.status().code(), "providers.aws: cannot use the configured credentials (" +
                                           co.credentials->Describe() +
                                           "): " + who.status().message() +
                                           "; check the keys, profile or session token");
  }
  pugi::xml_node id =
      (*who)->child("GetCallerIdentityResponse").child("GetCallerIdentityResult").child("Account");
  ctx_.account_id = id.text().as_string();
  configured_ = true;
  return Status::Ok();
}

}  // namespace causeway::aws
