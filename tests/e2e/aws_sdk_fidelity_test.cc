// Fidelity: AWS's own JavaScript SDK v3 clients, for what is newer than Debian's awscli (2.9,
// which predates S3 Tables and S3 conditional writes), each pinned by a package-lock.json in
// tests/sandbox/aws/<dir>/, drive the emulators of a sandbox started by `causeway sandbox start`,
// reading the endpoint and credentials from `causeway sandbox status --json` as any script would:
// - s3tables-sdk (@aws-sdk/client-s3tables): the S3 Tables calls the SDK parses, success and
//   errors;
// - s3-sdk (@aws-sdk/client-s3): conditional writes, deletes and reads, racing creates, and object
//   versions with ListObjectVersions paging.
// Each fidelity.js prints a FAIL line per mismatch and exits non-zero on any. Skipped only when
// node itself is missing: a failed npm install fails the test (CI has npm and the registry).
#include <gtest/gtest.h>

#include <string>

#include "reconciler/core/value.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_node.h"

namespace causeway::testing {
namespace {

struct Sdk {
  const char* dir;      // under tests/sandbox/aws/
  const char* package;  // for messages
};

class AwsSdkFidelityTest : public ::testing::TestWithParam<Sdk> {
 protected:
  void SetUp() override {
    source_ = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/aws/" + GetParam().dir;
    if (!NodeToolsUnavailable().empty()) {
      GTEST_SKIP() << GetParam().package << " fidelity NOT CHECKED: " << NodeToolsUnavailable();
    }
    auto dir = InstallPinnedNodePackages(source_, std::string(GetParam().dir) + "-node");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    sdk_ = *dir;
  }
  void TearDown() override { cli_.Run({"sandbox", "stop"}); }
  // Starts the sandbox; its status, as `sandbox status --json` prints it.
  Value StartSandbox() {
    EXPECT_EQ(cli_.Run({"sandbox", "start"}).exit_code, 0);
    CliResult status = cli_.Run({"sandbox", "status", "--json"});
    EXPECT_EQ(status.exit_code, 0) << status.all();
    return Value::parse(status.out, nullptr, false);
  }
  // The script run against `status`.
  ScriptRun RunFidelity(const Value& status) {
    cli_.Write("status.json", status.dump());
    return CaptureCommand("env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL node '" +
                          source_ + "/fidelity.js' '" + cli_.dir() + "/status.json' '" + sdk_ +
                          "'");
  }

  CliRunner cli_;
  std::string source_, sdk_;
};

TEST_P(AwsSdkFidelityTest, CallsAndErrorsParseAsTheModelSays) {
  ScriptRun run = RunFidelity(StartSandbox());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(" checks, 0 failed"), std::string::npos) << run.output;
}

TEST_P(AwsSdkFidelityTest, ScriptFailsOnDivergence) {
  // A wrong secret key: the sandbox refuses the first signed call, and the script must notice.
  Value wrong = StartSandbox();
  ASSERT_TRUE(wrong.is_object());
  wrong["clouds"]["aws"]["secret_access_key"] = "not-the-secret";
  ScriptRun run = RunFidelity(wrong);
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("FAIL"), std::string::npos) << run.output;
}

INSTANTIATE_TEST_SUITE_P(Clients, AwsSdkFidelityTest,
                         ::testing::Values(Sdk{"s3tables-sdk", "@aws-sdk/client-s3tables"},
                                           Sdk{"s3-sdk", "@aws-sdk/client-s3"}),
                         [](const auto& info) {
                           std::string name = info.param.dir;
                           return name.substr(0, name.find('-'));
                         });

}  // namespace
}  // namespace causeway::testing
