// Fidelity: Debian's awscli (a client nobody here wrote) drives every S3 operation the sandbox
// emulates, success and error paths, plus the high-level `aws s3 ls/cp/rm` commands, through
// tests/sandbox/s3_awscli.sh, which checks the parsed results. Skipped when `aws` or python3 is
// not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

bool Installed(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string Script() { return std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/s3_awscli.sh"; }

TEST(S3AwscliTest, EveryOperationMatchesAwscli) {
  if (!Installed("aws") || !Installed("python3")) GTEST_SKIP() << "awscli or python3 not installed";
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  int rc = std::system(("bash '" + Script() + "' '" + fixture.endpoint() + "'").c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 0) << "see the FAIL lines above";
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
  if (!Installed("aws") || !Installed("python3")) GTEST_SKIP() << "awscli or python3 not installed";
  // A sandbox that already holds the script's bucket makes its first create-bucket fail: the
  // script must notice and exit non-zero (so the test above can fail).
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  auto r = client->Send("s3", "PUT", "/lake-raw", "", {}, "");
  ASSERT_EQ(r.status, 200) << r.body;
  int rc =
      std::system(("bash '" + Script() + "' '" + fixture.endpoint() + "' >/dev/null 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_NE(WEXITSTATUS(rc), 0);
}

}  // namespace
}  // namespace causeway::testing
