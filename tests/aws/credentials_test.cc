// Tests for the AWS credential chain (providers/aws/credentials.h): providers-block parsing, env
// vars, shared credentials/config files with profiles, region precedence, and error messages
// that say what to fix without ever containing a secret. Files live in a TempDir.
#include "providers/aws/credentials.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tests/support/temp_dir.h"

namespace causeway::aws {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path();
    std::filesystem::create_directories(dir_ + "/home/.aws");
    env_["HOME"] = dir_ + "/home";
  }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ + "/" + rel) << text;
  }
  EnvLookup Env() {
    return [this](const std::string& k) -> std::optional<std::string> {
      auto it = env_.find(k);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }
  Result<CredentialSource> Resolve(const Value& block) {
    auto config = ParseCredentialConfig(block);
    if (!config.ok()) return config.status();
    return ResolveCredentialSource(*config, Env());
  }

  causeway::testing::TempDir tmp_;
  std::string dir_;
  std::map<std::string, std::string> env_;
};

constexpr char kCredentialsFile[] = R"ini(
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secretdefault

[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = secretdev
aws_session_token = tokendev
)ini";

constexpr char kConfigFile[] = R"ini(
[default]
region = eu-west-1

[profile dev]
region = us-west-2

[profile cfgonly]
aws_access_key_id = AKIDCFG
aws_secret_access_key = secretcfg
region = ap-south-1

[profile deployer]
role_arn = arn:aws:iam::123456789012:role/deployer
source_profile = dev
external_id = ext-1
role_session_name = ci
duration_seconds = 1800

[profile sso]
sso_session = corp
sso_account_id = 123456789012

[profile chained]
role_arn = arn:aws:iam::123456789012:role/second
source_profile = deployer
)ini";

struct ChainCase {
  std::string reason;
  std::map<std::string, std::string> env;
  Value block;
  bool write_files;
  std::string want_key_id;  // "" when an error is expected
  std::string want_token;
  std::string want_region;
  StatusCode want_error = StatusCode::kOk;
  std::string want_message_part = "";
};

TEST_F(CredentialsTest, Chain) {
  const ChainCase cases[] = {
      {"block names env vars",
       {{"MY_ID", "AKIDMINE"},
        {"MY_SECRET", "secretmine"},
        {"AWS_ACCESS_KEY_ID", "AKIDENV"},
        {"AWS_SECRET_ACCESS_KEY", "secretenv"}},
       {{"access_key_id_env", "MY_ID"},
        {"secret_access_key_env", "MY_SECRET"},
        {"region", "us-east-2"}},
       true,
       "AKIDMINE",
       "",
       "us-east-2"},
      {"block env var unset",
       {{"MY_SECRET", "secretmine"}},
       {{"access_key_id_env", "MY_ID"}, {"secret_access_key_env", "MY_SECRET"}},
       true,
       "",
       "",
       "",
       StatusCode::kPermissionDenied,
       "MY_ID"},
      {"standard env vars with session token",
       {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
        {"AWS_SECRET_ACCESS_KEY", "secretenv"},
        {"AWS_SESSION_TOKEN", "tokenenv"},
        {"AWS_REGION", "ca-central-1"}},
       Value::object(),
       true,
       "AKIDENV",
       "tokenenv",
       "ca-central-1"},
      {"only half the env pair",
       {{"AWS_ACCESS_KEY_ID", "AKIDENV"}},
       Value::object(),
       true,
       "",
       "",
       "",
       StatusCode::kPermissionDenied,
       "AWS_SECRET_ACCESS_KEY"},
      {"env keys win over AWS_PROFILE",
       {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
        {"AWS_SECRET_ACCESS_KEY", "secretenv"},
        {"AWS_PROFILE", "dev"}},
       Value::object(),
       true,
       "AKIDENV",
       "",
       "us-west-2"},
      {"explicit block profile wins over env keys",
       {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "secretenv"}},
       {{"profile", "dev"}},
       true,
       "AKIDDEV",
       "tokendev",
       "us-west-2"},
      {"default profile from the credentials file, region from [default] in config",
       {},
       Value::object(),
       true,
       "AKIDDEFAULT",
       "",
       "eu-west-1"},
      {"AWS_PROFILE selects a profile",
       {{"AWS_PROFILE", "dev"}},
       Value::object(),
       true,
       "AKIDDEV",
       "tokendev",
       "us-west-2"},
      {"AWS_DEFAULT_REGION beats the config file",
       {{"AWS_PROFILE", "dev"}, {"AWS_DEFAULT_REGION", "sa-east-1"}},
       Value::object(),
       true,
       "AKIDDEV",
       "tokendev",
       "sa-east-1"},
      {"AWS_REGION beats AWS_DEFAULT_REGION",
       {{"AWS_REGION", "eu-north-1"}, {"AWS_DEFAULT_REGION", "sa-east-1"}},
       Value::object(),
       true,
       "AKIDDEFAULT",
       "",
       "eu-north-1"},
      {"keys in a [profile x] section of the config file",
       {},
       {{"profile", "cfgonly"}},
       true,
       "AKIDCFG",
       "",
       "ap-south-1"},
      {"named profile missing",
       {},
       {{"profile", "nope"}},
       true,
       "",
       "",
       "",
       StatusCode::kInvalidArgument,
       "profile nope not found"},
      {"SSO profiles are refused with a way out",
       {},
       {{"profile", "sso"}},
       true,
       "",
       "",
       "",
       StatusCode::kPermissionDenied,
       "export-credentials"},
      {"chained role profiles refused",
       {},
       {{"profile", "chained"}},
       true,
       "",
       "",
       "",
       StatusCode::kInvalidArgument,
       "chained"},
      {"nothing anywhere",
       {},
       Value::object(),
       false,
       "",
       "",
       "",
       StatusCode::kPermissionDenied,
       "no credentials found"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    env_ = c.env;
    env_["HOME"] = dir_ + "/home";
    std::filesystem::remove(dir_ + "/home/.aws/credentials");
    std::filesystem::remove(dir_ + "/home/.aws/config");
    if (c.write_files) {
      Write("home/.aws/credentials", kCredentialsFile);
      Write("home/.aws/config", kConfigFile);
    }
    auto r = Resolve(c.block);
    if (c.want_error != StatusCode::kOk) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), c.want_error) << r.status().ToString();
      EXPECT_NE(r.status().message().find(c.want_message_part), std::string::npos)
          << r.status().message();
      EXPECT_NE(r.status().message().find("provider aws"), std::string::npos);
      for (const char* secret : {"secretmine", "secretenv", "secretdefault", "secretdev"}) {
        EXPECT_EQ(r.status().message().find(secret), std::string::npos);
      }
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->credentials.access_key_id, c.want_key_id);
    EXPECT_EQ(r->credentials.session_token, c.want_token);
    EXPECT_EQ(r->region, c.want_region);
    EXPECT_FALSE(r->credentials.secret_access_key.empty());
    EXPECT_EQ(r->description.find(r->credentials.secret_access_key), std::string::npos);
  }
}

TEST_F(CredentialsTest, RoleProfileYieldsAssumeRoleOnSourceKeys) {
  Write("home/.aws/credentials", kCredentialsFile);
  Write("home/.aws/config", kConfigFile);
  auto r = Resolve({{"profile", "deployer"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->credentials.access_key_id, "AKIDDEV");
  ASSERT_TRUE(r->assume_role.has_value());
  EXPECT_EQ(r->assume_role->role_arn, "arn:aws:iam::123456789012:role/deployer");
  EXPECT_EQ(r->assume_role->external_id, "ext-1");
  EXPECT_EQ(r->assume_role->session_name, "ci");
  EXPECT_EQ(r->assume_role->duration_seconds, 1800);
}

TEST_F(CredentialsTest, FileLocationsFromEnvAndMalformedFiles) {
  Write("creds.ini", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = secretci\n");
  Write("conf.ini", "[profile ci]\nregion = us-east-2\n");
  env_["AWS_SHARED_CREDENTIALS_FILE"] = dir_ + "/creds.ini";
  env_["AWS_CONFIG_FILE"] = dir_ + "/conf.ini";
  env_["AWS_PROFILE"] = "ci";
  auto r = Resolve(Value::object());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->credentials.access_key_id, "AKIDCI");
  EXPECT_EQ(r->region, "us-east-2");
  EXPECT_NE(r->description.find("creds.ini"), std::string::npos);

  Write("creds.ini", "[ci]\naws_access_key_id = AKIDCI\nthis line is not ini\n");
  r = Resolve(Value::object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("creds.ini line 3"), std::string::npos)
      << r.status().message();

  Write("creds.ini", "[ci]\naws_secret_access_key = secretonly\n");
  Write("conf.ini", "[profile ci]\naws_access_key_id = AKIDCI\n");
  r = Resolve(Value::object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("secretonly"), std::string::npos);
}

TEST_F(CredentialsTest, ProcessEnvReadsRealEnvironment) {
  setenv("CAUSEWAY_TEST_AKID", "AKIDPROC", 1);
  setenv("CAUSEWAY_TEST_SECRET", "secretproc", 1);
  auto config = ParseCredentialConfig({{"access_key_id_env", "CAUSEWAY_TEST_AKID"},
                                       {"secret_access_key_env", "CAUSEWAY_TEST_SECRET"}});
  ASSERT_TRUE(config.ok());
  auto r = ResolveCredentialSource(*config, ProcessEnv());
  unsetenv("CAUSEWAY_TEST_AKID");
  unsetenv("CAUSEWAY_TEST_SECRET");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->credentials.access_key_id, "AKIDPROC");
  EXPECT_EQ(r->credentials.secret_access_key, "secretproc");
}

struct ConfigCase {
  std::string reason;
  Value block;
  bool ok;
  std::string want_message_part = "";
};

TEST(ParseCredentialConfigTest, ValidatesTheBlock) {
  const ConfigCase cases[] = {
      {"empty block", Value::object(), true, ""},
      {"full assume_role",
       {{"assume_role",
         {{"role_arn", "arn:aws:iam::1:role/r"}, {"external_id", "x"}, {"duration_seconds", 900}}}},
       true,
       ""},
      {"duration as a string from a variable",
       {{"assume_role", {{"role_arn", "arn:aws:iam::1:role/r"}, {"duration_seconds", "3600"}}}},
       true,
       ""},
      {"assume_role without role_arn",
       {{"assume_role", {{"external_id", "x"}}}},
       false,
       "role_arn"},
      {"role_arn that is not an ARN", {{"assume_role", {{"role_arn", "deployer"}}}}, false, "ARN"},
      {"duration too long",
       {{"assume_role", {{"role_arn", "arn:aws:iam::1:role/r"}, {"duration_seconds", 50000}}}},
       false,
       "duration_seconds"},
      {"region not a string", {{"region", 5}}, false, "region"},
      {"key env without its pair", {{"access_key_id_env", "X"}}, false, "together"},
      {"block not a mapping", Value::array(), false, "mapping"},
  };
  for (const auto& c : cases) {
    auto r = ParseCredentialConfig(c.block);
    EXPECT_EQ(r.ok(), c.ok) << c.reason;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.reason;
      EXPECT_NE(r.status().message().find(c.want_message_part), std::string::npos)
          << c.reason << ": " << r.status().message();
    }
  }
  auto r = ParseCredentialConfig({{"assume_role", {{"role_arn", "arn:aws:iam::1:role/r"}}}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->assume_role->session_name, "causeway");
  EXPECT_EQ(r->assume_role->duration_seconds, 3600);
}

}  // namespace
}  // namespace causeway::aws
