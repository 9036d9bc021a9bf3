// Fidelity: Debian's awscli (a client nobody here wrote) drives every IAM and STS operation the
// sandbox emulates, success and error paths, through tests/sandbox/iam_sts_awscli.sh, which
// checks the parsed results. Skipped when `aws` or python3 is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

TEST(SandboxAwscliFidelityTest, IamAndSts) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  const std::string script = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/iam_sts_awscli.sh";
  EXPECT_EQ(RunAwscliScript(script, fixture), 0) << "see the FAIL lines above";
  // The script ran against this sandbox: it counted the calls.
  auto client = fixture.Client();
  Value counts = client->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_GT(counts["by_operation"]["iam:GetAccountAuthorizationDetails"].get<int>(), 0);
  EXPECT_GT(counts["by_operation"]["sts:AssumeRole"].get<int>(), 0);
}

TEST(SandboxAwscliFidelityTest, ScriptFailsOnDivergence) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  // A sandbox that already holds the script's role makes its first create-role fail: the script
  // must notice and exit non-zero (so the test above can fail).
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  auto r = client->Query(
      "iam", "CreateRole",
      {{"RoleName", "snowflake-access"},
       {"AssumeRolePolicyDocument",
        R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]})"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string script = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/iam_sts_awscli.sh";
  EXPECT_NE(RunAwscliScript(script, fixture, /*quiet=*/true), 0);
}

}  // namespace
}  // namespace causeway::testing
