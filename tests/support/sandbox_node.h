// Test support shared by the SDK fidelity tests that drive the sandbox with a cloud's own npm
// client (tests/sandbox/databricks/sdk/, tests/sandbox/snowflake/sdk/): whether node, npm and
// flock are here, installing the packages a test directory pins (npm_ci_pinned.sh: npm ci into
// the build directory, once), and running a command capturing its output.
// Thread-safety: free functions; installs are serialised across processes by flock.
#pragma once

#include <string>

#include "reconciler/core/status.h"

namespace causeway::testing {

struct ScriptRun {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // stdout and stderr
};

// `command` run by sh, its exit status and its stdout and stderr together.
ScriptRun CaptureCommand(const std::string& command);

// Why node-driven tests cannot run here ("node is not installed ..."), or "" when they can.
std::string NodeToolsUnavailable();

// Installs what `source_dir` (package.json + package-lock.json) pins into
// CAUSEWAY_BINARY_DIR/`install_name` (a no-op when it is there already) and returns that
// directory; Unavailable with npm's output when npm ci fails.
Result<std::string> InstallPinnedNodePackages(const std::string& source_dir,
                                              const std::string& install_name);

}  // namespace causeway::testing
