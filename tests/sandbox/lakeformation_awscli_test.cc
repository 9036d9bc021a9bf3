// Fidelity: Debian's awscli (a client nobody here wrote) drives every Lake Formation operation the
// sandbox emulates, success and error paths, through tests/sandbox/lakeformation_awscli.sh, which
// checks the parsed results. Skipped when `aws` or python3 is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

const std::string kScript =
    std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/lakeformation_awscli.sh";

TEST(LakeFormationAwscliTest, EveryOperation) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  EXPECT_EQ(RunAwscliScript(kScript, fixture), 0) << "see the FAIL lines above";
  // The script ran against this sandbox: it counted the calls.
  auto client = fixture.Client();
  Value counts = client->Raw("GET", "/_sandbox/counts").Json();
  for (const char* op : {"RegisterResource", "UpdateResource", "DescribeResource", "ListResources",
                         "DeregisterResource", "GrantPermissions", "RevokePermissions",
                         "ListPermissions", "BatchGrantPermissions", "BatchRevokePermissions",
                         "GetDataLakeSettings", "PutDataLakeSettings"}) {
    EXPECT_GT(counts["by_operation"].value(std::string("lakeformation:") + op, 0), 0) << op;
  }
}

TEST(LakeFormationAwscliTest, ScriptFailsOnDivergence) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  // A sandbox that already has the script's location registered makes its first register-resource
  // fail: the script must notice and exit non-zero (so the test above can fail).
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  auto r = client->Send(
      "lakeformation", "POST", "/RegisterResource", "", {{"content-type", "application/json"}},
      R"({"ResourceArn":"arn:aws:s3:::lake/raw","RoleArn":"arn:aws:iam::123456789012:role/x"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(RunAwscliScript(kScript, fixture, /*quiet=*/true), 0);
}

}  // namespace
}  // namespace causeway::testing
