// The AWS credential chain: providers-block parsing, env vars, shared credentials/config files
// (see credentials.h).
#include "providers/aws/credentials.h"

#include <INIReader.h>

#include <cstdlib>

#include "reconciler/core/ascii.h"

namespace causeway::aws {

namespace {

constexpr char kWho[] = "provider aws";

Status Invalid(const std::string& what) {
  return Status::InvalidArgument(std::string(kWho) + ": " + what);
}

Result<std::string> StringKey(const Value& obj, const std::string& key, const std::string& where) {
  if (!obj.contains(key) || obj[key].is_null()) return std::string();
  if (!obj[key].is_string()) return Invalid(where + key + " must be a string");
  return obj[key].get<std::string>();
}

Result<AssumeRoleConfig> ParseAssumeRole(const Value& v) {
  if (!v.is_object()) {
    return Invalid(
        "assume_role must be a mapping with role_arn (and optionally external_id, "
        "session_name, duration_seconds)");
  }
  AssumeRoleConfig out;
  CW_ASSIGN_OR_RETURN(out.role_arn, StringKey(v, "role_arn", "assume_role."));
  CW_ASSIGN_OR_RETURN(out.external_id, StringKey(v, "external_id", "assume_role."));
  CW_ASSIGN_OR_RETURN(out.session_name, StringKey(v, "session_name", "assume_role."));
  if (out.role_arn.empty()) return Invalid("assume_role.role_arn is required");
  if (out.role_arn.rfind("arn:", 0) != 0) {
    return Invalid("assume_role.role_arn must be an ARN like arn:aws:iam::123456789012:role/name");
  }
  if (out.session_name.empty()) out.session_name = "causeway";
  if (v.contains("duration_seconds")) {
    const Value& d = v["duration_seconds"];
    long long secs = -1;
    if (d.is_number_integer()) {
      secs = d.get<long long>();
    } else if (d.is_string()) {
      secs = ParseInteger<long long>(d.get<std::string>()).value_or(-1);
    }
    if (secs < 900 || secs > 43200) {
      return Invalid("assume_role.duration_seconds must be an integer from 900 to 43200");
    }
    out.duration_seconds = static_cast<int>(secs);
  }
  return out;
}

std::string HomeDir(const EnvLookup& env) {
  auto home = env("HOME");
  return home ? *home : "";
}

std::string CredentialsPath(const EnvLookup& env) {
  if (auto p = env("AWS_SHARED_CREDENTIALS_FILE"); p && !p->empty()) return *p;
  return HomeDir(env) + "/.aws/credentials";
}

std::string ConfigPath(const EnvLookup& env) {
  if (auto p = env("AWS_CONFIG_FILE"); p && !p->empty()) return *p;
  return HomeDir(env) + "/.aws/config";
}

std::optional<std::string> NonEmpty(const EnvLookup& env, const std::string& name) {
  auto v = env(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// A parsed INI file; `present` is false when the file does not exist (which is fine).
struct IniFile {
  std::string path;
  std::unique_ptr<INIReader> reader;
  bool present = false;
};

Result<IniFile> LoadIni(const std::string& path) {
  IniFile f;
  f.path = path;
  f.reader = std::make_unique<INIReader>(path);
  int err = f.reader->ParseError();
  if (err == -1) return f;  // cannot open: treated as absent
  if (err != 0) {
    return Invalid(path + " line " + std::to_string(err) + ": not valid INI; fix or remove it");
  }
  f.present = true;
  return f;
}

std::string ConfigSection(const std::string& profile) {
  return profile == "default" ? "default" : "profile " + profile;
}

struct ProfileResult {
  bool found = false;
  Credentials credentials;
  std::string description;
  std::string region;
  std::optional<AssumeRoleConfig> assume_role;
};

// Static keys from one section; nullopt when the section has no aws_access_key_id.
Result<std::optional<Credentials>> KeysFrom(const IniFile& f, const std::string& section,
                                            const std::string& profile) {
  if (!f.present || !f.reader->HasValue(section, "aws_access_key_id")) {
    return std::optional<Credentials>();
  }
  Credentials c;
  c.access_key_id = f.reader->Get(section, "aws_access_key_id", "");
  c.secret_access_key = f.reader->Get(section, "aws_secret_access_key", "");
  c.session_token = f.reader->Get(section, "aws_session_token", "");
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Invalid("profile " + profile + " in " + f.path +
                   " needs both aws_access_key_id and aws_secret_access_key");
  }
  return std::optional<Credentials>(c);
}

Result<ProfileResult> ResolveProfile(const std::string& profile, const IniFile& creds,
                                     const IniFile& config, bool allow_role) {
  ProfileResult out;
  const std::string csec = ConfigSection(profile);
  if (config.present) out.region = config.reader->Get(csec, "region", "");
  CW_ASSIGN_OR_RETURN(auto from_creds, KeysFrom(creds, profile, profile));
  if (from_creds) {
    out.found = true;
    out.credentials = *from_creds;
    out.description = "profile " + profile + " (" + creds.path + ")";
    return out;
  }
  if (config.present && config.reader->HasValue(csec, "role_arn")) {
    if (!allow_role) {
      return Invalid("profile " + profile + " in " + config.path +
                     " is itself a role profile; chained role profiles are not supported: point "
                     "source_profile at a profile with keys");
    }
    std::string source = config.reader->Get(csec, "source_profile", "");
    if (source.empty()) {
      return Invalid("profile " + profile + " in " + config.path +
                     " has role_arn but no source_profile (credential_source is not supported)");
    }
    ProfileResult base;
    if (source == profile) {
      CW_ASSIGN_OR_RETURN(auto own, KeysFrom(config, csec, profile));
      if (own) {
        base.found = true;
        base.credentials = *own;
      }
    } else {
      CW_ASSIGN_OR_RETURN(base, ResolveProfile(source, creds, config, /*allow_role=*/false));
    }
    if (!base.found) {
      return Invalid("source_profile " + source + " of profile " + profile + " has no keys in " +
                     creds.path + " or " + config.path);
    }
    AssumeRoleConfig role;
    role.role_arn = config.reader->Get(csec, "role_arn", "");
    role.external_id = config.reader->Get(csec, "external_id", "");
    role.session_name = config.reader->Get(csec, "role_session_name", "causeway");
    role.duration_seconds =
        static_cast<int>(config.reader->GetInteger(csec, "duration_seconds", 3600));
    out.found = true;
    out.credentials = base.credentials;
    out.description = "profile " + profile + " (role " + role.role_arn + " from profile " + source +
                      ", " + config.path + ")";
    out.assume_role = role;
    return out;
  }
  CW_ASSIGN_OR_RETURN(auto from_config, KeysFrom(config, csec, profile));
  if (from_config) {
    out.found = true;
    out.credentials = *from_config;
    out.description = "profile " + profile + " (" + config.path + ")";
    return out;
  }
  if (config.present && (config.reader->HasValue(csec, "sso_start_url") ||
                         config.reader->HasValue(csec, "sso_session") ||
                         config.reader->HasValue(csec, "credential_process"))) {
    return Status::PermissionDenied(
        std::string(kWho) + ": profile " + profile + " in " + config.path +
        " uses SSO or credential_process, which Causeway does not run; export keys with "
        "`aws configure export-credentials --profile " +
        profile + " --format env`");
  }
  return out;
}

}  // namespace

Result<CredentialConfig> ParseCredentialConfig(const Value& block) {
  CredentialConfig c;
  if (block.is_null()) return c;
  if (!block.is_object()) return Invalid("the providers.aws block must be a mapping");
  CW_ASSIGN_OR_RETURN(c.access_key_id_env, StringKey(block, "access_key_id_env", ""));
  CW_ASSIGN_OR_RETURN(c.secret_access_key_env, StringKey(block, "secret_access_key_env", ""));
  CW_ASSIGN_OR_RETURN(c.session_token_env, StringKey(block, "session_token_env", ""));
  CW_ASSIGN_OR_RETURN(c.profile, StringKey(block, "profile", ""));
  CW_ASSIGN_OR_RETURN(c.region, StringKey(block, "region", ""));
  if (c.access_key_id_env.empty() != c.secret_access_key_env.empty()) {
    return Invalid("access_key_id_env and secret_access_key_env must be given together");
  }
  if (!c.session_token_env.empty() && c.access_key_id_env.empty()) {
    return Invalid("session_token_env needs access_key_id_env and secret_access_key_env");
  }
  if (block.contains("assume_role") && !block["assume_role"].is_null()) {
    CW_ASSIGN_OR_RETURN(AssumeRoleConfig role, ParseAssumeRole(block["assume_role"]));
    c.assume_role = role;
  }
  return c;
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<CredentialSource> ResolveCredentialSource(const CredentialConfig& config,
                                                 const EnvLookup& env) {
  CredentialSource out;
  out.assume_role = config.assume_role;

  CW_ASSIGN_OR_RETURN(IniFile creds, LoadIni(CredentialsPath(env)));
  CW_ASSIGN_OR_RETURN(IniFile cfg, LoadIni(ConfigPath(env)));

  std::string profile = config.profile;
  bool profile_named = !profile.empty();
  if (profile.empty()) {
    if (auto p = NonEmpty(env, "AWS_PROFILE")) {
      profile = *p;
      profile_named = true;
    } else if (auto d = NonEmpty(env, "AWS_DEFAULT_PROFILE")) {
      profile = *d;
      profile_named = true;
    } else {
      profile = "default";
    }
  }

  // Region first: it does not depend on which credential source wins.
  if (!config.region.empty()) {
    out.region = config.region;
  } else if (auto r = NonEmpty(env, "AWS_REGION")) {
    out.region = *r;
  } else if (auto dr = NonEmpty(env, "AWS_DEFAULT_REGION")) {
    out.region = *dr;
  } else if (cfg.present) {
    out.region = cfg.reader->Get(ConfigSection(profile), "region", "");
  }

  // 1. Explicit env var names from the block.
  if (!config.access_key_id_env.empty()) {
    auto id = NonEmpty(env, config.access_key_id_env);
    auto secret = NonEmpty(env, config.secret_access_key_env);
    if (!id || !secret) {
      return Status::PermissionDenied(
          std::string(kWho) + ": access_key_id_env/secret_access_key_env name " +
          config.access_key_id_env + " and " + config.secret_access_key_env +
          ", which must both be set in the environment");
    }
    out.credentials.access_key_id = *id;
    out.credentials.secret_access_key = *secret;
    if (!config.session_token_env.empty()) {
      auto token = NonEmpty(env, config.session_token_env);
      if (!token) {
        return Status::PermissionDenied(std::string(kWho) + ": session_token_env names " +
                                        config.session_token_env + ", which is not set");
      }
      out.credentials.session_token = *token;
    }
    out.description = "environment (" + config.access_key_id_env + ")";
    return out;
  }

  // 2. Standard env vars, unless the block names a profile explicitly.
  if (config.profile.empty()) {
    auto id = NonEmpty(env, "AWS_ACCESS_KEY_ID");
    auto secret = NonEmpty(env, "AWS_SECRET_ACCESS_KEY");
    if (id && secret) {
      out.credentials.access_key_id = *id;
      out.credentials.secret_access_key = *secret;
      if (auto token = NonEmpty(env, "AWS_SESSION_TOKEN")) out.credentials.session_token = *token;
      out.description = "environment (AWS_ACCESS_KEY_ID)";
      return out;
    }
    if (id || secret) {
      return Status::PermissionDenied(
          std::string(kWho) +
          ": only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is "
          "set; set both or unset both");
    }
  }

  // 3. Shared credentials and config files.
  CW_ASSIGN_OR_RETURN(ProfileResult p, ResolveProfile(profile, creds, cfg, /*allow_role=*/true));
  if (p.found) {
    out.credentials = p.credentials;
    out.description = p.description;
    if (out.region.empty()) out.region = p.region;
    if (p.assume_role) {
      if (out.assume_role) {
        return Invalid("profile " + profile +
                       " is a role profile and the providers block also "
                       "has assume_role; use one of them");
      }
      out.assume_role = p.assume_role;
    }
    return out;
  }
  if (profile_named) {
    return Invalid("profile " + profile + " not found in " + creds.path + " or " + cfg.path +
                   " (section [" + profile + "] or [" + ConfigSection(profile) + "])");
  }
  return Status::PermissionDenied(
      std::string(kWho) +
      ": no credentials found: set AWS_ACCESS_KEY_ID and "
      "AWS_SECRET_ACCESS_KEY, add a [default] profile to " +
      creds.path +
      ", set AWS_PROFILE, or name env vars with access_key_id_env/secret_access_key_env in the "
      "providers block");
}

}  // namespace causeway::aws
