// Fidelity: Snowflake's own Node.js driver (snowflake-sdk, pinned in
// tests/sandbox/snowflake/sdk/package-lock.json; a client nobody here wrote) drives the sandbox's
// driver protocol front end: password and key-pair (SNOWFLAKE_JWT) logins, CREATE, SHOW, DESC,
// GRANT, privilege and SQL errors, logout — tests/sandbox/snowflake/sdk/fidelity.js checks what
// the driver parses. Skipped only when node itself is missing: a failed npm install fails the
// test (CI has npm and the registry).
#include <gtest/gtest.h>

#include <string>

#include "sandbox/snowflake/snowflake_frontend.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/sandbox_node.h"

namespace causeway::testing {
namespace {

const std::string kSdkSourceDir = std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/snowflake/sdk";

// The installed driver's directory; skips without node, fails when the install fails.
std::string InstalledSdk() {
  const std::string why = NodeToolsUnavailable();
  if (!why.empty()) return "";
  auto dir = InstallPinnedNodePackages(kSdkSourceDir, "snowflake-sdk-node");
  EXPECT_TRUE(dir.ok()) << dir.status().ToString();
  return dir.ok() ? *dir : "";
}

ScriptRun RunFidelity(SandboxFixture& fixture, const std::string& sdk_dir,
                      const std::string& password) {
  auto client = fixture.Client();
  const Value creds = client->Raw("GET", "/_sandbox/clouds").Json()["snowflake"]["credentials"];
  // The driver must see only what it is given: no SNOWFLAKE_* variable of the machine's.
  return CaptureCommand(
      "env -u SNOWFLAKE_ACCOUNT -u SNOWFLAKE_USER -u SNOWFLAKE_PASSWORD -u SNOWFLAKE_ROLE "
      "-u SNOWFLAKE_PRIVATE_KEY_FILE -u SNOWFLAKE_AUTHENTICATOR -u SNOWFLAKE_HOST "
      "SF_OCSP_RESPONSE_CACHE_DIR=" +
      std::string(CAUSEWAY_BINARY_DIR) + " node '" + kSdkSourceDir + "/fidelity.js' '" +
      fixture.endpoint() + "' '" + creds["account"].get<std::string>() + "' '" +
      creds["user"].get<std::string>() + "' '" + password + "' '" +
      creds["private_key_file"].get<std::string>() + "' '" + sdk_dir + "'");
}

TEST(SnowflakeSdkFidelityTest, DriverLogsInRunsStatementsAndParsesErrors) {
  if (!NodeToolsUnavailable().empty()) {
    GTEST_SKIP() << "snowflake-sdk fidelity NOT CHECKED: " << NodeToolsUnavailable();
  }
  const std::string sdk = InstalledSdk();
  ASSERT_FALSE(sdk.empty());
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  ScriptRun run = RunFidelity(fixture, sdk, sandbox::kSnowflakePassword);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(" checks, 0 failed"), std::string::npos) << run.output;
  // The script ran against this sandbox through the driver protocol.
  const Value counts = fixture.Client()->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_GE(counts["by_operation"]["snowflake_session:LoginRequest"].get<int>(), 4);
  EXPECT_GT(counts["by_operation"]["snowflake_session:QueryRequest"].get<int>(), 10);
}

TEST(SnowflakeSdkFidelityTest, ScriptFailsOnDivergence) {
  if (!NodeToolsUnavailable().empty()) {
    GTEST_SKIP() << "snowflake-sdk fidelity NOT CHECKED: " << NodeToolsUnavailable();
  }
  const std::string sdk = InstalledSdk();
  ASSERT_FALSE(sdk.empty());
  // A wrong password makes the first login fail: the script must notice and exit non-zero.
  SandboxFixture fixture;
  ASSERT_TRUE(fixture.Start().ok());
  ScriptRun run = RunFidelity(fixture, sdk, "not-the-password");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("FAIL"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace causeway::testing
