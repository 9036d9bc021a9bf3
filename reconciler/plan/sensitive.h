// Sensitive attribute values: the planner keeps them out of every plan (after, config and
// attribute_changes show "(sensitive)" or nothing), so apply reads them from the manifests
// through this function and passes them as ApplyOptions::sensitive_values. Pure; thread-safe.
#pragma once

#include <map>
#include <string>

#include "manifests/manifest.h"
#include "providers/schema.h"
#include "reconciler/core/value.h"

namespace causeway {

// address -> {attribute: value} for every sensitive attribute set in a manifest spec (as
// written, with variables already substituted). Resources without one are left out.
std::map<std::string, Value> SensitiveValues(const ManifestSet& manifests,
                                             const SchemaSet& schemas);

}  // namespace causeway
