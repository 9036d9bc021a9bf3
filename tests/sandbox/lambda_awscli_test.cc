// Fidelity: Debian's awscli (a client nobody here wrote) drives every Lambda operation the sandbox
// emulates, success and error paths, through tests/sandbox/lambda_awscli.sh, which checks the
// parsed results (CodeSha256 against one computed by python, and an S3 notification to the
// function refused until its policy lets S3 invoke it). Skipped when `aws` or python3 is not
// installed.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

int RunScript(const SandboxFixture& fixture, bool quiet) {
  return RunAwscliScript(std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/lambda_awscli.sh",
                         fixture, quiet);
}

class LambdaAwscliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
    ASSERT_TRUE(fixture_.Start().ok());
  }
  SandboxFixture fixture_;
};

TEST_F(LambdaAwscliTest, EveryOperation) {
  EXPECT_EQ(RunScript(fixture_, false), 0) << "see the FAIL lines above";
  Value counts = fixture_.Client()->Raw("GET", "/_sandbox/counts").Json();
  for (const char* op :
       {"lambda:CreateFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
        "lambda:ListFunctions", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
        "lambda:AddPermission", "lambda:GetPolicy", "lambda:RemovePermission",
        "lambda:DeleteFunction"}) {
    EXPECT_GT(counts["by_operation"].value(op, 0), 0) << op;
  }
}

TEST_F(LambdaAwscliTest, ScriptFailsOnDivergence) {
  // A sandbox without the script's role makes its first create fail: the script must notice and
  // exit non-zero (so the test above can fail). The role name is taken first with a trust policy
  // Lambda cannot use.
  auto r = fixture_.Client()->Query(
      "iam", "CreateRole",
      {{"RoleName", "fn-role"},
       {"AssumeRolePolicyDocument",
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(RunScript(fixture_, true), 0);
}

}  // namespace
}  // namespace causeway::testing
