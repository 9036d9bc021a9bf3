// Where the Snowflake provider finds its account and credentials (providers/snowflake/settings.h):
// the block, then the named connection of connections.toml (SNOWFLAKE_HOME, overrides through
// SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>), then SNOWFLAKE_* variables; `endpoint` wins for the
// sandbox; errors say what to set and never show a secret.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "providers/snowflake/settings.h"
#include "tests/support/temp_dir.h"

namespace causeway::snowflake {
namespace {

constexpr char kPem[] =
    "-----BEGIN PRIVATE KEY-----\nnot-really-a-key\n-----END PRIVATE KEY-----\n";

class SettingsTest : public ::testing::Test {
 protected:
  EnvLookup Env() {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }
  void Connections(const std::string& text) {
    env_["SNOWFLAKE_HOME"] = dir_.path();
    dir_.Write("connections.toml", text);
  }
  testing::TempDir dir_;
  testing::TempDir home_;
  std::map<std::string, std::string> env_{{"HOME", home_.path()}};
};

TEST_F(SettingsTest, BlockWinsAndEndpointWinsOverHost) {
  std::string key = dir_.Write("block.p8", kPem);
  env_["SNOWFLAKE_ACCOUNT"] = "envacct";
  env_["SNOWFLAKE_PRIVATE_KEY_FILE"] = dir_.Write("env.p8", "other");
  auto s = ResolveSettings(Value{{"account", "myorg-acct"},
                                 {"user", "deployer"},
                                 {"role", "SYSADMIN"},
                                 {"host", "ignored.example.com"},
                                 {"endpoint", "http://127.0.0.1:4566/"},
                                 {"private_key_file", key}},
                           Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->base_url, "http://127.0.0.1:4566");
  EXPECT_EQ(s->account, "myorg-acct");
  EXPECT_EQ(s->role, "SYSADMIN");
  EXPECT_EQ(s->private_key_pem, kPem);
  EXPECT_EQ(s->source, "private key file " + key + " for DEPLOYER");
}

TEST_F(SettingsTest, AccountGivesTheDefaultHost) {
  env_["SNOWFLAKE_PRIVATE_KEY_RAW"] = kPem;
  auto s = ResolveSettings(Value{{"account", "MyOrg-Acct"}, {"user", "u"}}, Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->base_url, "https://myorg-acct.snowflakecomputing.com");
  EXPECT_EQ(s->source, "private key from SNOWFLAKE_PRIVATE_KEY_RAW for U");
}

TEST_F(SettingsTest, NamedConnectionFillsWhatTheBlockLacks) {
  std::string key = dir_.Write("conn.p8", kPem);
  Connections(
      "default_connection_name = \"dev\"\n[dev]\naccount = \"devacct\"\nuser = \"alice\"\n"
      "role = \"DEV_ROLE\"\nwarehouse = \"DEV_WH\"\nhost = \"localhost\"\nport = 8082\n"
      "protocol = \"http\"\nprivate_key_file = \"" +
      key +
      "\"\n"
      "[prod]\naccount = \"prodacct\"\nuser = \"bob\"\n");
  auto s = ResolveSettings(Value{{"warehouse", "BLOCK_WH"}}, Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->account, "devacct") << "default_connection_name picks dev";
  EXPECT_EQ(s->user, "alice");
  EXPECT_EQ(s->role, "DEV_ROLE");
  EXPECT_EQ(s->warehouse, "BLOCK_WH") << "the block wins";
  EXPECT_EQ(s->base_url, "http://localhost:8082");
  EXPECT_EQ(s->private_key_pem, kPem);
  EXPECT_EQ(s->source, "private key of connection dev for ALICE");
}

TEST_F(SettingsTest, DefaultConnectionLivesInHomeDotSnowflake) {
  std::filesystem::create_directories(home_.path() + "/.snowflake");
  home_.Write(".snowflake/connections.toml",
              "[default]\naccount = \"homeacct\"\nuser = \"u\"\ntoken = \"t\"\n");
  auto s = ResolveSettings(Value::object(), Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->account, "homeacct");
  EXPECT_EQ(s->source, "OAuth token of connection default");
}

TEST_F(SettingsTest, ConnectionWinsOverPlainEnvironment) {
  Connections("[default]\naccount = \"fileacct\"\nuser = \"alice\"\ntoken = \"oauth-from-file\"\n");
  env_["SNOWFLAKE_ACCOUNT"] = "envacct";
  env_["SNOWFLAKE_WAREHOUSE"] = "ENV_WH";
  auto s = ResolveSettings(Value::object(), Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->account, "fileacct");
  EXPECT_EQ(s->warehouse, "ENV_WH") << "what the connection lacks comes from the environment";
  EXPECT_EQ(s->oauth_token, "oauth-from-file");
  EXPECT_EQ(s->source, "OAuth token of connection default");
}

TEST_F(SettingsTest, ConnectionOverridesFromTheEnvironment) {
  Connections("[ci]\naccount = \"fileacct\"\nuser = \"alice\"\n");
  env_["SNOWFLAKE_DEFAULT_CONNECTION_NAME"] = "ci";
  env_["SNOWFLAKE_CONNECTIONS_CI_ACCOUNT"] = "overridden";
  env_["SNOWFLAKE_CONNECTIONS_CI_PRIVATE_KEY_RAW"] = kPem;
  auto s = ResolveSettings(Value::object(), Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->account, "overridden");
  EXPECT_EQ(s->private_key_pem, kPem);
}

TEST_F(SettingsTest, MissingNamedConnectionIsAnError) {
  Connections("[dev]\naccount = \"a\"\n");
  auto s = ResolveSettings(Value{{"connection", "nope"}}, Env());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("connection 'nope' is not in"), std::string::npos)
      << s.status().message();
}

TEST_F(SettingsTest, BrokenTomlNamesTheLine) {
  Connections("[dev]\naccount = \"a\"\nuser = \n");
  auto s = ResolveSettings(Value{{"connection", "dev"}}, Env());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("line 3 is not valid TOML"), std::string::npos)
      << s.status().message();
}

TEST_F(SettingsTest, SandboxEnvironmentAsToolSetupForSetsIt) {
  env_["SNOWFLAKE_ACCOUNT"] = "SANDBOX";
  env_["SNOWFLAKE_USER"] = "SANDBOX_ADMIN";
  env_["SNOWFLAKE_ROLE"] = "ACCOUNTADMIN";
  env_["SNOWFLAKE_WAREHOUSE"] = "SANDBOX_WH";
  env_["SNOWFLAKE_PRIVATE_KEY_FILE"] = dir_.Write("k.p8", kPem);
  env_["SNOWFLAKE_HOST"] = "127.0.0.1:4567";
  env_["SNOWFLAKE_PROTOCOL"] = "http";
  env_["SNOWFLAKE_PORT"] = "4567";
  auto s = ResolveSettings(Value::object(), Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->base_url, "http://127.0.0.1:4567") << "a host with its port keeps it";
  EXPECT_EQ(s->user, "SANDBOX_ADMIN");
  EXPECT_EQ(s->warehouse, "SANDBOX_WH");
}

TEST_F(SettingsTest, TokenEnvAndPassphraseEnvAreRead) {
  env_["MY_TOKEN"] = "secret-oauth";
  auto s = ResolveSettings(Value{{"account", "a"}, {"token_env", "MY_TOKEN"}}, Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->oauth_token, "secret-oauth");
  EXPECT_EQ(s->source, "OAuth token from MY_TOKEN");

  env_["KEY_PASS"] = "pass-phrase";
  auto k = ResolveSettings(Value{{"account", "a"},
                                 {"user", "u"},
                                 {"private_key_file", dir_.Write("k.p8", kPem)},
                                 {"private_key_passphrase_env", "KEY_PASS"}},
                           Env());
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->private_key_passphrase, "pass-phrase");
  EXPECT_EQ(k->source.find("pass-phrase"), std::string::npos);
}

TEST_F(SettingsTest, ErrorsSayWhatToSetWithoutSecrets) {
  auto none = ResolveSettings(Value::object(), Env());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("SNOWFLAKE_ACCOUNT"), std::string::npos);

  auto unset = ResolveSettings(Value{{"account", "a"}, {"token_env", "NOT_SET"}}, Env());
  ASSERT_FALSE(unset.ok());
  EXPECT_EQ(unset.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(unset.status().message().find("NOT_SET, which is not set"), std::string::npos);

  Connections("[default]\naccount = \"a\"\nuser = \"u\"\npassword = \"hunter2\"\n");
  auto pw = ResolveSettings(Value::object(), Env());
  ASSERT_FALSE(pw.ok());
  EXPECT_EQ(pw.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(pw.status().message().find("passwords are not accepted"), std::string::npos);
  EXPECT_EQ(pw.status().message().find("hunter2"), std::string::npos);

  auto missing = ResolveSettings(
      Value{{"account", "a"}, {"user", "u"}, {"private_key_file", dir_.File("absent.p8")}}, Env());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot read private key file"), std::string::npos);
}

TEST(JwtAccountTest, LocatorLosesRegionAndIsUpperCased) {
  EXPECT_EQ(JwtAccount("xy12345.us-east-2.aws"), "XY12345");
  EXPECT_EQ(JwtAccount("myorg-acct"), "MYORG-ACCT");
}

}  // namespace
}  // namespace causeway::snowflake
