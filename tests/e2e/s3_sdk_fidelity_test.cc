// Fidelity: AWS's own JavaScript SDK v3 S3 client (@aws-sdk/client-s3, pinned in
// tests/sandbox/aws/s3-sdk/package-lock.json; Debian's awscli 2.9 predates S3 conditional writes)
// drives the S3 emulator of a sandbox started by `causeway sandbox start`, reading the endpoint
// and credentials from `causeway sandbox status --json` as any script would:
// tests/sandbox/aws/s3-sdk/fidelity.js checks conditional writes, deletes and reads, racing
// creates, and object versions with ListObjectVersions paging, as the SDK parses them.
// Skipped only when node itself is missing: a failed npm install fails the test (CI has npm and
// the registry).
#include <gtest/gtest.h>

#include <string>

#include "reconciler/core/value.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_node.h"

namespace causeway::testing {
namespace {

const std::string kSdkSourceDir = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/aws/s3-sdk";

class S3SdkFidelityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!NodeToolsUnavailable().empty()) {
      GTEST_SKIP() << "@aws-sdk/client-s3 fidelity NOT CHECKED: " << NodeToolsUnavailable();
    }
    auto dir = InstallPinnedNodePackages(kSdkSourceDir, "s3-sdk-node");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    sdk_ = *dir;
  }
  void TearDown() override { cli_.Run({"sandbox", "stop"}); }
  // The script run against `status.json` in the manifest directory.
  ScriptRun RunFidelity() {
    return CaptureCommand("env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL node '" +
                          kSdkSourceDir + "/fidelity.js' '" + cli_.dir() + "/status.json' '" +
                          sdk_ + "'");
  }
  CliRunner cli_;
  std::string sdk_;
};

TEST_F(S3SdkFidelityTest, ConditionalWritesAndVersionsParseAsTheModelSays) {
  ASSERT_EQ(cli_.Run({"sandbox", "start"}).exit_code, 0);
  CliResult status = cli_.Run({"sandbox", "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.all();
  cli_.Write("status.json", status.out);
  ScriptRun run = RunFidelity();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(" checks, 0 failed"), std::string::npos) << run.output;
}

TEST_F(S3SdkFidelityTest, ScriptFailsOnDivergence) {
  // A wrong secret key: the sandbox refuses the first signed call, and the script must notice.
  ASSERT_EQ(cli_.Run({"sandbox", "start"}).exit_code, 0);
  CliResult status = cli_.Run({"sandbox", "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.all();
  Value wrong = Value::parse(status.out);
  wrong["clouds"]["aws"]["secret_access_key"] = "not-the-secret";
  cli_.Write("status.json", wrong.dump());
  ScriptRun run = RunFidelity();
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("FAIL"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace causeway::testing
