// Snowflake column types in one spelling, so that a manifest's alias never shows as a perpetual
// diff: STRING / TEXT / VARCHAR -> VARCHAR(16777216), INT / INTEGER / BIGINT / NUMBER ->
// NUMBER(38,0), DECIMAL(10,2) -> NUMBER(10,2), FLOAT / DOUBLE / REAL -> FLOAT, BOOL -> BOOLEAN,
// TIMESTAMP / DATETIME / TIMESTAMP_NTZ -> TIMESTAMP_NTZ(9), ... as DESC TABLE prints them; and
// SHOW COLUMNS' data_type JSON ({"type":"FIXED","precision":38,"scale":0}) read back into that
// spelling. Also which type changes ALTER COLUMN ... SET DATA TYPE can make (a longer VARCHAR, a
// NUMBER with more precision and the same scale). Hand-written: no library knows these rules.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "reconciler/core/value.h"

namespace causeway::snowflake {

// The canonical spelling of a type as written in a manifest ("" stays "").
std::string CanonicalType(const std::string& type);
// CanonicalType as a kit Normalizer (non-strings pass through).
Value CanonicalTypeValue(const Value& v);
// The canonical type of a SHOW COLUMNS data_type cell; the cell itself when it is not JSON.
std::string TypeOfDataTypeJson(const std::string& json);
// True when ALTER COLUMN SET DATA TYPE can change `from` to `to` (both canonical).
bool TypeChangeInPlace(const std::string& from, const std::string& to);

}  // namespace causeway::snowflake
