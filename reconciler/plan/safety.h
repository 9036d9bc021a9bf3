// Destroy safety: a delete or replace of a data-holding kind needs an explicit opt-in
// (lifecycle.allow_destroy or --allow-destroy ADDRESS); lifecycle.prevent_destroy refuses any
// delete or replace. The planner decides (CheckDestroy); the applier checks again that the plan
// it is handed carries the opt-in (CheckPlannedDestroys), because a saved plan is a file anyone
// can edit. Pure; thread-safe.
#pragma once

#include <set>
#include <string>

#include "manifests/manifest.h"
#include "providers/schema.h"
#include "reconciler/plan/plan.h"
#include "reconciler/core/status.h"

namespace causeway {

// Sets change->holds_data and change->allow_destroy. Returns "" when the change may go ahead,
// otherwise the message explaining why it is refused and how to allow it. `lifecycle` is null
// when the resource is not in the manifests; `destroy` is true for `causeway destroy`.
std::string CheckDestroy(Change* change, const KindSchema* schema, const Lifecycle* lifecycle,
                         const std::set<std::string>& allow_destroy, bool destroy);

// What the applier runs before any step: every delete or replace of a kind whose schema holds
// data must carry allow_destroy, whatever the plan says of holds_data. A plan made by the
// planner always passes; an edited saved plan may not. Returns the first refusal.
Status CheckPlannedDestroys(const Plan& plan, const SchemaSet& schemas);

// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
std::string QuotedList(const std::vector<std::string>& names);

}  // namespace causeway
