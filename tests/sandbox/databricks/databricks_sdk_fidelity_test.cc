// Fidelity: the Databricks JS SDK (@databricks/sdk-experimental, pinned in
// tests/sandbox/databricks/sdk/package-lock.json; a client nobody here wrote) drives the
// sandbox's Databricks front end through WorkspaceClient({host, token}): catalogs, schemas,
// tables, storage credentials, external locations, grants and statement execution, success and
// error paths, in tests/sandbox/databricks/sdk/fidelity.js, which checks what the SDK parses.
// Skipped, with the reason, when node or npm is missing or the SDK cannot be installed.
#include <gtest/gtest.h>

#include <string>

#include "sandbox/databricks/databricks_frontend.h"
#include "tests/support/sandbox_databricks_sdk.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

// The installed SDK's directory, or "" after GTEST_SKIP-worthy trouble described in *why.
std::string SdkOrReason(std::string* why) {
  *why = DatabricksSdkUnavailable();
  if (!why->empty()) return "";
  auto dir = InstallDatabricksSdk();
  if (!dir.ok()) {
    *why = dir.status().ToString();
    return "";
  }
  return *dir;
}

TEST(DatabricksSdkFidelityTest, UnityCatalogAndStatements) {
  std::string why;
  const std::string sdk = SdkOrReason(&why);
  if (sdk.empty()) GTEST_SKIP() << "Databricks SDK fidelity NOT CHECKED: " << why;
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  ScriptRun run = RunDatabricksSdkScript(sdk, fixture, sandbox::kDefaultDatabricksToken);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(" checks, 0 failed"), std::string::npos) << run.output;
  // The script ran against this sandbox, and the SDK's iterators followed page tokens: the
  // catalogs it listed three at a time took more than one request.
  auto client = fixture.Client();
  Value counts = client->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_GE(counts["by_operation"]["unitycatalog:ListCatalogs"].get<int>(), 4);
  EXPECT_GE(counts["by_operation"]["unitycatalog:ListTables"].get<int>(), 2);
  EXPECT_GT(counts["by_operation"]["unitycatalog:UpdatePermissions"].get<int>(), 0);
  EXPECT_GT(counts["by_operation"]["sql:ExecuteStatement"].get<int>(), 0);
}

TEST(DatabricksSdkFidelityTest, ScriptFailsOnDivergence) {
  std::string why;
  const std::string sdk = SdkOrReason(&why);
  if (sdk.empty()) GTEST_SKIP() << "Databricks SDK fidelity NOT CHECKED: " << why;
  // A sandbox that already holds the script's catalog makes its first create fail: the script
  // must notice and exit non-zero (so the test above can fail).
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  SandboxReply r =
      client->Raw("POST", "/api/2.1/unity-catalog/catalogs", R"({"name": "sdk_main"})",
                  {{"authorization", std::string("Bearer ") + sandbox::kDefaultDatabricksToken},
                   {"content-type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ScriptRun run = RunDatabricksSdkScript(sdk, fixture, sandbox::kDefaultDatabricksToken);
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("FAIL catalogs"), std::string::npos) << run.output;
}

TEST(DatabricksSdkFidelityTest, WrongTokenFailsEveryStep) {
  std::string why;
  const std::string sdk = SdkOrReason(&why);
  if (sdk.empty()) GTEST_SKIP() << "Databricks SDK fidelity NOT CHECKED: " << why;
  // Run as a token the sandbox does not know, the script cannot pass: every step gets a 401.
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  ScriptRun run = RunDatabricksSdkScript(sdk, fixture, "dapi-unknown");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("status 401"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace causeway::testing
