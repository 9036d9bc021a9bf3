// DatabricksSettings: where the Databricks provider finds its workspace and credentials, in the
// order Databricks' own SDKs and CLI use (unified client authentication): the providers block
// first, then DATABRICKS_* environment variables, then a profile of ~/.databrickscfg
// (DATABRICKS_CONFIG_FILE to move it; the block's `profile`, else DATABRICKS_CONFIG_PROFILE, else
// DEFAULT). Credentials are a personal access token (token_env in the block, DATABRICKS_TOKEN,
// the profile's token) or OAuth machine-to-machine (client_id + client secret). The profile file
// is INI, read with inih as the AWS provider reads ~/.aws/config. Errors name what to set and
// never carry a secret.
// Thread-safety: ResolveSettings is a pure function of its inputs.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::databricks {

// Environment lookup seam; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnvironment();

struct DatabricksSettings {
  std::string host;   // scheme://host[:port], no trailing slash
  std::string token;  // personal access token, or "" with OAuth
  std::string client_id;
  std::string client_secret;
  std::string warehouse_id;  // SQL warehouse for statements ("" when none is configured)
  std::string source;        // where the credentials come from, safe to print
};

Result<DatabricksSettings> ResolveSettings(const Value& block, const EnvLookup& env);

}  // namespace causeway::databricks
