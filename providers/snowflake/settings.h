// SnowflakeSettings: where the Snowflake provider finds its account, identity and credentials, in
// the order Snowflake's own tools (snow CLI, Python connector) read them:
//   1. the providers.snowflake block (`endpoint`, which the causeway CLI sets for the sandbox, wins
//      over `host`);
//   2. the named connection of connections.toml: the block's `connection`, else
//      SNOWFLAKE_DEFAULT_CONNECTION_NAME, else the file's `default_connection_name`, else
//      "default"; the file is $SNOWFLAKE_HOME/connections.toml (default ~/.snowflake); a key of
//      the connection may be overridden by SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>, as the snow CLI
//      does;
//   3. SNOWFLAKE_* variables (SNOWFLAKE_ACCOUNT, _USER, _ROLE, _WAREHOUSE, _HOST, _PORT,
//      _PROTOCOL, _PRIVATE_KEY_FILE, _PRIVATE_KEY_RAW, _PRIVATE_KEY_FILE_PWD, _TOKEN) for what is
//      still missing.
// Credentials are a key pair (a private key file or PEM text, optionally encrypted PKCS#8 whose
// passphrase comes from an environment variable) for key-pair JWT, or an OAuth access token (from
// an environment variable, a connection's `token` or `token_file_path`). Passwords are never used:
// the SQL API does not accept them. The TOML file is read with toml++ (libtomlplusplus-dev).
// Errors name what to set and never carry a secret.
// Thread-safety: ResolveSettings is a pure function of its inputs (and the files they name).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::snowflake {

// Environment lookup seam; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnvironment();

struct SnowflakeSettings {
  std::string base_url;  // scheme://host[:port], no trailing slash
  std::string account;   // account identifier as given ("myorg-acct", "xy12345.us-east-1")
  std::string user;
  std::string role;       // "" : the user's default role
  std::string warehouse;  // "" : the user's default warehouse
  // Key pair: the PEM text of the private key (possibly encrypted) and its passphrase.
  std::string private_key_pem;
  std::string private_key_passphrase;
  std::string oauth_token;  // set instead of a key for OAuth
  std::string source;       // where the credentials come from, safe to print
};

Result<SnowflakeSettings> ResolveSettings(const Value& block, const EnvLookup& env);

// The account part of a JWT's claims: the identifier up to its first '.' (a locator's region and
// cloud are left out), upper-cased.
std::string JwtAccount(const std::string& account);

}  // namespace causeway::snowflake
