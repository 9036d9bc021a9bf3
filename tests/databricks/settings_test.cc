// Where the Databricks provider finds its workspace and credentials (providers/databricks/
// settings.h): the block, then DATABRICKS_* variables, then a ~/.databrickscfg profile, in the
// order Databricks' own tools use; and errors that say what to set without showing a secret.
#include "providers/databricks/settings.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/support/temp_dir.h"

namespace causeway::databricks {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  EnvLookup Env() {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }
  void Profiles(const std::string& text) {
    env_["DATABRICKS_CONFIG_FILE"] = dir_.Write("databrickscfg", text);
  }
  testing::TempDir dir_;
  std::map<std::string, std::string> env_{{"HOME", dir_.path()}};
};

TEST_F(SettingsTest, BlockWinsOverEnvironmentAndProfile) {
  env_["DATABRICKS_HOST"] = "https://env.example.com";
  env_["MY_TOKEN"] = "dapi-from-block-env";
  env_["DATABRICKS_TOKEN"] = "dapi-env";
  Profiles("[DEFAULT]\nhost = https://profile.example.com\ntoken = dapi-profile\n");
  auto s = ResolveSettings(Value{{"host", "block.example.com/"}, {"token_env", "MY_TOKEN"}}, Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->host, "https://block.example.com") << "scheme added, trailing slash dropped";
  EXPECT_EQ(s->token, "dapi-from-block-env");
  EXPECT_EQ(s->source, "personal access token from MY_TOKEN");
}

TEST_F(SettingsTest, EnvironmentWinsOverTheDefaultProfile) {
  env_["DATABRICKS_HOST"] = "http://127.0.0.1:9";
  env_["DATABRICKS_TOKEN"] = "dapi-env";
  Profiles(
      "[DEFAULT]\nhost = https://profile.example.com\ntoken = dapi-profile\n"
      "warehouse_id = wh1\n");
  auto s = ResolveSettings(Value::object(), Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->host, "http://127.0.0.1:9");
  EXPECT_EQ(s->token, "dapi-env");
  EXPECT_EQ(s->warehouse_id, "wh1") << "what the environment lacks comes from the profile";
}

TEST_F(SettingsTest, NamedProfileGivesHostTokenAndWarehouse) {
  Profiles(
      "[DEFAULT]\nhost = https://default.example.com\ntoken = dapi-default\n"
      "[dev]\nhost = https://dev.example.com\ntoken = dapi-dev\nwarehouse_id = abc\n");
  auto s = ResolveSettings(Value{{"profile", "dev"}}, Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->host, "https://dev.example.com");
  EXPECT_EQ(s->token, "dapi-dev");
  EXPECT_EQ(s->warehouse_id, "abc");
  EXPECT_EQ(s->source, "personal access token of profile dev");
  env_["DATABRICKS_CONFIG_PROFILE"] = "dev";
  auto from_env = ResolveSettings(Value::object(), Env());
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->host, "https://dev.example.com");
}

TEST_F(SettingsTest, OAuthClientFromProfile) {
  Profiles("[sp]\nhost = https://ws.example.com\nclient_id = app-1\nclient_secret = s3cr3t\n");
  auto s = ResolveSettings(Value{{"profile", "sp"}}, Env());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->token, "");
  EXPECT_EQ(s->client_id, "app-1");
  EXPECT_EQ(s->client_secret, "s3cr3t");
  EXPECT_EQ(s->source, "OAuth client app-1");
}

TEST_F(SettingsTest, MissingProfileFileOrSectionIsAClearError) {
  auto no_section = ResolveSettings(Value{{"profile", "nope"}}, Env());
  ASSERT_FALSE(no_section.ok());
  EXPECT_NE(no_section.status().message().find("profile 'nope'"), std::string::npos)
      << no_section.status().message();
  Profiles("[DEFAULT\nhost = x\n");
  auto bad = ResolveSettings(Value::object(), Env());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not valid INI"), std::string::npos);
}

TEST_F(SettingsTest, NoHostOrNoCredentialsSaysWhatToSet) {
  auto no_host = ResolveSettings(Value::object(), Env());
  ASSERT_FALSE(no_host.ok());
  EXPECT_NE(no_host.status().message().find("DATABRICKS_HOST"), std::string::npos);
  env_["DATABRICKS_HOST"] = "https://ws.example.com";
  auto no_creds = ResolveSettings(Value::object(), Env());
  ASSERT_FALSE(no_creds.ok());
  EXPECT_EQ(no_creds.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(no_creds.status().message().find("DATABRICKS_TOKEN"), std::string::npos);
  env_["DATABRICKS_CLIENT_ID"] = "app-2";
  auto no_secret = ResolveSettings(Value::object(), Env());
  ASSERT_FALSE(no_secret.ok());
  EXPECT_NE(no_secret.status().message().find("app-2 has no secret"), std::string::npos);
}

TEST_F(SettingsTest, UnsetTokenVariableIsNamedAndNoSecretIsShown) {
  env_["DATABRICKS_HOST"] = "https://ws.example.com";
  Profiles("[DEFAULT]\ntoken = dapi-never-shown\n");
  auto s = ResolveSettings(Value{{"token_env", "NOT_SET"}}, Env());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("NOT_SET"), std::string::npos);
  EXPECT_EQ(s.status().message().find("dapi-never-shown"), std::string::npos);
}

}  // namespace
}  // namespace causeway::databricks
