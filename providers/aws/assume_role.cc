// STS AssumeRole credentials with caching, and the credential-chain factory (see assume_role.h).
#include "providers/aws/assume_role.h"

#include <cstdio>
#include <ctime>

namespace causeway::aws {

Result<std::chrono::system_clock::time_point> ParseIso8601(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                  &second) != 6 ||
      month < 1 || month > 12 || day < 1 || day > 31) {
    return Status::InvalidArgument("not an ISO 8601 UTC time: \"" + text + "\"");
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

AssumeRoleCredentialProvider::AssumeRoleCredentialProvider(AssumeRoleConfig role,
                                                           std::shared_ptr<AwsClient> sts,
                                                           Clock* clock,
                                                           std::chrono::seconds refresh_before)
    : role_(std::move(role)),
      sts_(std::move(sts)),
      clock_(clock ? clock : RealClock()),
      refresh_before_(refresh_before) {}

std::string AssumeRoleCredentialProvider::Describe() const {
  return "assume_role " + role_.role_arn;
}

Result<Credentials> AssumeRoleCredentialProvider::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  if (have_ && clock_->Now() + refresh_before_ < expires_) return cached_;

  std::vector<std::pair<std::string, std::string>> params = {
      {"RoleArn", role_.role_arn},
      {"RoleSessionName", role_.session_name},
      {"DurationSeconds", std::to_string(role_.duration_seconds)},
  };
  if (!role_.external_id.empty()) params.emplace_back("ExternalId", role_.external_id);
  // AssumeRole creates nothing durable: retrying it after a timeout is harmless.
  auto doc = sts_->Query("sts", "AssumeRole", "2011-06-15", params, Idempotency::kIdempotent);
  if (!doc.ok()) {
    const Status& s = doc.status();
    std::string hint = s.code() == StatusCode::kPermissionDenied
                           ? " (check the role's trust policy allows the base credentials"
                             " and the external_id matches)"
                           : "";
    return Status(s.code(),
                  "provider aws: assume_role " + role_.role_arn + ": " + s.message() + hint,
                  s.provider_code());
  }
  pugi::xml_node c =
      (*doc)->child("AssumeRoleResponse").child("AssumeRoleResult").child("Credentials");
  Credentials out;
  out.access_key_id = c.child_value("AccessKeyId");
  out.secret_access_key = c.child_value("SecretAccessKey");
  out.session_token = c.child_value("SessionToken");
  std::string expiration = c.child_value("Expiration");
  if (out.access_key_id.empty() || out.secret_access_key.empty() || out.session_token.empty()) {
    return Status::ProviderError("provider aws: assume_role " + role_.role_arn +
                                 ": STS response has no Credentials");
  }
  auto expires = ParseIso8601(expiration);
  if (!expires.ok()) {
    return Status::ProviderError("provider aws: assume_role " + role_.role_arn +
                                 ": bad Expiration in STS response: " + expires.status().message());
  }
  cached_ = out;
  expires_ = *expires;
  have_ = true;
  return out;
}

Result<std::shared_ptr<CredentialProvider>> NewCredentialProvider(const CredentialConfig& config,
                                                                  const EnvLookup& env,
                                                                  AwsClientOptions sts_options,
                                                                  std::string* region_out) {
  CW_ASSIGN_OR_RETURN(CredentialSource source, ResolveCredentialSource(config, env));
  if (region_out != nullptr) *region_out = source.region;
  auto base = std::make_shared<StaticCredentialProvider>(source.credentials, source.description);
  if (!source.assume_role) return std::shared_ptr<CredentialProvider>(base);
  sts_options.credentials = base;
  sts_options.region = source.region.empty() ? "us-east-1" : source.region;
  Clock* clock = sts_options.clock;
  auto sts = std::make_shared<AwsClient>(std::move(sts_options));
  return std::shared_ptr<CredentialProvider>(
      std::make_shared<AssumeRoleCredentialProvider>(*source.assume_role, sts, clock));
}

}  // namespace causeway::aws
