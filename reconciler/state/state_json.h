// State file format (JSON): {"format_version":1,"lineage":..,"serial":..,"resources":[{address,
// kind, name, id, attributes, outputs, dependencies, sensitive_hashes}]}. Sorted, stable output:
// keys sorted at every level, resources sorted by address, and each resource on one line of
// compact JSON, so that a commit's diff lists exactly the resources it changed, one line each
// (`causeway state show ADDRESS` prints one resource indented). One line per resource rather than
// an indented document: at 100k resources indentation was 40 % of a 45 MB file, which every save
// hashed, compressed and wrote and every load inflated and parsed (bench/RESULTS.md). Any JSON
// layout is read. Older format versions are upgraded by one function per version; a newer
// version is refused (Corruption naming the version).
#pragma once

#include <string>

#include "reconciler/state/state.h"
#include "reconciler/core/status.h"

namespace causeway {

std::string StateToJson(const State& state);
Result<State> StateFromJson(const std::string& text);
// A new random lineage (UUID-like).
std::string NewLineage();

}  // namespace causeway
