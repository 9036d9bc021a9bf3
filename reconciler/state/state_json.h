// State file format (JSON): {"format_version":1,"lineage":..,"serial":..,"resources":[{address,
// kind, name, id, attributes, outputs, dependencies, sensitive_hashes}]}. Sorted, stable output so
// git diffs are readable. Older format versions are upgraded by one function per version; a newer
// version is refused (Corruption naming the version).
#pragma once

#include <string>

#include "reconciler/core/state.h"
#include "reconciler/core/status.h"

namespace causeway {

std::string StateToJson(const State& state);
Result<State> StateFromJson(const std::string& text);
// A new random lineage (UUID-like).
std::string NewLineage();

}  // namespace causeway
