// Checks that need the whole manifest set, run after every resource document has been parsed:
// duplicate addresses, resource references (the target must be declared and its kind must have
// the attribute), depends_on targets, and dependency cycles that no updatable_after_create
// attribute can break (via DependencyGraph), and two resources naming the same cloud object
// (equal natural keys, KindSchema::natural_key, when written literally). Fills ManifestSet::resources with the declarations
// of known kinds, in file order. Thread-safety: pure function.
#pragma once

#include <vector>

#include "manifests/manifest.h"
#include "manifests/resource_document.h"
#include "providers/schema.h"

namespace causeway {

void CheckSetAndCollect(std::vector<ParsedResource> parsed, const SchemaSet& schemas,
                        ManifestSet* set, std::vector<Diagnostic>* diagnostics);

}  // namespace causeway
