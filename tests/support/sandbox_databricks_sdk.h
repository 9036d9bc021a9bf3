// Test support for the Databricks SDK fidelity test: installs the Databricks JS SDK pinned in
// tests/sandbox/databricks/sdk/ (npm ci into the build directory, once; sandbox_node.h) and runs
// tests/sandbox/databricks/sdk/fidelity.js with node against a SandboxFixture's Databricks front
// end. Needs node and npm on PATH (scripts/setup.sh installs them), and the npm registry or npm's
// cache for the first install.
#pragma once

#include <string>

#include "reconciler/core/status.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/sandbox_node.h"

namespace causeway::testing {

// Why the SDK cannot run here ("node is not installed", ...), or "" when it can.
std::string DatabricksSdkUnavailable();

// Installs the pinned SDK under CAUSEWAY_BINARY_DIR/databricks-sdk-node (a no-op when it is
// already there) and returns that directory; Unavailable with npm's output when npm ci fails
// (no network and an empty npm cache, say).
Result<std::string> InstallDatabricksSdk();

// Runs fidelity.js from the SDK in `sdk_dir` against `fixture`'s sandbox with `token` and the
// default warehouse id.
ScriptRun RunDatabricksSdkScript(const std::string& sdk_dir, const SandboxFixture& fixture,
                                 const std::string& token);

}  // namespace causeway::testing
