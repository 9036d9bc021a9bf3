// Installs the pinned Databricks JS SDK and runs the fidelity script against the sandbox.
#include "tests/support/sandbox_databricks_sdk.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "sandbox/databricks/databricks_frontend.h"

namespace causeway::testing {
namespace {

const std::string kSdkSourceDir =
    std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/databricks/sdk";

// `command`'s exit status and its stdout and stderr together.
ScriptRun Capture(const std::string& command) {
  ScriptRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    run.output = "popen failed: " + command;
    return run;
  }
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.output.append(buffer.data(), n);
  int rc = pclose(pipe);
  run.exit_code = rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

bool Installed(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

std::string DatabricksSdkUnavailable() {
  for (const char* tool : {"node", "npm", "flock"}) {
    if (!Installed(tool))
      return std::string(tool) + " is not installed (scripts/setup.sh installs it)";
  }
  return "";
}

Result<std::string> InstallDatabricksSdk() {
  const std::string dir = std::string(CAUSEWAY_BINARY_DIR) + "/databricks-sdk-node";
  ScriptRun run = Capture("sh '" + kSdkSourceDir + "/install.sh' '" + dir + "'");
  if (run.exit_code != 0) {
    return Status::Unavailable("npm ci of the pinned Databricks SDK into " + dir +
                               " failed (no network and no npm cache?): " + run.output);
  }
  return dir;
}

ScriptRun RunDatabricksSdkScript(const std::string& sdk_dir, const SandboxFixture& fixture,
                                 const std::string& token) {
  // The SDK must see only the host and token given: no profile or variable of the machine's.
  return Capture(
      "env -u DATABRICKS_HOST -u DATABRICKS_TOKEN -u DATABRICKS_CONFIG_PROFILE "
      "-u DATABRICKS_CLIENT_ID -u DATABRICKS_CLIENT_SECRET -u DATABRICKS_AUTH_TYPE "
      "DATABRICKS_CONFIG_FILE=/nonexistent/databrickscfg node '" +
      kSdkSourceDir + "/fidelity.js' '" + fixture.endpoint() + "' '" + token + "' '" +
      sandbox::kDefaultDatabricksWarehouseId + "' '" + sdk_dir + "'");
}

}  // namespace causeway::testing
