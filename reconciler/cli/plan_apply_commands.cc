// validate, plan, apply and destroy.
#include <spdlog/spdlog.h>

#include <iostream>

#include "reconciler/apply/applier.h"
#include "reconciler/cli/commands.h"
#include "reconciler/cli/terminal.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/plan/plan_json.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_render.h"
#include "reconciler/plan/planner.h"
#include "reconciler/plan/sensitive.h"

namespace causeway {

namespace {

int Fail(const Status& s) {
  PrintError(s.message());
  return 1;
}

void PrintDiagnostics(const Workspace& ws) {
  for (const auto& d : ws.diagnostics()) PrintError(d.str());
  std::cerr << ws.diagnostics().size() << " problem(s) found; nothing was contacted or changed.\n";
}

// Adds each kind's change note (from its provider's schema) to the changes that create, update
// or replace a resource of that kind, so the plan says what apply will wait for.
void AddProviderNotes(const ProviderRegistry& registry, Plan* plan) {
  for (auto& c : plan->changes) {
    if (c.action == Action::kNoOp || c.action == Action::kDelete) continue;
    const KindSchema* schema = registry.Schema(c.address.kind);
    if (schema == nullptr || schema->change_note.empty()) continue;
    if (c.reason.find(schema->change_note) != std::string::npos) continue;
    c.reason += (c.reason.empty() ? "" : "; ") + schema->change_note;
  }
}

PlanOptions ToPlanOptions(const PlanCommandOptions& o, bool destroy) {
  PlanOptions p;
  p.refresh = o.refresh;
  p.destroy = destroy;
  p.targets = o.targets;
  p.allow_destroy = o.allow_destroy;
  p.undeclared = o.undeclared;
  return p;
}

// What an apply did: a delete that found its object already gone only removed it from the
// state, and is counted as that, not as deleted.
std::string ApplySummary(const Plan& plan, const ApplyResult& result) {
  int forgotten = static_cast<int>(result.removed_from_state.size());
  std::string s =
      std::to_string(plan.Count(Action::kCreate)) + " created, " +
      std::to_string(plan.Count(Action::kUpdate) + plan.Count(Action::kDeferredUpdate)) +
      " updated, " + std::to_string(plan.Count(Action::kReplace)) + " replaced, " +
      std::to_string(plan.Count(Action::kDelete) - forgotten) + " deleted";
  if (forgotten > 0) s += ", " + std::to_string(forgotten) + " removed from the state only";
  return s;
}

}  // namespace

int OpenWorkspace(Workspace& ws) {
  if (Status loaded = ws.LoadManifests(); !loaded.ok()) {
    if (ws.diagnostics().empty()) return Fail(loaded);  // not read at all (plan --rev)
    PrintDiagnostics(ws);
    return 1;
  }
  Status s = ws.OpenState();
  if (!s.ok()) return Fail(s);
  s = ws.ConfigureProviders();
  if (!s.ok()) return Fail(s);
  std::vector<std::string> report;
  s = ws.RecoverIfNeeded(&report);
  if (!s.ok()) return Fail(s);
  if (!report.empty()) {
    std::cerr << "Recovered from an interrupted apply (journal found):\n";
    for (const auto& r : report) std::cerr << "  " << r << "\n";
  }
  return 0;
}

int ValidateCommand(const GlobalOptions& g) {
  Workspace ws(g.workspace);
  if (!ws.LoadManifests().ok()) {
    PrintDiagnostics(ws);
    return 1;
  }
  std::cout << "Success! " << ws.manifests().resources.size() << " resource(s) are valid.\n";
  return 0;
}

int PlanCommand(const GlobalOptions& g, const PlanCommandOptions& o) {
  Workspace ws(g.workspace);
  if (int rc = OpenWorkspace(ws); rc != 0) return rc;
  Planner planner(&ws.registry());
  auto planned = planner.MakePlan(ws.manifests(), ws.state(), ToPlanOptions(o, false));
  if (!planned.ok()) return Fail(planned.status());
  AddProviderNotes(ws.registry(), &planned->plan);
  planned->plan.manifest_revision = ws.manifest_revision();
  const Plan& plan = planned->plan;
  if (!o.out.empty()) {
    Status s = RealFileSystem()->WriteFileAtomic(o.out, PlanToJson(plan).dump(2) + "\n", 0600);
    if (!s.ok()) return Fail(s);
  }
  if (o.json || o.format == "json") {
    std::cout << PlanToJson(plan).dump(2) << "\n";
  } else if (o.format == "markdown") {
    std::cout << RenderPlanMarkdown(plan);
  } else {
    TerminalOptions t = DetectTerminal(g.no_color);
    std::cout << RenderPlan(plan, t.color);
    if (!o.out.empty()) {
      std::cout << "\nSaved the plan to " << o.out << ". Apply exactly it with: causeway apply "
                << o.out << "\n";
    }
  }
  if (o.detailed_exitcode && plan.HasChanges()) return 2;
  return 0;
}

int ApplyCommand(const GlobalOptions& g, const ApplyCommandOptions& o) {
  Workspace ws(g.workspace);
  TerminalOptions t = DetectTerminal(g.no_color);
  if (!ws.LoadManifests().ok()) {
    PrintDiagnostics(ws);
    return 1;
  }
  Status s = ws.OpenState();
  if (!s.ok()) return Fail(s);
  s = ws.ConfigureProviders();
  if (!s.ok()) return Fail(s);
  // The lock is held from before planning until the state is saved, so nobody else can move
  // the state in between.
  s = ws.Lock(o.destroy ? "destroy" : "apply");
  if (!s.ok()) return Fail(s);
  s = ws.OpenState();  // re-read under the lock
  if (!s.ok()) return Fail(s);
  std::vector<std::string> report;
  s = ws.RecoverIfNeeded(&report);
  if (!s.ok()) return Fail(s);
  for (const auto& r : report) std::cerr << "Recovered: " << r << "\n";

  Plan plan;
  if (!o.plan_file.empty()) {
    auto text = RealFileSystem()->ReadFile(o.plan_file);
    if (!text.ok()) return Fail(text.status());
    Value j = Value::parse(*text, nullptr, false);
    if (j.is_discarded()) return Fail(Status::InvalidArgument(o.plan_file + " is not valid JSON"));
    auto parsed = PlanFromJson(j);
    if (!parsed.ok()) return Fail(parsed.status().WithContext(o.plan_file));
    plan = std::move(parsed).value();
    if (plan.lineage != ws.state().lineage || plan.serial != ws.state().serial) {
      return Fail(Status::Conflict(
          "the saved plan " + o.plan_file + " is stale: it was made against state serial " +
          std::to_string(plan.serial) + " (lineage " +
          (plan.lineage.empty() ? "none" : plan.lineage) + ") but the state is now at serial " +
          std::to_string(ws.state().serial) + " (lineage " +
          (ws.state().lineage.empty() ? "none" : ws.state().lineage) + "); run plan again"));
    }
  } else {
    Planner planner(&ws.registry());
    auto planned = planner.MakePlan(ws.manifests(), ws.state(), ToPlanOptions(o.plan, o.destroy));
    if (!planned.ok()) return Fail(planned.status());
    plan = std::move(planned->plan);
    AddProviderNotes(ws.registry(), &plan);
  }
  std::cout << RenderPlan(plan, t.color);
  if (!plan.HasChanges()) return 0;
  if (!o.auto_approve) {
    if (!t.stdin_tty) {
      return Fail(Status::Aborted(
          "refusing to apply without confirmation: standard input is not a terminal; review the "
          "plan and pass --auto-approve"));
    }
    if (!ConfirmYes("\nDo you want to perform these actions?")) {
      std::cout << "Apply cancelled.\n";
      return 1;
    }
  }

  Journal journal(ws.journal_path(), RealFileSystem());
  ProgressReporter reporter(stdout, t.stdout_tty);
  Applier applier(&ws.registry(), &journal, &reporter);
  ApplyOptions ao;
  ao.parallelism = o.parallelism;
  ao.no_rollback = o.no_rollback;
  ao.sensitive_values = SensitiveValues(ws.manifests(), ws.registry().schemas());
  ApplyResult result = applier.Apply(plan, ws.state(), ao);
  reporter.Finish();
  if (!result.began) {
    std::cerr << "\n";
    PrintError(result.status.message());
    std::cerr << "Nothing was changed.\n";
    return result.exit_code == 0 ? 1 : result.exit_code;
  }

  std::string verb = o.destroy ? "destroy" : "apply";
  std::string message;
  if (result.status.ok()) {
    message = verb + ": " + ApplySummary(plan, result);
  } else if (result.rolled_back) {
    message = verb + " failed and was rolled back: " + result.status.message();
  } else {
    message = verb + " failed (" + std::to_string(result.steps_done) +
              " step(s) kept): " + result.status.message();
  }
  s = ws.SaveState(std::move(result.state), message);
  if (!s.ok()) {
    PrintError(
        "could not save the state (the journal is kept; the next command will reconcile it): " +
        s.message());
    return result.exit_code == 0 ? 1 : result.exit_code;
  }
  s = journal.Remove();
  if (!s.ok()) spdlog::warn("could not remove the journal: {}", s.message());

  if (result.status.ok()) {
    std::cout << "\n"
              << (o.destroy ? "Destroy" : "Apply") << " complete! " << ApplySummary(plan, result)
              << ".\n";
    return 0;
  }
  std::cerr << "\n";
  PrintError(result.status.message());
  if (result.rolled_back) {
    std::cerr << "Completed steps were rolled back; the state matches what exists.\n";
  } else {
    std::cerr << "Partial progress was kept (--no-rollback); the state records exactly what "
                 "exists.\n";
  }
  if (!result.needs_attention.empty()) {
    std::cerr << "These need attention:\n";
    for (const auto& n : result.needs_attention) std::cerr << "  - " << Printable(n) << "\n";
  }
  return result.exit_code == 0 ? 1 : result.exit_code;
}

}  // namespace causeway
