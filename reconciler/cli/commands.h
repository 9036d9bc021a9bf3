// The CLI's commands. Each takes its parsed options, does its work through a Workspace, writes
// to stdout/stderr (only the CLI does) and returns the process exit code:
//   0 success (plan: no changes), 1 error, 2 plan --detailed-exitcode with changes present,
//   3 apply failed and an undo failed too: things need attention.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "reconciler/cli/workspace.h"

namespace causeway {

struct GlobalOptions {
  WorkspaceOptions workspace;
  bool no_color = false;
};

struct PlanCommandOptions {
  bool json = false;            // --json, the same as --format json
  std::string format = "text";  // --format text|json|markdown (what is printed)
  std::string out;              // --out FILE
  bool detailed_exitcode = false;
  std::set<std::string> targets;
  std::set<std::string> allow_destroy;
  bool refresh = true;
  bool undeclared = true;  // --no-undeclared: skip security drift
};

struct DriftCommandOptions {
  std::string format = "text";  // --format text|json|markdown
  std::string out;              // --out FILE: the report in that format, too
  std::string notify;           // --notify URL | env:NAME: POST the JSON report when drift is found
  bool undeclared = true;       // --no-undeclared: skip security drift
};

struct ExportCommandOptions {
  std::string provider;
  std::set<std::string> kinds;  // --kind (empty: every kind the provider can list)
  std::string scope;            // --scope JSON passed to each kind's list
  std::string out;              // --out FILE (default: stdout)
  bool import = false;          // --import: also record the objects in the state
};

struct ApplyCommandOptions {
  PlanCommandOptions plan;
  std::string plan_file;  // apply FILE
  bool auto_approve = false;
  int parallelism = 0;  // 0: each provider's own limit (ApplyOptions::parallelism)
  bool no_rollback = false;
  bool destroy = false;
};

int ValidateCommand(const GlobalOptions& g);
int PlanCommand(const GlobalOptions& g, const PlanCommandOptions& o);
// Exit 0 no drift, 2 drift found, 1 error (drift_report.h says what counts as drift).
int DriftCommand(const GlobalOptions& g, const DriftCommandOptions& o);
int ExportCommand(const GlobalOptions& g, const ExportCommandOptions& o);
// Loads the manifests, opens the state, configures providers and recovers an interrupted apply;
// prints what went wrong and returns 1, or 0. Shared by the commands that plan.
int OpenWorkspace(Workspace& ws);
int ApplyCommand(const GlobalOptions& g, const ApplyCommandOptions& o);
int RefreshCommand(const GlobalOptions& g);
int ImportCommand(const GlobalOptions& g, const std::string& address, const std::string& id);
int StateListCommand(const GlobalOptions& g);
int StateShowCommand(const GlobalOptions& g, const std::string& address);
int StateHistoryCommand(const GlobalOptions& g, int limit);
int StateRmCommand(const GlobalOptions& g, const std::vector<std::string>& addresses);
int StateMvCommand(const GlobalOptions& g, const std::string& from, const std::string& to);
int GraphCommand(const GlobalOptions& g, const std::string& plan_file);
int ForceUnlockCommand(const GlobalOptions& g, const std::string& lock_id);
// Lists kinds and their attributes (Markdown, or JSON).
int KindsCommand(const GlobalOptions& g, const std::string& provider, bool json);
// action: start, stop, status (`json`: status --json), env, reset, counts, reset-counts.
int SandboxCommand(const GlobalOptions& g, const std::string& action, bool json = false);

}  // namespace causeway
