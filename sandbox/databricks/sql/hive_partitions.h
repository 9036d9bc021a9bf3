// Hive-style partition discovery, as MSCK REPAIR TABLE does it: under a table's location, an
// object whose key continues with "<col1>=<v1>/<col2>=<v2>/.../<file>" for the table's partition
// columns, in order (column names compared case-insensitively), belongs to the partition
// "<col1>=<v1>/<col2>=<v2>". Objects directly under the location, in directories that do not
// follow the pattern, or whose file name starts with '_' or '.' (_SUCCESS, .crc) are ignored.
// Thread-safety: pure functions.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sandbox/core/object_store.h"

namespace causeway::sandbox {

// The partitions the objects of a table (keys starting with `prefix`, which ends with '/') hold.
// Partition specs spell columns as `columns` does.
std::set<std::string> DiscoverHivePartitions(const std::vector<StoredObject>& objects,
                                             const std::string& prefix,
                                             const std::vector<std::string>& columns);

}  // namespace causeway::sandbox
