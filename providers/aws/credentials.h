// AWS credentials the way AWS users expect them (botocore's chain, minus SSO/IMDS):
//   1. explicit env var names from the providers block (access_key_id_env, secret_access_key_env,
//      session_token_env);
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN — skipped when the providers
//      block names a `profile` (an explicit profile wins, as with `aws --profile`);
//   3. the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials), then the
//      config file (AWS_CONFIG_FILE or ~/.aws/config, `[profile x]` sections), for the profile
//      named by the block's `profile`, else AWS_PROFILE, else "default". A config profile with
//      role_arn + source_profile yields an assume-role step on top of the source profile's keys.
// Region: block `region`, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region.
// `assume_role` in the block ({role_arn, external_id, session_name, duration_seconds}) is applied
// on top of whichever base credentials were found (see assume_role.h).
// Files are parsed with inih's INIReader. Errors name the provider and what to fix, never a secret.
// Thread-safety: ResolveCredentialSource is a pure function of its inputs; CredentialProvider
// implementations are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "providers/aws_sigv4/sigv4.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::aws {

struct AssumeRoleConfig {
  std::string role_arn;
  std::string external_id;   // optional
  std::string session_name;  // default "causeway"
  int duration_seconds = 3600;
};

// The credential-related keys of the providers.aws block.
struct CredentialConfig {
  std::string access_key_id_env;
  std::string secret_access_key_env;
  std::string session_token_env;
  std::string profile;
  std::string region;
  std::optional<AssumeRoleConfig> assume_role;
};

// InvalidArgument naming the key for a malformed block (wrong types, assume_role without role_arn,
// duration out of 900..43200, a key env without its pair). Unknown keys are ignored here.
Result<CredentialConfig> ParseCredentialConfig(const Value& block);

// Environment lookup seam; nullopt when unset. Default: getenv.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

// Where the base credentials came from, plus any assume-role step still to perform.
struct CredentialSource {
  Credentials credentials;
  std::string description;  // "environment (AWS_ACCESS_KEY_ID)", "profile dev (~/.aws/credentials)"
  std::string region;       // resolved region; "" when none was configured anywhere
  std::optional<AssumeRoleConfig> assume_role;  // from the block, or from the profile
};

// Runs the chain. PermissionDenied (message says what to set) when nothing yields credentials;
// InvalidArgument for a named profile that does not exist or an unreadable/malformed file.
Result<CredentialSource> ResolveCredentialSource(const CredentialConfig& config,
                                                 const EnvLookup& env);

// Supplies credentials to signers; may refresh them (assume-role). Thread-safe.
class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // PermissionDenied / Unavailable / ProviderError when credentials cannot be obtained.
  virtual Result<Credentials> Get() = 0;
  // Where they come from, safe to print (never the secret).
  virtual std::string Describe() const = 0;
};

class StaticCredentialProvider : public CredentialProvider {
 public:
  StaticCredentialProvider(Credentials credentials, std::string description)
      : credentials_(std::move(credentials)), description_(std::move(description)) {}
  Result<Credentials> Get() override { return credentials_; }
  std::string Describe() const override { return description_; }

 private:
  Credentials credentials_;
  std::string description_;
};

}  // namespace causeway::aws
