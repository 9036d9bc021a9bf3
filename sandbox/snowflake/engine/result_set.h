// ResultSet: what a Snowflake statement returns, independent of the protocol that carries it.
// Columns have Snowflake's lower-case names and types (TEXT, FIXED, BOOLEAN, TIMESTAMP_LTZ);
// cells are strings or null, already in jsonv2's encoding (TIMESTAMP_LTZ as epoch seconds with
// nine decimals). The SQL API v2 and the driver front end each encode it their own way.
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace causeway::sandbox::snowflake {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

struct ResultColumn {
  std::string name;
  std::string type = "TEXT";  // TEXT, FIXED, BOOLEAN, TIMESTAMP_LTZ, VARIANT
};

struct ResultSet {
  std::vector<ResultColumn> columns;
  std::vector<Row> rows;

  // One TEXT column "status" holding `message` (what DDL statements answer).
  static ResultSet Status(std::string message) {
    ResultSet r;
    r.columns = {{"status", "TEXT"}};
    r.rows = {{std::move(message)}};
    return r;
  }
};

// Milliseconds since the epoch as a jsonv2 TIMESTAMP_LTZ cell: "1620151584.132000000".
inline std::string TimestampCell(int64_t ms) {
  std::string frac = std::to_string(ms % 1000);
  while (frac.size() < 3) frac = "0" + frac;
  return std::to_string(ms / 1000) + "." + frac + "000000";
}

}  // namespace causeway::sandbox::snowflake
