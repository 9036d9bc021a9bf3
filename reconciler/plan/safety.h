// Destroy safety: a delete or replace of a data-holding kind needs an explicit opt-in
// (lifecycle.allow_destroy or --allow-destroy ADDRESS); lifecycle.prevent_destroy refuses any
// delete or replace. Dropping from the state an object that no longer exists destroys nothing
// and needs no opt-in. The planner decides (CheckDestroy); the applier checks again
// (CheckPlannedDestroys, then an observation of each delete it returns), because a saved plan is
// a file anyone can edit and the object may have come back since the plan was made: whether a
// delete only drops a state entry is decided from what apply observes, never from the plan.
// Pure; thread-safe.
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

// What the applier runs before any step. Every replace of a kind whose schema holds data must
// carry allow_destroy, whatever the plan says of holds_data: returns the refusal of the first
// that does not (a plan made by the planner always passes; an edited one may not). Every delete
// of such a kind without allow_destroy is appended to `must_be_gone`: it may only drop the state
// entry of an object that no longer exists, which the applier checks by observing it.
Status CheckPlannedDestroys(const Plan& plan, const SchemaSet& schemas,
                            std::vector<const Change*>* must_be_gone);

// True for a delete or replace of a kind whose schema holds data, without allow_destroy.
bool LacksDataOptIn(const Change& change, const SchemaSet& schemas);

// The applier's refusal (Aborted) of a delete without allow_destroy whose object still exists
// (`live_id`): the plan was edited, or the object was re-created after the plan was made.
Status RefuseDataDelete(const Change& change, const std::string& live_id);

// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
std::string QuotedList(const std::vector<std::string>& names);

}  // namespace causeway
