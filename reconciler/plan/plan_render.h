// Human form of a plan, Terraform-style: one block per change with a symbol (+ create,
// ~ update, -/+ replace, - delete, ~ deferred update), changed attributes as
// `name: before -> after` (nested values -- policies, column lists, maps -- as an indented line
// diff with only the changed lines marked, value_diff.h), "(known after apply)" for unknowns,
// "(sensitive)" for secrets,
// "# forces replacement" markers, then one summary line:
//   Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.
// (deferred updates are counted in "to update"). With color=true uses ANSI colours. What the
// providers found undeclared inside managed containers comes first, in its own section.
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
// The security-drift section (Plan::undeclared), privileges first, one line each:
//   Undeclared inside managed containers (security drift): 2 found, 1 to remove.
//     ! privilege aws.iam.role_policy.etl__admin in aws.iam.role.etl: inline policy "admin"
//       allows * on * (kept: ...)
// "" when nothing was found. The deletes of those removed are also ordinary changes.
std::string RenderUndeclared(const Plan& plan, bool color);
// "privilege ADDRESS in CONTAINER: SUMMARY (NOTE)".
std::string UndeclaredLine(const UndeclaredFinding& finding);
// How plans name an action for people: "create", ..., "deferred update".
const char* ActionLabel(Action a);

}  // namespace causeway
