// Fidelity: Debian's awscli (a client nobody here wrote) drives every Athena workgroup operation
// the sandbox emulates, success and error paths, through tests/sandbox/athena_awscli.sh, which
// checks the parsed results. Skipped when `aws` or python3 is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

const std::string kScript = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/athena_awscli.sh";

TEST(AthenaAwscliTest, EveryOperation) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  EXPECT_EQ(RunAwscliScript(kScript, fixture), 0) << "see the FAIL lines above";
  auto client = fixture.Client();
  Value counts = client->Raw("GET", "/_sandbox/counts").Json();
  for (const char* op : {"CreateWorkGroup", "GetWorkGroup", "ListWorkGroups", "UpdateWorkGroup",
                         "DeleteWorkGroup"}) {
    EXPECT_GT(counts["by_operation"].value(std::string("athena:") + op, 0), 0) << op;
  }
}

TEST(AthenaAwscliTest, ScriptFailsOnDivergence) {
  if (!AwscliAvailable()) GTEST_SKIP() << "awscli or python3 not installed";
  // The script's first workgroup already exists: its create-work-group fails and it must say so.
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  auto r = client->Json("athena", "AmazonAthena.CreateWorkGroup", {{"Name", "analytics"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(RunAwscliScript(kScript, fixture, /*quiet=*/true), 0);
}

}  // namespace
}  // namespace causeway::testing
