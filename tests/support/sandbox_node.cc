// Node tooling for the SDK fidelity tests.
#include "tests/support/sandbox_node.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace causeway::testing {

ScriptRun CaptureCommand(const std::string& command) {
  ScriptRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    run.output = "popen failed: " + command;
    return run;
  }
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    run.output.append(buffer.data(), n);
  }
  int rc = pclose(pipe);
  run.exit_code = rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

std::string NodeToolsUnavailable() {
  for (const char* tool : {"node", "npm", "flock"}) {
    if (std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) != 0) {
      return std::string(tool) + " is not installed (scripts/setup.sh installs it)";
    }
  }
  return "";
}

Result<std::string> InstallPinnedNodePackages(const std::string& source_dir,
                                              const std::string& install_name) {
  const std::string dir = std::string(CAUSEWAY_BINARY_DIR) + "/" + install_name;
  ScriptRun run =
      CaptureCommand("sh '" + std::string(CAUSEWAY_SOURCE_DIR) +
                     "/tests/support/npm_ci_pinned.sh' '" + source_dir + "' '" + dir + "'");
  if (run.exit_code != 0) {
    return Status::Unavailable("npm ci of the packages pinned in " + source_dir + " into " + dir +
                               " failed (no network and no npm cache?): " + run.output);
  }
  return dir;
}

}  // namespace causeway::testing
