// Fidelity: Debian's awscli (a client nobody here wrote) drives every Glue operation the sandbox
// emulates, success and error paths, through tests/sandbox/glue_awscli.sh, which checks the
// parsed results (including a crawler run over objects put through the S3 emulator). Skipped when
// `aws` or python3 is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

int RunScript(const SandboxFixture& fixture, bool quiet) {
  return RunAwscliScript(std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/glue_awscli.sh",
                         fixture, quiet);
}

class GlueAwscliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
    // Crawl timings are read by NewGlueService().
    // A crawl outlasts any load (the script ends it by moving the sandbox's clock); a stop lasts
    // long enough for the checks made while it stops.
    setenv("CAUSEWAY_SANDBOX_GLUE_CRAWL_MS", "300000", 1);
    setenv("CAUSEWAY_SANDBOX_GLUE_STOPPING_MS", "120000", 1);
    ASSERT_TRUE(fixture_.Start().ok());
    unsetenv("CAUSEWAY_SANDBOX_GLUE_CRAWL_MS");
    unsetenv("CAUSEWAY_SANDBOX_GLUE_STOPPING_MS");
  }
  SandboxFixture fixture_;
};

TEST_F(GlueAwscliTest, EveryOperation) {
  EXPECT_EQ(RunScript(fixture_, false), 0) << "see the FAIL lines above";
  Value counts = fixture_.Client()->Raw("GET", "/_sandbox/counts").Json();
  for (const char* op : {"glue:BatchCreatePartition", "glue:GetPartitions", "glue:StartCrawler",
                         "glue:StopCrawler", "glue:GetCrawlerMetrics", "glue:BatchDeleteTable"}) {
    EXPECT_GT(counts["by_operation"].value(op, 0), 0) << op;
  }
}

TEST_F(GlueAwscliTest, ScriptFailsOnDivergence) {
  // A sandbox that already holds the script's database makes its first create fail: the script
  // must notice and exit non-zero (so the test above can fail).
  auto r = fixture_.Client()->Json("glue", "AWSGlue.CreateDatabase",
                                   {{"DatabaseInput", {{"Name", "raw"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(RunScript(fixture_, true), 0);
}

}  // namespace
}  // namespace causeway::testing
