// `causeway sandbox start|stop|status|env|reset` and the on-demand start of a provider configured
// with `endpoint: sandbox`, through the real binaries: a plan starts the sandbox, applied objects
// survive a stop and restart (state in .causeway/sandbox/), reset empties every emulator;
// `status --json` and `env` keep the contract the README documents, and awscli run from the
// printed environment reaches the sandbox.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "tests/support/cli_runner.h"

namespace causeway::testing {
namespace {

constexpr const char* kManifest = R"(kind: providers
spec:
  aws: {region: us-east-1, endpoint: sandbox}
---
kind: aws.glue.database
name: raw
spec:
  name: raw
)";

class SandboxCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { cli_.Write("main.yaml", kManifest); }
  void TearDown() override { cli_.Run({"sandbox", "stop"}); }
  int Status() { return cli_.Run({"sandbox", "status"}).exit_code; }
  int Plan() { return cli_.Run({"plan", "--detailed-exitcode"}).exit_code; }
  CliRunner cli_;
};

TEST_F(SandboxCommandTest, StartsOnDemandPersistsAcrossRestartsAndResets) {
  EXPECT_EQ(Status(), 1) << "not running yet";
  EXPECT_EQ(Plan(), 2) << "the plan started the sandbox and found the database missing";
  CliResult status = cli_.Run({"sandbox", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.all();
  EXPECT_NE(status.out.find("sandbox running at http://127.0.0.1:"), std::string::npos)
      << status.out;

  CliResult apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  ASSERT_EQ(cli_.Run({"sandbox", "stop"}).exit_code, 0);
  EXPECT_EQ(Status(), 1);
  EXPECT_TRUE(cli_.Exists(".causeway/sandbox"));
  EXPECT_EQ(Plan(), 0) << "restarted on demand with the database it persisted";

  CliResult reset = cli_.Run({"sandbox", "reset"});
  EXPECT_EQ(reset.exit_code, 0) << reset.all();
  EXPECT_EQ(Plan(), 2) << "reset emptied the emulators: the database must be created again";
}

TEST_F(SandboxCommandTest, ExplicitStartThenStop) {
  CliResult start = cli_.Run({"sandbox", "start"});
  ASSERT_EQ(start.exit_code, 0) << start.all();
  EXPECT_EQ(Status(), 0);
  CliResult stop = cli_.Run({"sandbox", "stop"});
  EXPECT_EQ(stop.exit_code, 0) << stop.all();
  EXPECT_EQ(Status(), 1);
}

TEST_F(SandboxCommandTest, StatusJsonIsTheDocumentedContract) {
  CliResult stopped = cli_.Run({"sandbox", "status", "--json"});
  EXPECT_EQ(stopped.exit_code, 1) << "not running";
  Value off = Value::parse(stopped.out, nullptr, false);
  ASSERT_TRUE(off.is_object()) << stopped.all();
  EXPECT_EQ(off["running"], false);
  EXPECT_TRUE(off["url"].is_null());
  EXPECT_TRUE(off["clouds"].empty());

  ASSERT_EQ(cli_.Run({"sandbox", "start"}).exit_code, 0);
  CliResult running = cli_.Run({"sandbox", "status", "--json"});
  EXPECT_EQ(running.exit_code, 0) << running.all();
  Value on = Value::parse(running.out, nullptr, false);
  ASSERT_TRUE(on.is_object()) << running.all();
  std::set<std::string> keys;
  for (const auto& [key, _] : on.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"running", "url", "pid", "state_dir", "clouds"}));
  EXPECT_EQ(on["running"], true);
  EXPECT_EQ(on["url"].get<std::string>().rfind("http://127.0.0.1:", 0), 0u) << on.dump();
  EXPECT_GT(on["pid"].get<int>(), 0);
  EXPECT_EQ(on["state_dir"], off["state_dir"]);
  EXPECT_NE(on["state_dir"].get<std::string>().find(".causeway/sandbox"), std::string::npos);
  const Value& aws = on["clouds"]["aws"];
  EXPECT_EQ(aws["access_key_id"], "AKIDSANDBOXEXAMPLE");
  EXPECT_EQ(aws["secret_access_key"], "sandbox/secret/key/EXAMPLEKEY");
  EXPECT_EQ(aws["region"], "us-east-1");
  const Value& databricks = on["clouds"]["databricks"];
  EXPECT_EQ(databricks["host"], on["url"]) << "the Databricks host is the sandbox itself";
  EXPECT_EQ(databricks["token"], "dapi-sandbox-test-token");
  EXPECT_EQ(databricks["warehouse_id"], "sandbox0warehouse");
  const Value& snowflake = on["clouds"]["snowflake"];
  EXPECT_EQ(snowflake["account"], "SANDBOX");
  EXPECT_EQ(snowflake["user"], "SANDBOX_ADMIN");
  EXPECT_EQ(snowflake["password"], "sandbox-test-password");
  const std::string key_file = snowflake["private_key_file"].get<std::string>();
  EXPECT_EQ(key_file.rfind('/', 0), 0u) << "absolute: " << key_file;
  EXPECT_NE(key_file.find(".causeway/sandbox/"), std::string::npos) << key_file;
  EXPECT_NE(key_file.find("/snowflake/sandbox_admin_key.p8"), std::string::npos) << key_file;
  EXPECT_TRUE(std::filesystem::exists(key_file)) << key_file;
}

TEST_F(SandboxCommandTest, EnvExportsDatabricksHostAndToken) {
  CliResult env = cli_.Run({"sandbox", "env"});
  ASSERT_EQ(env.exit_code, 0) << env.all();
  EXPECT_NE(env.out.find("export DATABRICKS_HOST=http://127.0.0.1:"), std::string::npos) << env.out;
  EXPECT_NE(env.out.find("export DATABRICKS_TOKEN=dapi-sandbox-test-token\n"), std::string::npos)
      << env.out;
  EXPECT_NE(env.out.find("export SNOWFLAKE_ACCOUNT=SANDBOX\n"), std::string::npos) << env.out;
  EXPECT_NE(env.out.find("export SNOWFLAKE_AUTHENTICATOR=SNOWFLAKE_JWT\n"), std::string::npos)
      << env.out;
  EXPECT_NE(env.out.find("export SNOWFLAKE_PRIVATE_KEY_FILE="), std::string::npos) << env.out;
}

// Every awscli on this machine (the one on PATH and Debian's /usr/bin/aws), run through the
// exports `causeway sandbox env` prints, reaches the sandbox.
TEST_F(SandboxCommandTest, EnvPointsAwscliAtTheSandbox) {
  CliResult env = cli_.Run({"sandbox", "env"});
  ASSERT_EQ(env.exit_code, 0) << env.all();
  EXPECT_NE(env.out.find("export AWS_ENDPOINT_URL=http://127.0.0.1:"), std::string::npos)
      << env.out;
  for (const char* name :
       {"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_REGION=", "AWS_DEFAULT_REGION="}) {
    EXPECT_NE(env.out.find(std::string("export ") + name), std::string::npos) << env.out;
  }
  cli_.Write("env.sh", env.out);

  std::set<std::string> binaries;
  auto resolved = [](const std::string& cmd) {
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
      char buf[512];
      while (std::fgets(buf, sizeof(buf), p) != nullptr) out += buf;
      ::pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  };
  std::string on_path = resolved("command -v aws 2>/dev/null");
  if (!on_path.empty()) binaries.insert(on_path);
  if (std::system("test -x /usr/bin/aws") == 0) binaries.insert("/usr/bin/aws");
  if (binaries.empty()) GTEST_SKIP() << "no awscli installed";

  cli_.Write("trust.json",
             R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},)"
             R"("Action":"sts:AssumeRole"}]})");
  cli_.Write("poke.sh",
             "set -e\n. ./env.sh\n"
             "aws iam create-role --role-name \"$1\" "
             "--assume-role-policy-document file://trust.json >/dev/null\n"
             "aws iam list-roles --query 'Roles[].RoleName' --output text\n");
  int n = 0;
  for (const std::string& bin : binaries) {
    SCOPED_TRACE(bin);
    std::string role = "from-env-" + std::to_string(n++);
    std::string dir = bin.substr(0, bin.rfind('/'));
    // Only the printed environment points awscli at the sandbox: no config files, no keys.
    std::string out =
        resolved("cd '" + cli_.dir() +
                 "' && env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_ENDPOINT_URL "
                 "AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null PATH='" +
                 dir + "':\"$PATH\" bash poke.sh " + role + " 2>&1");
    EXPECT_NE(out.find(role), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace causeway::testing
