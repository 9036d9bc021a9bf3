// Installs the pinned Databricks JS SDK and runs the fidelity script against the sandbox.
#include "tests/support/sandbox_databricks_sdk.h"

#include "sandbox/databricks/databricks_frontend.h"

namespace causeway::testing {
namespace {

const std::string kSdkSourceDir =
    std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/databricks/sdk";

}  // namespace

std::string DatabricksSdkUnavailable() { return NodeToolsUnavailable(); }

Result<std::string> InstallDatabricksSdk() {
  return InstallPinnedNodePackages(kSdkSourceDir, "databricks-sdk-node");
}

ScriptRun RunDatabricksSdkScript(const std::string& sdk_dir, const SandboxFixture& fixture,
                                 const std::string& token) {
  // The SDK must see only the host and token given: no profile or variable of the machine's.
  return CaptureCommand(
      "env -u DATABRICKS_HOST -u DATABRICKS_TOKEN -u DATABRICKS_CONFIG_PROFILE "
      "-u DATABRICKS_CLIENT_ID -u DATABRICKS_CLIENT_SECRET -u DATABRICKS_AUTH_TYPE "
      "DATABRICKS_CONFIG_FILE=/nonexistent/databrickscfg node '" +
      kSdkSourceDir + "/fidelity.js' '" + fixture.endpoint() + "' '" + token + "' '" +
      sandbox::kDefaultDatabricksWarehouseId + "' '" + sdk_dir + "'");
}

}  // namespace causeway::testing
