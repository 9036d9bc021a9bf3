// RenderPlanMarkdown: a plan as a pull-request comment (`causeway plan --format markdown`): a
// heading with the summary line, a table of the counts per action, a table of the resources
// that change, then each change in a collapsible <details> block holding its text form in a
// ```diff fence (nested values as line diffs, sensitive values hidden as in the text form).
// Kept under `max_chars` (GitHub refuses comments over 65,536 characters): when the blocks do not
// fit, the remaining ones are left out with a line saying how many and that the saved JSON plan
// (`--out`) has them all. Pure; thread-safe.
#pragma once

#include <string>

#include "reconciler/plan/plan.h"

namespace causeway {

inline constexpr size_t kMarkdownCommentLimit = 60000;

std::string RenderPlanMarkdown(const Plan& plan, size_t max_chars = kMarkdownCommentLimit);

}  // namespace causeway
