// Human form of a plan, Terraform-style: one block per change with a symbol (+ create,
// ~ update, -/+ replace, - delete, ~ deferred update), changed attributes as
// `name: before -> after`, "(known after apply)" for unknowns, "(sensitive)" for secrets,
// "# forces replacement" markers, then one summary line:
//   Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.
// (deferred updates are counted in "to update"). With color=true uses ANSI colours.
#pragma once

#include <string>

#include "reconciler/plan/plan.h"

namespace causeway {

std::string RenderPlan(const Plan& plan, bool color);
std::string PlanSummaryLine(const Plan& plan);

}  // namespace causeway
