// State format upgrades: one function per old format version, each turning a document of version
// N into version N+1 in place. StateFromJson runs the table from the file's version up to
// kStateFormatVersion and refuses newer versions. Kept separate so tests can run the mechanism
// with their own table. Thread-safety: pure functions over values.
#pragma once

#include <map>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

// Upgrades `doc` (a parsed state document of version N) to version N+1 in place; must set
// "format_version" to N+1. Returns Corruption when the document cannot be upgraded.
using StateUpgradeFn = Status (*)(Value& doc);

// from-version -> upgrade function. Empty today: version 1 is the only format so far.
using StateUpgradeTable = std::map<int, StateUpgradeFn>;

// The upgrades shipped with this build.
const StateUpgradeTable& DefaultStateUpgrades();

// Brings `doc` from its "format_version" to `target`, one step at a time.
// Corruption if the version is missing, not a positive integer, newer than `target`, has no
// upgrade function, or a step does not produce the next version.
Status UpgradeStateDocument(Value& doc, int target, const StateUpgradeTable& table);

}  // namespace causeway
