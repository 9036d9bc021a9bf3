// drift: refresh everything, compare live <-> state <-> manifests (drift_report.h), print the
// report as text, JSON or Markdown (and write it to --out), and post it to --notify when there is
// drift. Changes nothing: no provider write, no state commit. What no manifest declares inside a
// managed container (security drift) is drift of class "unmanaged", and makes it exit 2 even
// when kept: plan, by contrast, counts only what apply would change.
#include <iostream>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/drift_notifier.h"
#include "reconciler/cli/terminal.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/plan/drift_report.h"
#include "reconciler/plan/planner.h"

namespace causeway {

int DriftCommand(const GlobalOptions& g, const DriftCommandOptions& o) {
  Workspace ws(g.workspace);
  if (int rc = OpenWorkspace(ws); rc != 0) return rc;
  // Drift only reports: a delete the plan would refuse without the data opt-in is still drift.
  PlanOptions options;
  for (const auto& [address, _] : ws.state().resources) options.allow_destroy.insert(address);
  options.undeclared = o.undeclared;
  auto planned = Planner(&ws.registry()).MakePlan(ws.manifests(), ws.state(), options);
  if (!planned.ok()) {
    PrintError(planned.status().message());
    return 1;
  }
  DriftReport report = BuildDriftReport(planned->plan, ws.state(), &ws.registry());
  std::string rendered = o.format == "json"       ? DriftToJson(report).dump(2) + "\n"
                         : o.format == "markdown" ? RenderDriftMarkdown(report)
                                                  : RenderDriftText(report);
  std::cout << rendered;
  if (!o.out.empty()) {
    Status s = RealFileSystem()->WriteFileAtomic(o.out, rendered, 0644);
    if (!s.ok()) {
      PrintError(s.message());
      return 1;
    }
  }
  if (!o.notify.empty() && report.HasDrift()) {
    auto url = ResolveNotifyUrl(o.notify);
    Status s = url.status();
    if (url.ok()) {
      auto http = NewCurlHttpClient();
      s = PostNotification(*http, *url, DriftToJson(report));
    }
    if (!s.ok()) {
      PrintError(s.message());
      return 1;
    }
    std::cerr << "Posted the drift report to the --notify webhook.\n";
  }
  return report.HasDrift() ? 2 : 0;
}

}  // namespace causeway
