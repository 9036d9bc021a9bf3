// How a ResultSet travels as JSON, shared by the SQL API v2 and the driver protocol: rowType /
// rowtype column descriptions (lower-case Snowflake type names, as the docs' examples and the
// drivers use them), rows of strings and nulls, and the SQL API's partitions.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "reconciler/core/value.h"
#include "sandbox/snowflake/engine/result_set.h"

namespace causeway::sandbox::snowflake {

// [{"name", "database", "schema", "table", "type", "nullable", "length", "byteLength",
//   "precision", "scale", "collation"}...]
Value RowTypeJson(const ResultSet& result);
// Rows [begin, end) as [[string|null...]...].
Value RowsJson(const ResultSet& result, size_t begin, size_t end);
// Number of partitions of `rows_per_partition` rows (at least 1).
size_t PartitionCount(const ResultSet& result, size_t rows_per_partition);
// [{"rowCount", "uncompressedSize"}...]
Value PartitionInfoJson(const ResultSet& result, size_t rows_per_partition);

}  // namespace causeway::sandbox::snowflake
