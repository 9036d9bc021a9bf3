// Attribute diff of one resource: which manifest attributes differ from the live object, after
// the schema's normalisers, honouring defaults, lifecycle.ignore_changes and sensitive hashes.
// Private to the planner (reconciler/plan/). Pure functions; no I/O; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "providers/schema.h"
#include "reconciler/plan/plan.h"
#include "reconciler/core/value.h"

namespace causeway {

// Rendered in place of a sensitive value in plans.
inline constexpr const char* kSensitiveMarker = "(sensitive)";

struct DiffInput {
  const KindSchema* schema = nullptr;  // null: unknown kind, compare everything as-is
  const Value* spec = nullptr;         // the manifest spec: its keys decide what is compared
  const Value* desired = nullptr;      // spec with references resolved (may hold unknowns)
  const Value* live = nullptr;         // live input attributes; null when it does not exist
  const std::map<std::string, std::string>* sensitive_hashes = nullptr;  // from state
  const std::vector<std::string>* ignore_changes = nullptr;  // honoured only when live exists
  std::set<std::string> skip;  // attributes decided elsewhere (cycle-broken, deferred)
};

struct DiffResult {
  // Changed attributes in name order. For a create (live == null) every compared attribute that
  // has a value.
  std::vector<AttributeChange> changes;
  std::vector<std::string> replace_reasons;  // changed force_new attributes (live exists)
};

// Attributes compared for a resource: non-computed keys of `spec` plus non-computed schema
// attributes with a default_value, in name order.
std::vector<std::string> ComparedAttributes(const KindSchema* schema, const Value& spec);

// The desired value of `name`: desired[name], else the schema default, else null.
Value DesiredValue(const KindSchema* schema, const Value& desired, const std::string& name);

// True if the live value (null when absent: the default then applies) equals the desired value
// after normalisation. Unknown desired values never equal anything.
bool AttributeEqual(const AttributeSchema* attr, const Value& live, const Value& desired);

// True if the sensitive desired value matches the hash remembered in state.
bool SensitiveUnchanged(const std::map<std::string, std::string>* hashes, const std::string& name,
                        const Value& desired);

DiffResult DiffAttributes(const DiffInput& in);

}  // namespace causeway
