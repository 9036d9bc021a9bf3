// Destroy safety: a delete or replace of a data-holding kind needs an explicit opt-in
// (lifecycle.allow_destroy or --allow-destroy ADDRESS); lifecycle.prevent_destroy refuses any
// delete or replace. Private to the planner. Pure; thread-safe.
#pragma once

#include <set>
#include <string>

#include "manifests/manifest.h"
#include "providers/schema.h"
#include "reconciler/core/plan.h"

namespace causeway {

// Sets change->holds_data and change->allow_destroy. Returns "" when the change may go ahead,
// otherwise the message explaining why it is refused and how to allow it. `lifecycle` is null
// when the resource is not in the manifests; `destroy` is true for `causeway destroy`.
std::string CheckDestroy(Change* change, const KindSchema* schema, const Lifecycle* lifecycle,
                         const std::set<std::string>& allow_destroy, bool destroy);

// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
std::string QuotedList(const std::vector<std::string>& names);

}  // namespace causeway
