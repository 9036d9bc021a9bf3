// Markdown rendering of plans for pull-request comments (see plan_markdown.h).
#include "reconciler/plan/plan_markdown.h"

#include "reconciler/plan/plan_render.h"

namespace causeway {

namespace {

const char* Symbol(Action a) {
  switch (a) {
    case Action::kCreate:
      return "+";
    case Action::kUpdate:
    case Action::kDeferredUpdate:
      return "~";
    case Action::kReplace:
      return "-/+";
    case Action::kDelete:
      return "-";
    case Action::kNoOp:
      break;
  }
  return "";
}

// `text` safe inside a table cell or <summary>: no pipes, no HTML.
std::string CellText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

// A fence longer than any run of backticks in `body`, so the body cannot close it.
std::string Fence(const std::string& body) {
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

}  // namespace

std::string RenderPlanMarkdown(const Plan& plan, size_t max_chars) {
  std::string out = "### Causeway plan\n\n";
  if (!plan.undeclared.empty()) {
    out +=
        "**Undeclared inside managed containers (security drift)**\n\n| | found | in | what "
        "| plan |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& f : plan.undeclared) {
      out += std::string("| ") + (f.found.privilege ? "privilege" : "object") + " | `" +
             CellText(f.found.address.str()) + "` | `" + CellText(f.found.container.str()) +
             "` | " + CellText(f.found.summary) + " | " + CellText(f.note) + " |\n";
    }
    out += "\n";
  }
  if (!plan.HasChanges()) {
    return out + (plan.undeclared.empty() ? "No changes. Live state matches the manifests.\n"
                                          : "No changes to apply.\n");
  }
  out += "**" + PlanSummaryLine(plan) + "**\n\n";
  out += "| action | resources |\n| --- | ---: |\n";
  for (Action a : {Action::kCreate, Action::kUpdate, Action::kDeferredUpdate, Action::kReplace,
                   Action::kDelete}) {
    if (int n = plan.Count(a); n > 0) {
      out += std::string("| ") + ActionLabel(a) + " | " + std::to_string(n) + " |\n";
    }
  }
  out += "\n| | resource | action | note |\n| --- | --- | --- | --- |\n";
  for (const auto& c : plan.changes) {
    if (c.action == Action::kNoOp) continue;
    out += std::string("| `") + Symbol(c.action) + "` | `" + CellText(c.address.str()) + "` | " +
           ActionLabel(c.action) + " | " + CellText(c.reason) + " |\n";
  }
  out += "\n";
  size_t left_out = 0;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kNoOp) continue;
    std::string body;
    RenderChange(c, RenderStyle{/*color=*/false, /*marks_first=*/true}, &body);
    const std::string fence = Fence(body);
    std::string block = "<details><summary><code>" + std::string(Symbol(c.action)) + " " +
                        CellText(c.address.str()) + "</code> (" + ActionLabel(c.action) +
                        ")</summary>\n\n" + fence + "diff\n" + body + fence + "\n</details>\n\n";
    if (left_out > 0 || out.size() + block.size() > max_chars) {
      ++left_out;
      continue;
    }
    out += block;
  }
  if (left_out > 0) {
    out += "_" + std::to_string(left_out) +
           " more change(s) left out to keep this comment short; the saved plan "
           "(`causeway plan --out plan.json`) has every change._\n";
  }
  return out;
}

}  // namespace causeway
