// Planner: manifests + state + live observations -> Plan. Never calls a mutating provider method.
//  1. Graph from the manifests; cycles broken through updatable_after_create attributes.
//  2. Refresh: one observe() batch per provider with every managed resource (state entries by
//     id, manifest-only ones by natural key); skipped with refresh=false (state is trusted).
//  3. Resolve references in topological order: a referenced input is its desired value; a
//     referenced output is its observed value, or UnknownValue() if the target is being created
//     or replaced.
//  4. Diff each resource: only attributes set in the manifest (or with a schema default) are
//     compared, after the schema's normaliser; ignore_changes attributes are skipped; sensitive
//     attributes compare by salted hash from state. force_new changes -> replace.
//     In state but not in manifests -> delete (in reverse dependency order).
//  5. Safety: delete/replace of a holds_data kind needs lifecycle.allow_destroy or an address in
//     allow_destroy; prevent_destroy refuses always. A refused change fails planning with an
//     error naming the resource and the attribute that forces replacement. Dropping the state
//     entry of an object already gone (after refresh) needs no opt-in.
//  6. Security drift: each provider's undeclared() over every managed resource; the findings go
//     into Plan::undeclared. Those inside a container whose lifecycle is exclusive (and that
//     exists and is kept) become deletes with a reason, unless they hold data and their address
//     is not in allow_destroy (then they are kept, and the note says how to allow it).
//  7. Dependencies: a change's depends_on lists every dependency the manifests give it (apply
//     records them in the state; deletes are ordered from the state). A resource with nothing
//     else to change whose state entry records other dependencies is planned as an update
//     without attribute changes, which makes apply write the entry.
// Thread-safety: one Planner per command.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "manifests/manifest.h"
#include "reconciler/core/status.h"
#include "reconciler/plan/plan.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway {

struct PlanOptions {
  bool refresh = true;
  bool destroy = false;                 // plan to delete everything in state
  std::set<std::string> targets;        // --target: these and their dependencies only
  std::set<std::string> allow_destroy;  // --allow-destroy ADDRESS
  // Ask each provider what its managed containers hold that no manifest declares (security
  // drift; --no-undeclared turns it off). Only with refresh, without targets and not destroying:
  // a partial view of the manifests would report what they do declare.
  bool undeclared = true;
};

// The live view after refresh is in the plan itself: every change to an existing resource carries
// its observed attributes and outputs in before / before_outputs.
struct PlanResult {
  Plan plan;
};

class Planner {
 public:
  explicit Planner(const ProviderRegistry* registry) : registry_(registry) {}
  // InvalidArgument for unbreakable cycles or refused destroys; ProviderError when observe
  // fails.
  Result<PlanResult> MakePlan(const ManifestSet& manifests, const State& state,
                              const PlanOptions& options) const;

 private:
  const ProviderRegistry* registry_;
};

}  // namespace causeway
