// ResolveSettings: block, then connections.toml, then SNOWFLAKE_* variables.
#include "providers/snowflake/settings.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

constexpr char kWho[] = "providers.snowflake";

std::string BlockString(const Value& block, const std::string& key) {
  if (!block.is_object() || !block.contains(key)) return "";
  const Value& v = block[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

// One connection of connections.toml as strings (integers and booleans spelled out).
using Connection = std::map<std::string, std::string>;

std::string NodeText(const toml::node& n) {
  if (auto s = n.value<std::string>(); s && n.is_string()) return *s;
  if (n.is_integer()) return std::to_string(*n.value<int64_t>());
  if (n.is_boolean()) return *n.value<bool>() ? "true" : "false";
  return "";
}

Result<toml::table> ParseToml(const std::string& file) {
  try {
    return toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(std::string(kWho) + ": " + file + " line " +
                                   std::to_string(e.source().begin.line) + " is not valid TOML (" +
                                   std::string(e.description()) + "); fix or remove it");
  }
}

std::string ExpandHome(const std::string& path, const EnvLookup& env) {
  if (path.rfind("~/", 0) == 0 && env("HOME")) return *env("HOME") + path.substr(1);
  return path;
}

Result<std::string> ReadFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::InvalidArgument(std::string(kWho) + ": cannot read " + what + " " + path +
                                   "; check the path and its permissions");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The connection `name` of `dir`/connections.toml with SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>
// overrides; nullopt when neither the file nor an override has it.
Result<std::optional<Connection>> LoadConnection(const std::string& dir, const std::string& name,
                                                 const EnvLookup& env, bool named) {
  Connection c;
  bool found = false;
  const std::string file = dir + "/connections.toml";
  std::error_code ec;
  if (!dir.empty() && std::filesystem::exists(file, ec)) {
    CW_ASSIGN_OR_RETURN(toml::table t, ParseToml(file));
    if (const toml::table* conn = t[name].as_table()) {
      found = true;
      for (const auto& [k, v] : *conn) c[std::string(k.str())] = NodeText(v);
    }
  }
  static const char* kKeys[] = {"account",
                                "user",
                                "role",
                                "warehouse",
                                "host",
                                "port",
                                "protocol",
                                "authenticator",
                                "private_key_file",
                                "private_key_path",
                                "private_key_raw",
                                "private_key_file_pwd",
                                "token",
                                "token_file_path"};
  for (const char* key : kKeys) {
    if (auto v = env("SNOWFLAKE_CONNECTIONS_" + Upper(name) + "_" + Upper(key))) {
      c[key] = *v;
      found = true;
    }
  }
  if (!found) {
    if (named) {
      return Status::InvalidArgument(std::string(kWho) + ": connection '" + name + "' is not in " +
                                     file);
    }
    return std::optional<Connection>();
  }
  return std::optional<Connection>(std::move(c));
}

std::string DefaultConnectionName(const std::string& dir) {
  for (const char* f : {"/connections.toml", "/config.toml"}) {
    std::error_code ec;
    if (dir.empty() || !std::filesystem::exists(dir + f, ec)) continue;
    try {
      toml::table t = toml::parse_file(dir + f);
      if (auto n = t["default_connection_name"].value<std::string>()) return *n;
    } catch (const toml::parse_error&) {
      // A broken file is reported when the connection is read from it.
    }
  }
  return "";
}

std::string Get(const Connection& c, const std::string& key) {
  auto it = c.find(key);
  return it == c.end() ? "" : it->second;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::string JwtAccount(const std::string& account) {
  return Upper(account.substr(0, account.find('.')));
}

Result<SnowflakeSettings> ResolveSettings(const Value& block, const EnvLookup& env) {
  auto from_env = [&](const std::string& name) { return env(name).value_or(""); };
  SnowflakeSettings s;
  // Layers, most specific first; each value is taken from the first layer that has it.
  std::string host, port, protocol, key_file, key_raw, key_pwd, token, token_from, key_from;

  // 1. The block.
  s.base_url = BlockString(block, "endpoint");
  host = BlockString(block, "host");
  s.account = BlockString(block, "account");
  s.user = BlockString(block, "user");
  s.role = BlockString(block, "role");
  s.warehouse = BlockString(block, "warehouse");
  key_file = BlockString(block, "private_key_file");
  if (!key_file.empty()) key_from = "private key file " + key_file;
  if (std::string var = BlockString(block, "private_key_env"); !var.empty()) {
    key_raw = from_env(var);
    if (key_raw.empty()) {
      return Status::PermissionDenied(std::string(kWho) + ".private_key_env names " + var +
                                      ", which is not set");
    }
    key_from = "private key from " + var;
  }
  if (std::string var = BlockString(block, "private_key_passphrase_env"); !var.empty()) {
    key_pwd = from_env(var);
    if (key_pwd.empty()) {
      return Status::PermissionDenied(std::string(kWho) + ".private_key_passphrase_env names " +
                                      var + ", which is not set");
    }
  }
  if (std::string var = BlockString(block, "token_env"); !var.empty()) {
    token = from_env(var);
    if (token.empty()) {
      return Status::PermissionDenied(std::string(kWho) + ".token_env names " + var +
                                      ", which is not set");
    }
    token_from = "OAuth token from " + var;
  }

  // 2. The named connection.
  std::string home = from_env("SNOWFLAKE_HOME");
  if (home.empty() && env("HOME")) home = *env("HOME") + "/.snowflake";
  std::string name = BlockString(block, "connection");
  bool named = !name.empty();
  if (name.empty()) name = from_env("SNOWFLAKE_DEFAULT_CONNECTION_NAME");
  if (!named && !name.empty()) named = true;
  if (name.empty()) name = DefaultConnectionName(home);
  if (!named && !name.empty()) named = true;
  if (name.empty()) name = "default";
  CW_ASSIGN_OR_RETURN(auto conn, LoadConnection(home, name, env, named));
  const bool have_credentials = !key_file.empty() || !key_raw.empty() || !token.empty();
  if (conn) {
    const Connection& c = *conn;
    auto fill = [&](std::string* field, const std::string& key) {
      if (field->empty()) *field = Get(c, key);
    };
    fill(&s.account, "account");
    fill(&s.user, "user");
    fill(&s.role, "role");
    fill(&s.warehouse, "warehouse");
    fill(&host, "host");
    fill(&port, "port");
    fill(&protocol, "protocol");
    if (!have_credentials) {
      std::string auth = Lower(Get(c, "authenticator"));
      key_file = Get(c, "private_key_file");
      if (key_file.empty()) key_file = Get(c, "private_key_path");
      key_raw = Get(c, "private_key_raw");
      if (!key_file.empty() || !key_raw.empty()) {
        key_from = "private key of connection " + name;
      } else if (auth == "oauth" || !Get(c, "token").empty() ||
                 !Get(c, "token_file_path").empty()) {
        token = Get(c, "token");
        if (token.empty() && !Get(c, "token_file_path").empty()) {
          CW_ASSIGN_OR_RETURN(token, ReadFile(ExpandHome(Get(c, "token_file_path"), env),
                                              "the token file of connection " + name));
          while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
        }
        if (!token.empty()) token_from = "OAuth token of connection " + name;
      }
      if (key_pwd.empty()) key_pwd = Get(c, "private_key_file_pwd");
    }
  }

  // 3. The environment.
  auto env_fill = [&](std::string* field, const std::string& var) {
    if (field->empty()) *field = from_env(var);
  };
  env_fill(&s.account, "SNOWFLAKE_ACCOUNT");
  env_fill(&s.user, "SNOWFLAKE_USER");
  env_fill(&s.role, "SNOWFLAKE_ROLE");
  env_fill(&s.warehouse, "SNOWFLAKE_WAREHOUSE");
  env_fill(&host, "SNOWFLAKE_HOST");
  env_fill(&port, "SNOWFLAKE_PORT");
  env_fill(&protocol, "SNOWFLAKE_PROTOCOL");
  if (key_file.empty() && key_raw.empty() && token.empty()) {
    key_file = from_env("SNOWFLAKE_PRIVATE_KEY_FILE");
    if (!key_file.empty()) key_from = "private key file from SNOWFLAKE_PRIVATE_KEY_FILE";
    if (key_file.empty()) {
      key_raw = from_env("SNOWFLAKE_PRIVATE_KEY_RAW");
      if (!key_raw.empty()) key_from = "private key from SNOWFLAKE_PRIVATE_KEY_RAW";
    }
    if (key_file.empty() && key_raw.empty()) {
      token = from_env("SNOWFLAKE_TOKEN");
      if (!token.empty()) token_from = "OAuth token from SNOWFLAKE_TOKEN";
    }
  }
  if (key_pwd.empty()) key_pwd = from_env("SNOWFLAKE_PRIVATE_KEY_FILE_PWD");
  if (key_pwd.empty()) key_pwd = from_env("PRIVATE_KEY_PASSPHRASE");  // SnowSQL's variable

  if (s.account.empty()) {
    return Status::InvalidArgument(std::string(kWho) +
                                   ": no account; set account in the block, a connection in "
                                   "~/.snowflake/connections.toml or SNOWFLAKE_ACCOUNT");
  }
  // The URL: `endpoint`, else host (with protocol and port), else the account's host.
  if (s.base_url.empty()) {
    if (host.empty()) host = Lower(s.account) + ".snowflakecomputing.com";
    if (host.find("://") != std::string::npos) {
      s.base_url = host;
    } else {
      s.base_url = (protocol.empty() ? "https" : Lower(protocol)) + "://" + host +
                   (port.empty() || host.find(':') != std::string::npos ? "" : ":" + port);
    }
  }
  while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();

  if (!token.empty()) {
    s.oauth_token = token;
    s.source = token_from;
    return s;
  }
  if (s.user.empty()) {
    return Status::InvalidArgument(std::string(kWho) +
                                   ": no user for key-pair authentication; set user in the block, "
                                   "the connection or SNOWFLAKE_USER");
  }
  if (!key_file.empty()) {
    CW_ASSIGN_OR_RETURN(s.private_key_pem, ReadFile(ExpandHome(key_file, env), "private key file"));
  } else if (!key_raw.empty()) {
    s.private_key_pem = key_raw;
  } else {
    return Status::PermissionDenied(
        std::string(kWho) +
        ": no credentials; set private_key_file (key-pair JWT, with private_key_passphrase_env for "
        "an encrypted key) or token_env (OAuth), a connection in ~/.snowflake/connections.toml, "
        "or SNOWFLAKE_PRIVATE_KEY_FILE; passwords are not accepted by the SQL API");
  }
  s.private_key_passphrase = key_pwd;
  s.source = key_from + " for " + Upper(s.user);
  return s;
}

}  // namespace causeway::snowflake
