// ManifestGraph: the dependency graph of a manifest set. One node per declared resource, an edge
// from every `${kind.name.attr}` reference in a resource's spec to a declared resource (labelled
// with the top-level attribute holding it, breakable when the schema marks that attribute
// updatable_after_create) and from every depends_on entry. Validation (set_checks.cc) uses it to
// find cycles that cannot be broken; the planner to order steps. Thread-safety: pure function.
#pragma once

#include <vector>

#include "manifests/manifest.h"
#include "providers/schema.h"
#include "reconciler/graph/dependency_graph.h"

namespace causeway {

// When `numbers` is given it receives the node number (DependencyGraph::IndexOf) of each of
// set.resources, in the same order.
DependencyGraph GraphOfManifests(const ManifestSet& set, const SchemaSet& schemas,
                                 std::vector<int>* numbers = nullptr);

}  // namespace causeway
