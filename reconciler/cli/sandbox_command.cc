// causeway sandbox start|stop|status|reset|counts: manage the local emulators.
#include <iostream>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/sandbox_launcher.h"
#include "reconciler/cli/terminal.h"

namespace causeway {

int SandboxCommand(const GlobalOptions& g, const std::string& action) {
  Workspace ws(g.workspace);
  SandboxProcess sandbox(ws.sandbox_dir());
  if (action == "start") {
    auto info = sandbox.EnsureRunning();
    if (!info.ok()) {
      PrintError(info.status().message());
      return 1;
    }
    std::cout << "sandbox running at " << info->url << " (pid " << info->pid << ", state in "
              << sandbox.dir() << ")\n";
    return 0;
  }
  if (action == "status") {
    auto info = sandbox.Find();
    if (!info.ok()) {
      std::cout << "sandbox: not running (" << sandbox.dir() << ")\n";
      return 1;
    }
    std::cout << "sandbox running at " << info->url << " (pid " << info->pid << ")\n";
    return 0;
  }
  Status s;
  if (action == "stop") {
    s = sandbox.Stop();
    if (s.ok()) std::cout << "sandbox stopped\n";
  } else if (action == "reset") {
    s = sandbox.Reset();
    if (s.ok()) std::cout << "sandbox reset: every emulator is empty\n";
  } else if (action == "reset-counts") {
    s = sandbox.ResetCounts();
  } else if (action == "counts") {
    auto counts = sandbox.Counts();
    if (counts.ok()) std::cout << *counts << "\n";
    s = counts.status();
  } else {
    s = Status::InvalidArgument("unknown sandbox action " + action);
  }
  if (!s.ok()) {
    PrintError(s.message());
    return 1;
  }
  return 0;
}

}  // namespace causeway
