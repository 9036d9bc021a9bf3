// The partitions of an external table, found in its files' paths: each partition column's value
// comes from its expression when that is SPLIT_PART(METADATA$FILENAME, '<sep>', <n>) (possibly
// wrapped, e.g. in TO_DATE(...)), else from a Hive-style "<column>=<value>/" directory in the
// path (column names compared case-insensitively). A file without a value for every partition
// column belongs to no partition. METADATA$FILENAME is the path below the stage's URL.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::sandbox::snowflake {

// The partition of the file at `filename`, "<col1>=<v1>/<col2>=<v2>", for `partition_columns`
// (names) over `columns` (the table's column definitions, with "expression"); nullopt when a
// value is missing.
std::optional<std::string> PartitionOf(const std::string& filename,
                                       const std::vector<std::string>& partition_columns,
                                       const Value& columns);

}  // namespace causeway::sandbox::snowflake
