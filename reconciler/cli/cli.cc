// Argument parsing (CLI11) and dispatch to the commands.
#include "reconciler/cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/logging.h"
#include "reconciler/cli/terminal.h"

namespace causeway {

namespace {

constexpr const char* kVersion = "0.1.0";
constexpr const char* kParallelismHelp =
    "Steps run at once (default: 16 per provider, or what a provider that batches asks for)";

// --var k=v
Status ParseVars(const std::vector<std::string>& vars, std::map<std::string, std::string>* out) {
  for (const auto& v : vars) {
    auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--var expects NAME=VALUE, got '" + v + "'");
    }
    (*out)[v.substr(0, eq)] = v.substr(eq + 1);
  }
  return Status::Ok();
}

void AddPlanFlags(CLI::App* cmd, PlanCommandOptions* o, std::vector<std::string>* targets,
                  std::vector<std::string>* allow_destroy) {
  cmd->add_option("--target", *targets, "Plan only this address and what it depends on");
  cmd->add_option("--allow-destroy", *allow_destroy,
                  "Allow deleting or replacing this data-holding resource");
  cmd->add_flag("!--no-refresh", o->refresh, "Trust the state instead of reading live objects");
  cmd->add_flag("!--no-undeclared", o->undeclared,
                "Skip looking for what no manifest declares inside managed containers (security "
                "drift): fewer provider calls");
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{
      "Causeway: declarative reconciler for data-lake infrastructure across AWS, "
      "Snowflake and Databricks"};
  app.require_subcommand(1);
  app.fallthrough(true);  // global options may follow the subcommand
  GlobalOptions g;
  int verbosity = 0;
  std::string log_format = "text";
  std::vector<std::string> vars, var_files;
  app.add_option("-C,--dir", g.workspace.dir, "Manifest directory")->capture_default_str();
  app.add_option("--state-dir", g.workspace.state_dir,
                 "State repository directory (default DIR/.causeway)");
  app.add_option("--state-branch", g.workspace.state_branch, "State branch")->capture_default_str();
  app.add_option("--state-remote", g.workspace.state_remote,
                 "Where the state is shared: a git remote (file://, ssh or https URL) or "
                 "s3://BUCKET/KEY[?region=R&endpoint=URL|sandbox&profile=P]")
      ->envname("CAUSEWAY_STATE_REMOTE");
  app.add_flag("-v,--verbose", verbosity, "More logging (-v info, -vv debug)");
  app.add_option("--log-format", log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--no-color", g.no_color, "No ANSI colours");
  app.add_flag("--sandbox", g.workspace.sandbox,
               "Use the local emulators for every provider (started on demand)");
  app.add_option("--refresh-mode", g.workspace.refresh_mode,
                 "bulk (default: one list per container) or per-resource (one read per object)")
      ->check(CLI::IsMember({"bulk", "per-resource"}));
  app.add_option("--var", vars, "Set a variable: NAME=VALUE");
  app.add_option("--var-file", var_files, "Read variables from a YAML file");

  auto* validate = app.add_subcommand("validate", "Check the manifests; contact nothing");

  PlanCommandOptions plan_opts;
  std::vector<std::string> plan_targets, plan_allow;
  auto* plan = app.add_subcommand("plan", "Show what apply would change");
  AddPlanFlags(plan, &plan_opts, &plan_targets, &plan_allow);
  plan->add_flag("--json", plan_opts.json, "Print the plan as JSON (schema in README)");
  plan->add_option("--format", plan_opts.format,
                   "text, json (schema in README) or markdown (for a pull-request comment)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  plan->add_option("--rev", g.workspace.manifest_rev,
                   "Read the manifests as of this git revision (no checkout needed)");
  plan->add_option("--out", plan_opts.out,
                   "Save the plan (JSON, whatever --format) to apply later");
  plan->add_flag("--detailed-exitcode", plan_opts.detailed_exitcode,
                 "Exit 0 for no changes, 2 for changes, 1 for errors");

  DriftCommandOptions drift_opts;
  auto* drift = app.add_subcommand(
      "drift", "Report drift: live vs state vs manifests (exit 0 none, 2 drift, 1 error)");
  drift->add_option("--format", drift_opts.format, "text, json (versioned schema) or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  drift->add_option("--out", drift_opts.out, "Also write the report to FILE");
  drift->add_option("--notify", drift_opts.notify,
                    "POST the JSON report to URL when there is drift (env:NAME reads the URL "
                    "from the environment variable NAME)");
  drift->add_flag("!--no-undeclared", drift_opts.undeclared,
                  "Skip looking for what no manifest declares inside managed containers");

  ExportCommandOptions export_opts;
  std::vector<std::string> export_kinds;
  auto* exporter = app.add_subcommand(
      "export", "Write manifests for existing objects nobody manages yet (and import them)");
  exporter->add_option("provider", export_opts.provider, "aws, databricks, ...")->required();
  exporter->add_option("--kind", export_kinds, "Only this kind (repeatable)");
  exporter->add_option("--scope", export_opts.scope,
                       "JSON passed to each kind's list, e.g. '{\"database\": \"trips_db\"}'");
  exporter->add_option("--out", export_opts.out, "Write the manifests to FILE (never overwritten)");
  exporter->add_flag("--import", export_opts.import,
                     "Also record the objects in the state (--out must be in the manifest dir)");

  ApplyCommandOptions apply_opts;
  std::vector<std::string> apply_targets, apply_allow;
  auto* apply = app.add_subcommand("apply", "Apply the manifests (or a saved plan)");
  AddPlanFlags(apply, &apply_opts.plan, &apply_targets, &apply_allow);
  apply->add_option("plan_file", apply_opts.plan_file, "A plan saved with plan --out");
  apply->add_flag("--auto-approve", apply_opts.auto_approve, "Do not ask for confirmation");
  apply->add_option("--parallelism", apply_opts.parallelism, kParallelismHelp)
      ->check(CLI::Range(1, 256));
  apply->add_flag("--no-rollback", apply_opts.no_rollback,
                  "On failure keep partial progress instead of undoing it");

  ApplyCommandOptions destroy_opts;
  destroy_opts.destroy = true;
  std::vector<std::string> destroy_targets, destroy_allow;
  auto* destroy = app.add_subcommand("destroy", "Delete everything the state manages");
  AddPlanFlags(destroy, &destroy_opts.plan, &destroy_targets, &destroy_allow);
  destroy->add_flag("--auto-approve", destroy_opts.auto_approve, "Do not ask for confirmation");
  destroy->add_option("--parallelism", destroy_opts.parallelism, kParallelismHelp)
      ->check(CLI::Range(1, 256));
  destroy->add_flag("--no-rollback", destroy_opts.no_rollback, "Keep partial progress on failure");

  auto* refresh = app.add_subcommand("refresh", "Update the state from live objects");

  std::string import_address, import_id;
  auto* import = app.add_subcommand("import", "Adopt an existing object into the state");
  import->add_option("address", import_address, "KIND.NAME declared in the manifests")->required();
  import->add_option("id", import_id, "The provider's id of the object")->required();

  auto* state = app.add_subcommand("state", "Inspect or edit the state");
  state->require_subcommand(1);
  auto* state_list = state->add_subcommand("list", "List managed addresses");
  std::string show_address;
  auto* state_show = state->add_subcommand("show", "Show one resource");
  state_show->add_option("address", show_address)->required();
  int history_limit = 50;
  auto* state_history = state->add_subcommand("history", "State commits, newest first");
  state_history->add_option("-n,--limit", history_limit)->capture_default_str();
  std::vector<std::string> rm_addresses;
  auto* state_rm = state->add_subcommand("rm", "Forget resources (objects are untouched)");
  state_rm->add_option("addresses", rm_addresses)->required();
  std::string mv_from, mv_to;
  auto* state_mv = state->add_subcommand("mv", "Rename a resource in the state");
  state_mv->add_option("from", mv_from)->required();
  state_mv->add_option("to", mv_to)->required();

  std::string graph_plan;
  auto* graph = app.add_subcommand("graph", "Print the dependency graph as DOT");
  graph->add_option("--plan", graph_plan, "Colour nodes by the actions of a saved plan");

  std::string lock_id;
  auto* unlock = app.add_subcommand("force-unlock", "Remove a lock left by a dead process");
  unlock->add_option("lock_id", lock_id)->required();

  auto* version = app.add_subcommand("version", "Print the version");

  std::string kinds_provider;
  bool kinds_json = false;
  auto* kinds = app.add_subcommand("kinds", "List resource kinds and their attributes");
  kinds->add_option("provider", kinds_provider, "Only this provider's kinds (e.g. aws)");
  kinds->add_flag("--json", kinds_json, "As JSON");

  auto* sandbox = app.add_subcommand("sandbox", "Manage the local cloud emulators");
  sandbox->require_subcommand(1);
  std::string sandbox_action;
  bool sandbox_json = false;
  for (const char* a : {"start", "stop", "status", "env", "reset", "counts", "reset-counts"}) {
    auto* sub = sandbox->add_subcommand(
        a, std::string(a) == "env"
               ? "print the exports that point the clouds' own tools (awscli) at the sandbox"
               : std::string(a) + " the sandbox");
    sub->callback([&sandbox_action, a] { sandbox_action = a; });
    if (std::string(a) == "status") {
      sub->add_flag("--json", sandbox_json,
                    "As JSON: running, url, pid, state_dir, clouds (schema in README)");
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }

  SetupLogging(verbosity, log_format);
  // Like terraform -chdir: every relative path (state, saved plans, var files) is relative to
  // the manifest directory.
  if (g.workspace.dir != ".") {
    if (::chdir(g.workspace.dir.c_str()) != 0) {
      PrintError("cannot enter directory " + g.workspace.dir + ": " + std::strerror(errno));
      return 1;
    }
    g.workspace.dir = ".";
  }
  Status s = ParseVars(vars, &g.workspace.load.var_overrides);
  if (!s.ok()) {
    PrintError(s.message());
    return 1;
  }
  g.workspace.load.var_files = var_files;
  auto to_set = [](const std::vector<std::string>& v) {
    return std::set<std::string>(v.begin(), v.end());
  };
  plan_opts.targets = to_set(plan_targets);
  plan_opts.allow_destroy = to_set(plan_allow);
  apply_opts.plan.targets = to_set(apply_targets);
  apply_opts.plan.allow_destroy = to_set(apply_allow);
  destroy_opts.plan.targets = to_set(destroy_targets);
  destroy_opts.plan.allow_destroy = to_set(destroy_allow);

  if (*validate) return ValidateCommand(g);
  if (*plan) return PlanCommand(g, plan_opts);
  if (*drift) return DriftCommand(g, drift_opts);
  if (*exporter) {
    export_opts.kinds = to_set(export_kinds);
    return ExportCommand(g, export_opts);
  }
  if (*apply) return ApplyCommand(g, apply_opts);
  if (*destroy) return ApplyCommand(g, destroy_opts);
  if (*refresh) return RefreshCommand(g);
  if (*import) return ImportCommand(g, import_address, import_id);
  if (*state_list) return StateListCommand(g);
  if (*state_show) return StateShowCommand(g, show_address);
  if (*state_history) return StateHistoryCommand(g, history_limit);
  if (*state_rm) return StateRmCommand(g, rm_addresses);
  if (*state_mv) return StateMvCommand(g, mv_from, mv_to);
  if (*graph) return GraphCommand(g, graph_plan);
  if (*unlock) return ForceUnlockCommand(g, lock_id);
  if (*sandbox) return SandboxCommand(g, sandbox_action, sandbox_json);
  if (*kinds) return KindsCommand(g, kinds_provider, kinds_json);
  if (*version) {
    std::cout << "causeway " << kVersion << "\n";
    return 0;
  }
  return 1;
}

}  // namespace causeway
