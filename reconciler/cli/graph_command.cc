// graph: the dependency graph as Graphviz DOT; with a saved plan, nodes are coloured by action
// and cycle-breaking edges (deferred updates) are dashed.
#include <iostream>
#include <map>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/terminal.h"
#include "reconciler/core/filesystem.h"
#include "manifests/manifest_graph.h"
#include "reconciler/plan/plan_json.h"

namespace causeway {

namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const char* ActionColor(Action a) {
  switch (a) {
    case Action::kCreate:
      return "palegreen";
    case Action::kUpdate:
      return "khaki";
    case Action::kReplace:
      return "orange";
    case Action::kDelete:
      return "lightcoral";
    case Action::kDeferredUpdate:
      return "lightblue";
    case Action::kNoOp:
      return "white";
  }
  return "white";
}

}  // namespace

int GraphCommand(const GlobalOptions& g, const std::string& plan_file) {
  Workspace ws(g.workspace);
  if (!ws.LoadManifests().ok()) {
    for (const auto& d : ws.diagnostics()) PrintError(d.str());
    return 1;
  }
  std::map<std::string, Action> actions;
  if (!plan_file.empty()) {
    auto text = RealFileSystem()->ReadFile(plan_file);
    if (!text.ok()) {
      PrintError(text.status().message());
      return 1;
    }
    auto plan = PlanFromJson(Value::parse(*text, nullptr, false));
    if (!plan.ok()) {
      PrintError(plan_file + ": " + plan.status().message());
      return 1;
    }
    for (const auto& c : plan->changes) {
      auto& a = actions[c.address.str()];
      if (c.action != Action::kDeferredUpdate || a == Action::kNoOp) a = c.action;
    }
  }
  DependencyGraph graph = GraphOfManifests(ws.manifests(), ws.registry().schemas());
  DependencyGraph acyclic = graph;
  auto broken = acyclic.BreakCycles();
  std::cout << "digraph causeway {\n  rankdir=LR;\n  node [shape=box, style=filled, "
               "fillcolor=white, fontname=\"Helvetica\"];\n";
  for (const auto& n : graph.nodes()) {
    std::cout << "  " << Quote(n);
    auto it = actions.find(n);
    if (it != actions.end()) {
      std::cout << " [fillcolor=" << ActionColor(it->second)
                << ", tooltip=" << Quote(ActionName(it->second)) << "]";
    }
    std::cout << ";\n";
  }
  for (const auto& e : graph.edges()) {
    bool is_broken = false;
    if (broken.ok()) {
      for (const auto& b : *broken) {
        if (b.from == e.from && b.to == e.to && b.attribute == e.attribute) is_broken = true;
      }
    }
    std::cout << "  " << Quote(e.from) << " -> " << Quote(e.to);
    std::string attrs;
    if (!e.attribute.empty()) attrs += "label=" + Quote(e.attribute);
    if (is_broken) attrs += std::string(attrs.empty() ? "" : ", ") + "style=dashed";
    if (!attrs.empty()) std::cout << " [" << attrs << "]";
    std::cout << ";\n";
  }
  std::cout << "}\n";
  return 0;
}

}  // namespace causeway
