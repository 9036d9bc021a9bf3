// `causeway sandbox start|stop|status|reset` and the on-demand start of a provider configured with
// `endpoint: sandbox`, through the real binaries: a plan starts the sandbox, applied objects
// survive a stop and restart (state in .causeway/sandbox/), reset empties every emulator.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace causeway::testing
