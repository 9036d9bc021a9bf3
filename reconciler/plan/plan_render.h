// Human form of a plan, Terraform-style: one block per change with a symbol (+ create,
// ~ update, -/+ replace, - delete, ~ deferred update), changed attributes as
// `name: before -> after` (nested values -- policies, column lists, maps -- as an indented line
// diff with only the changed lines marked, value_diff.h), "(known after apply)" for unknowns,
// "(sensitive)" for secrets,
// "# forces replacement" markers, then one summary line:
//   Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.
// (deferred updates are counted in "to update"). With color=true uses ANSI colours.
#pragma once

#include <string>

#include "reconciler/plan/plan.h"

namespace causeway {

struct RenderStyle {
  bool color = false;
  // Line-diff marks in the first column (for a Markdown ```diff block) rather than after the
  // indentation.
  bool marks_first = false;
};

std::string RenderPlan(const Plan& plan, bool color);
// One change's block (no trailing blank line).
void RenderChange(const Change& change, const RenderStyle& style, std::string* out);
std::string PlanSummaryLine(const Plan& plan);
// How plans name an action for people: "create", ..., "deferred update".
const char* ActionLabel(Action a);

}  // namespace causeway
