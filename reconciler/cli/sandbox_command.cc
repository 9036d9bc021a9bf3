// causeway sandbox start|stop|status|env|reset|counts|reset-counts: manage the local emulators.
// `status --json` and `env` are contracts that scripts outside the project read (README, "The
// sandbox"): their shape changes only with the README.
#include <iostream>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/sandbox_launcher.h"
#include "reconciler/cli/terminal.h"

namespace causeway {

namespace {

// {"running", "url", "pid", "state_dir", "clouds": {<cloud>: <its test credentials>}}.
Value StatusJson(const SandboxProcess& sandbox, const Result<SandboxInfo>& info) {
  Value out = {{"running", info.ok()},
               {"url", nullptr},
               {"pid", nullptr},
               {"state_dir", sandbox.dir()},
               {"clouds", Value::object()}};
  if (!info.ok()) return out;
  out["url"] = info->url;
  out["pid"] = info->pid;
  for (const auto& [cloud, entry] : info->clouds.items()) {
    out["clouds"][cloud] = entry.value("credentials", Value::object());
  }
  return out;
}

// A shell word: single-quoted unless it is plainly safe.
std::string ShellQuote(const std::string& s) {
  bool plain = !s.empty() && s.find_first_not_of(
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                                 "vwxyz0123456789_-./:@%+=,") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `export NAME=value` lines for every cloud's tools, then the shell lines some tools need.
void PrintEnv(const SandboxInfo& info) {
  for (const auto& [cloud, entry] : info.clouds.items()) {
    std::cout << "# " << cloud << ": the sandbox at " << info.url << "\n";
    const Value environment = entry.value("environment", Value::object());
    const Value shell = entry.value("shell", Value::array());
    for (const auto& [name, value] : environment.items()) {
      std::cout << "export " << name << "=" << ShellQuote(value.get<std::string>()) << "\n";
    }
    for (const auto& line : shell) std::cout << line.get<std::string>() << "\n";
  }
}

}  // namespace

int SandboxCommand(const GlobalOptions& g, const std::string& action, bool json) {
  Workspace ws(g.workspace);
  SandboxProcess sandbox(ws.sandbox_dir());
  if (action == "start" || action == "env") {
    auto info = sandbox.EnsureRunning();
    if (!info.ok()) {
      PrintError(info.status().message());
      return 1;
    }
    if (action == "env") {
      PrintEnv(*info);
    } else {
      std::cout << "sandbox running at " << info->url << " (pid " << info->pid << ", state in "
                << sandbox.dir() << ")\n";
    }
    return 0;
  }
  if (action == "status") {
    auto info = sandbox.Find();
    if (json) {
      std::cout << StatusJson(sandbox, info).dump(2) << "\n";
    } else if (info.ok()) {
      std::cout << "sandbox running at " << info->url << " (pid " << info->pid << ")\n";
    } else {
      std::cout << "sandbox: not running (" << sandbox.dir() << ")\n";
    }
    return info.ok() ? 0 : 1;
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
