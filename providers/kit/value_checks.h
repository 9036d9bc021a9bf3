// Value checks (AttributeSchema::check) that are not particular to one cloud: an enum compared
// without case, a lower bound, a whole-number range. Every provider's tables use them (an Athena
// workgroup's state and scan cutoff, a role's session duration, a provider setting); the cloud-
// specific name rules stay with their provider (providers/aws/value_checks.h). Each check returns
// "" or what was expected. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/schema.h"

namespace causeway::kit {

// One of `words`, compared case-insensitively (e.g. a workgroup's state: ENABLED or DISABLED).
ValueCheck OneOfIgnoringCase(std::vector<std::string> words);
// A number of at least `min` (e.g. Athena's bytes_scanned_cutoff_per_query, 10,000,000).
ValueCheck AtLeast(double min);
// A whole number from `min` to `max` (e.g. a role's max_session_duration, 3600-43200).
ValueCheck IntegerBetween(int64_t min, int64_t max);

}  // namespace causeway::kit
