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

struct SpecValidation {
  // JSON pointer of `spec` within `locations` ("" when the locations are the spec's own).
  std::string pointer_prefix;
  // What a top-level key is called in messages: "attribute", or "setting" for provider blocks.
  const char* noun = "attribute";
};

// `address` is "kind.name"; `locations` are the spec's, by JSON pointer ("" is the `spec:` key).
// Nested attributes (AttributeSchema::fields) are checked the same way, each at its own location.
void ValidateSpec(const Value& spec, const KindSchema& schema, const std::string& address,
                  const NodeLocations& locations, std::vector<Diagnostic>* diagnostics,
                  const SpecValidation& how = {});

// True if `s` is exactly one ${...} reference.
bool IsWholeReference(const std::string& s);

}  // namespace causeway
