// ResolveSettings: block, then environment, then ~/.databrickscfg.
#include "providers/databricks/settings.h"

#include <INIReader.h>

#include <cstdlib>
#include <memory>

namespace causeway::databricks {
namespace {

constexpr char kWho[] = "providers.databricks";

std::string BlockString(const Value& block, const std::string& key) {
  if (!block.is_object() || !block.contains(key) || !block[key].is_string()) return "";
  return block[key].get<std::string>();
}

std::string NormalizeHost(std::string host) {
  if (host.empty()) return host;
  if (host.find("://") == std::string::npos) host = "https://" + host;
  while (!host.empty() && host.back() == '/') host.pop_back();
  return host;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<DatabricksSettings> ResolveSettings(const Value& block, const EnvLookup& env) {
  auto from_env = [&](const std::string& name) { return env(name).value_or(""); };
  DatabricksSettings s;
  std::string token_from;
  // 1. The block. `endpoint` (what the CLI sets for `endpoint: sandbox`) wins over `host`.
  s.host = BlockString(block, "endpoint");
  if (s.host.empty()) s.host = BlockString(block, "host");
  s.token = BlockString(block, "token");
  if (!s.token.empty()) token_from = "the token given with the endpoint";
  if (std::string var = BlockString(block, "token_env"); !var.empty() && s.token.empty()) {
    s.token = from_env(var);
    if (s.token.empty()) {
      return Status::PermissionDenied(std::string(kWho) + ".token_env names " + var +
                                      ", which is not set");
    }
    token_from = "personal access token from " + var;
  }
  s.client_id = BlockString(block, "client_id");
  if (std::string var = BlockString(block, "client_secret_env"); !var.empty()) {
    s.client_secret = from_env(var);
    if (s.client_secret.empty()) {
      return Status::PermissionDenied(std::string(kWho) + ".client_secret_env names " + var +
                                      ", which is not set");
    }
  }
  s.warehouse_id = BlockString(block, "warehouse_id");

  // 2. The environment.
  if (s.host.empty()) s.host = from_env("DATABRICKS_HOST");
  if (s.token.empty() && s.client_id.empty()) {
    s.token = from_env("DATABRICKS_TOKEN");
    if (!s.token.empty()) token_from = "personal access token from DATABRICKS_TOKEN";
  }
  if (s.token.empty() && s.client_id.empty()) s.client_id = from_env("DATABRICKS_CLIENT_ID");
  if (!s.client_id.empty() && s.client_secret.empty()) {
    s.client_secret = from_env("DATABRICKS_CLIENT_SECRET");
  }
  if (s.warehouse_id.empty()) s.warehouse_id = from_env("DATABRICKS_WAREHOUSE_ID");

  // 3. The profile, for what is still missing.
  std::string profile = BlockString(block, "profile");
  const bool named = !profile.empty() || env("DATABRICKS_CONFIG_PROFILE").has_value();
  if (profile.empty()) profile = from_env("DATABRICKS_CONFIG_PROFILE");
  if (profile.empty()) profile = "DEFAULT";
  std::string file = from_env("DATABRICKS_CONFIG_FILE");
  if (file.empty() && env("HOME")) file = *env("HOME") + "/.databrickscfg";
  const bool need_profile =
      s.host.empty() || (s.token.empty() && s.client_secret.empty()) || s.warehouse_id.empty();
  if (!file.empty() && (need_profile || named)) {
    auto ini = std::make_unique<INIReader>(file);
    int err = ini->ParseError();
    if (err > 0) {
      return Status::InvalidArgument(std::string(kWho) + ": " + file + " line " +
                                     std::to_string(err) + " is not valid INI; fix or remove it");
    }
    const bool present = err == 0 && ini->HasSection(profile);
    if (!present && named) {
      return Status::InvalidArgument(std::string(kWho) + ": profile '" + profile + "' is not in " +
                                     file);
    }
    if (present) {
      if (s.host.empty()) s.host = ini->Get(profile, "host", "");
      if (s.token.empty() && s.client_id.empty()) {
        s.token = ini->Get(profile, "token", "");
        if (!s.token.empty()) token_from = "personal access token of profile " + profile;
        s.client_id = ini->Get(profile, "client_id", "");
      }
      if (!s.client_id.empty() && s.client_secret.empty()) {
        s.client_secret = ini->Get(profile, "client_secret", "");
      }
      if (s.warehouse_id.empty()) s.warehouse_id = ini->Get(profile, "warehouse_id", "");
    }
  }

  s.host = NormalizeHost(s.host);
  if (s.host.empty()) {
    return Status::InvalidArgument(std::string(kWho) +
                                   ": no workspace host; set host in the block, DATABRICKS_HOST "
                                   "or a profile's host in ~/.databrickscfg");
  }
  if (!s.token.empty()) {
    s.source = token_from;
    s.client_id.clear();
    s.client_secret.clear();
  } else if (!s.client_id.empty() && !s.client_secret.empty()) {
    s.source = "OAuth client " + s.client_id;
  } else if (!s.client_id.empty()) {
    return Status::PermissionDenied(std::string(kWho) + ": client_id " + s.client_id +
                                    " has no secret; set client_secret_env, "
                                    "DATABRICKS_CLIENT_SECRET or the profile's client_secret");
  } else {
    return Status::PermissionDenied(std::string(kWho) +
                                    ": no credentials; set token_env (or DATABRICKS_TOKEN), "
                                    "client_id with client_secret_env, or a profile in "
                                    "~/.databrickscfg");
  }
  return s;
}

}  // namespace causeway::databricks
