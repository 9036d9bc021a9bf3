// Fidelity: Debian's awscli (a client nobody here wrote) drives every S3 operation the sandbox
// emulates, success and error paths, plus the high-level `aws s3 ls/cp/rm` commands, through
// tests/sandbox/s3_awscli.sh, which checks the parsed results. Skipped when `aws` or python3 is
// not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

std::string Script() { return std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/s3_awscli.sh"; }

TEST(S3AwscliTest, EveryOperationMatchesAwscli) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  EXPECT_EQ(RunAwscliScript(Script(), fixture), 0) << "see the FAIL lines above";
  // The script ran against this sandbox: the counters saw its calls under botocore's names.
  auto client = fixture.Client();
  Value counts = client->Raw("GET", "/_sandbox/counts").Json();
  for (const char* op : {"s3:ListObjectsV2", "s3:PutBucketPolicy", "s3:DeleteObjects",
                         "s3:GetBucketTagging", "s3:PutObject", "s3:HeadObject"}) {
    ASSERT_TRUE(counts["by_operation"].contains(op)) << op << " in " << counts.dump();
    EXPECT_GT(counts["by_operation"][op].get<int>(), 0) << op;
  }
}

TEST(S3AwscliTest, ScriptFailsOnDivergence) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  // A sandbox that already holds the script's bucket makes its first create-bucket fail: the
  // script must notice and exit non-zero (so the test above can fail).
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  auto r = client->Send("s3", "PUT", "/lake-raw", "", {}, "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(RunAwscliScript(Script(), fixture, /*quiet=*/true), 0);
}

}  // namespace
}  // namespace causeway::testing
