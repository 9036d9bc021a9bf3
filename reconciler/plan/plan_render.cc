// Human rendering of plans (Terraform-style blocks and a summary line).
#include "reconciler/plan/plan_render.h"

#include <algorithm>

#include "reconciler/core/value.h"
#include "reconciler/plan/value_diff.h"

namespace causeway {

namespace {

constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kReset = "\x1b[0m";
constexpr const char* kIndent = "      ";

std::string Paint(const std::string& text, const char* colour, bool color) {
  return color ? std::string(colour) + text + kReset : text;
}

// The 3-column symbol that starts a block, and the action label.
std::string Symbol(Action a, bool color) {
  switch (a) {
    case Action::kCreate:
      return "  " + Paint("+", kGreen, color);
    case Action::kUpdate:
    case Action::kDeferredUpdate:
      return "  " + Paint("~", kYellow, color);
    case Action::kReplace:
      return Paint("-", kRed, color) + "/" + Paint("+", kGreen, color);
    case Action::kDelete:
      return "  " + Paint("-", kRed, color);
    case Action::kNoOp:
      break;
  }
  return "   ";
}

// Nested unknowns (a policy whose principal is not known yet) read as "(known after apply)".
Value MarkUnknowns(const Value& v) {
  if (IsUnknown(v)) return "(known after apply)";
  if (!v.is_object() && !v.is_array()) return v;
  Value out = v;
  for (auto& e : out) e = MarkUnknowns(e);
  return out;
}

std::string Shown(const AttributeChange& a, const Value& v) {
  if (a.sensitive) return "(sensitive)";
  if (IsUnknown(v) || !ContainsUnknown(v)) return RenderValue(v);
  return RenderValue(MarkUnknowns(v));
}

// The lines of a nested attribute's change: its name, then the line diff of its values. In
// the text form the mark follows the indentation; in `marks_first` form (a ```diff block) it
// starts the line, where Markdown viewers colour it.
void RenderNested(const AttributeChange& a, const std::string& head, const RenderStyle& style,
                  std::string* out) {
  *out += head + "\n";
  for (const DiffLine& d : DiffValues(MarkUnknowns(a.before), MarkUnknowns(a.after))) {
    const char* colour = d.mark == '-' ? kRed : d.mark == '+' ? kGreen : nullptr;
    std::string mark = d.mark == '.' ? " " : std::string(1, d.mark);
    if (d.mark == '.') {
      *out += (style.marks_first ? "  " : std::string(kIndent) + "    ") + "# " + d.text + "\n";
    } else if (style.marks_first) {
      *out += mark + std::string(kIndent) + "  " + d.text + "\n";
    } else {
      std::string painted = colour != nullptr ? Paint(mark, colour, style.color) : mark;
      *out += std::string(kIndent) + "  " + painted + " " + d.text + "\n";
    }
  }
}

}  // namespace

void RenderChange(const Change& c, const RenderStyle& style, std::string* out) {
  const bool color = style.color;
  *out += Symbol(c.action, color) + " " + c.address.str() + " (" + ActionLabel(c.action) + ")\n";
  if (c.action == Action::kDelete && !c.id.empty()) {
    *out += kIndent + std::string("id: ") + RenderValue(c.id) + "\n";
  }
  if (c.action != Action::kDelete) {
    for (const auto& a : c.attribute_changes) {
      std::string line = kIndent + a.name + ":";
      std::string notes;
      if (a.forces_replacement) notes += "  " + Paint("# forces replacement", kRed, color);
      if (std::find(c.bootstrap_attributes.begin(), c.bootstrap_attributes.end(), a.name) !=
          c.bootstrap_attributes.end()) {
        notes += "  # bootstrap value until the deferred update";
      }
      if (c.action != Action::kCreate && !a.sensitive && IsNestedChange(a.before, a.after)) {
        RenderNested(a, line + notes, style, out);
        continue;
      }
      line += " ";
      if (c.action == Action::kCreate) {
        line += Shown(a, a.after);
      } else {
        line += Shown(a, a.before) + " -> " + Shown(a, a.after);
      }
      *out += line + notes + "\n";
    }
  }
  if (!c.reason.empty()) *out += kIndent + std::string("# ") + c.reason + "\n";
}

const char* ActionLabel(Action a) {
  return a == Action::kDeferredUpdate ? "deferred update" : ActionName(a);
}

std::string PlanSummaryLine(const Plan& plan) {
  return "Plan: " + std::to_string(plan.Count(Action::kCreate)) + " to create, " +
         std::to_string(plan.Count(Action::kUpdate) + plan.Count(Action::kDeferredUpdate)) +
         " to update, " + std::to_string(plan.Count(Action::kReplace)) + " to replace, " +
         std::to_string(plan.Count(Action::kDelete)) + " to delete.";
}

std::string UndeclaredLine(const UndeclaredFinding& f) {
  return std::string(f.found.privilege ? "privilege" : "object") + " " + f.found.address.str() +
         " in " + f.found.container.str() + ": " + f.found.summary + " (" + f.note + ")";
}

std::string RenderUndeclared(const Plan& plan, bool color) {
  if (plan.undeclared.empty()) return "";
  int removed = 0;
  for (const auto& f : plan.undeclared) removed += f.removed ? 1 : 0;
  std::string out = "Undeclared inside managed containers (security drift): " +
                    std::to_string(plan.undeclared.size()) + " found, " + std::to_string(removed) +
                    " to remove.\n";
  for (const auto& f : plan.undeclared) {
    out += "  " + Paint(f.removed ? "-" : "!", f.removed ? kRed : kYellow, color) + " " +
           UndeclaredLine(f) + "\n";
  }
  return out + "\n";
}

std::string RenderPlan(const Plan& plan, bool color) {
  std::string out = RenderUndeclared(plan, color);
  if (!plan.HasChanges()) {
    if (plan.undeclared.empty()) return "No changes. Live state matches the manifests.\n";
    return out +
           "No changes to apply. What is found above is kept; lifecycle.exclusive on its "
           "container makes the plan remove it.\n";
  }
  for (const auto& c : plan.changes) {
    if (c.action == Action::kNoOp) continue;
    RenderChange(c, RenderStyle{color, false}, &out);
    out += "\n";
  }
  out += PlanSummaryLine(plan) + "\n";
  return out;
}

}  // namespace causeway
