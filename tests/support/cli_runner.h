// CliRunner: runs the real `causeway` binary in a temporary manifest directory and captures its
// exit code, stdout and stderr, for end-to-end tests of the command line. Also writes manifest
// files and reads the mem provider's live file. Thread-safety: one per test.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "reconciler/core/value.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {

struct CliResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

class CliRunner {
 public:
  CliRunner();   // creates a fresh temporary directory
  ~CliRunner();  // removes it
  CliRunner(const CliRunner&) = delete;
  CliRunner& operator=(const CliRunner&) = delete;

  const std::string& dir() const { return dir_; }
  // Writes `content` to dir/name.
  void Write(const std::string& name, const std::string& content) const;
  void Remove(const std::string& name) const;
  // Runs `causeway -C dir --no-color ARGS...` with stdin from /dev/null (or `input`).
  CliResult Run(const std::vector<std::string>& args, const std::string& input = "") const;
  // Starts it in the background; Wait() collects it.
  int Start(const std::vector<std::string>& args) const;
  CliResult Wait(int pid) const;
  // The mem provider's live objects (dir/.causeway-live.json), or an empty object.
  Value Live() const;
  std::string ReadFile(const std::string& relative) const;
  bool Exists(const std::string& relative) const;

  static std::string Binary();

 private:
  TempDir tmp_{"causeway-cli"};
  std::string dir_ = tmp_.path();
};

// The addresses a `plan --json` in the runner's directory would change (every action but
// no-op). A plan that fails adds a test failure and gives none.
std::set<std::string> PlannedChanges(const CliRunner& cli);

}  // namespace causeway::testing
