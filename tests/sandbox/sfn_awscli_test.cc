// Fidelity: Debian's awscli (a client nobody here wrote) drives every Step Functions operation
// the sandbox emulates, success and error paths, through tests/sandbox/sfn_awscli.sh, which
// checks the parsed results. Skipped when `aws` or python3 is not installed.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

const std::string kScript = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/sfn_awscli.sh";

TEST(SfnAwscliTest, EveryOperation) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  EXPECT_EQ(RunAwscliScript(kScript, fixture), 0) << "see the FAIL lines above";
  auto client = fixture.Client();
  Value counts = client->Raw("GET", "/_sandbox/counts").Json();
  for (const char* op :
       {"CreateStateMachine", "DescribeStateMachine", "ListStateMachines", "UpdateStateMachine",
        "DeleteStateMachine", "TagResource", "ListTagsForResource"}) {
    EXPECT_GT(counts["by_operation"].value(std::string("states:") + op, 0), 0) << op;
  }
}

TEST(SfnAwscliTest, ScriptFailsOnDivergence) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  // A machine named like the script's first one, with another definition, already exists: the
  // script's create-state-machine fails and it must say so.
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  auto role = client->Query(
      "iam", "CreateRole",
      {{"RoleName", "owner"},
       {"AssumeRolePolicyDocument",
        R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
  ASSERT_EQ(role.status, 200) << role.body;
  auto r = client->Json("states", "AWSStepFunctions.CreateStateMachine",
                        {{"name", "pipeline"},
                         {"roleArn", "arn:aws:iam::123456789012:role/owner"},
                         {"definition", R"({"StartAt":"X","States":{"X":{"Type":"Succeed"}}})"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(RunAwscliScript(kScript, fixture, /*quiet=*/true), 0);
}

}  // namespace
}  // namespace causeway::testing
