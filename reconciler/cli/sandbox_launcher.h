// SandboxProcess: starts, finds, checks and stops the local `causeway-sandbox` emulators for the
// CLI (`causeway sandbox start|stop|status|env|reset`, and `endpoint: sandbox` in a providers
// block, which starts it on demand). The sandbox runs detached and keeps its state, port and pid
// files in one directory (default `.causeway/sandbox/` beside the manifests) so every later
// command reuses it. The binary is found beside the running `causeway` (or CAUSEWAY_SANDBOX_BIN).
// What each emulated cloud needs of a client (its test credentials, the environment that points
// the cloud's own tools at the sandbox) is asked of the running sandbox (GET /_sandbox/clouds),
// so the CLI names no cloud. The sandbox takes its AWS keys from CAUSEWAY_SANDBOX_ACCESS_KEY /
// CAUSEWAY_SANDBOX_SECRET_KEY when set; they are test keys, stored nowhere by the CLI.
// Thread-safety: one per command.
#pragma once

#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

struct SandboxInfo {
  std::string url;  // http://127.0.0.1:PORT
  int pid = 0;
  // Per cloud ("aws"): {"credentials": {..}, "environment": {NAME: value}, "shell": [lines]}.
  Value clouds = Value::object();
};

class SandboxProcess {
 public:
  explicit SandboxProcess(std::string dir) : dir_(std::move(dir)) {}
  // The running sandbox of this directory; NotFound if none answers.
  Result<SandboxInfo> Find() const;
  // Find(), or start one and wait (up to 15 s) until it answers.
  Result<SandboxInfo> EnsureRunning() const;
  // SIGTERM and wait; NotFound if none was running.
  Status Stop() const;
  // Empties every emulator's state (POST /_sandbox/reset).
  Status Reset() const;
  // GET /_sandbox/counts as text.
  Result<std::string> Counts() const;
  // Zeroes the request counters (POST /_sandbox/counts/reset).
  Status ResetCounts() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace causeway
