// Checks one resource's spec (after variable substitution) against its kind's schema: unknown
// attributes (with the nearest name suggested), computed attributes that may not be set, values
// of the wrong type, and required attributes left out (unless a misspelt key was taken for it). A
// string that is exactly one resource reference is accepted for any type, since its value is only
// known when planning. Does not look at other resources (references are checked across the set by
// set_checks.h). Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "manifests/manifest.h"
#include "manifests/yaml_value.h"
#include "providers/schema.h"

namespace causeway {

// `address` is "kind.name"; `locations` are the spec's, by JSON pointer ("" is the `spec:` key).
void ValidateSpec(const Value& spec, const KindSchema& schema, const std::string& address,
                  const NodeLocations& locations, std::vector<Diagnostic>* diagnostics);

// True if `s` is exactly one ${...} reference.
bool IsWholeReference(const std::string& s);

}  // namespace causeway
