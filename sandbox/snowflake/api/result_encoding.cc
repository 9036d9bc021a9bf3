// ResultSet JSON encoding.
#include "sandbox/snowflake/api/result_encoding.h"

#include <algorithm>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox::snowflake {

Value RowTypeJson(const ResultSet& result) {
  Value out = Value::array();
  for (const auto& c : result.columns) {
    const std::string type = Lower(c.type);
    Value col = {{"name", c.name},       {"database", ""},    {"schema", ""},
                 {"table", ""},          {"type", type},      {"nullable", true},
                 {"collation", nullptr}, {"length", nullptr}, {"byteLength", nullptr},
                 {"precision", nullptr}, {"scale", nullptr}};
    if (type == "text") {
      col["length"] = 16777216;
      col["byteLength"] = 16777216;
    } else if (type == "fixed") {
      col["precision"] = 38;
      col["scale"] = 0;
    } else if (type == "timestamp_ltz") {
      col["scale"] = 3;
    }
    out.push_back(std::move(col));
  }
  return out;
}

Value RowsJson(const ResultSet& result, size_t begin, size_t end) {
  Value out = Value::array();
  end = std::min(end, result.rows.size());
  for (size_t i = begin; i < end; ++i) {
    Value row = Value::array();
    for (const auto& cell : result.rows[i]) {
      row.push_back(cell ? Value(*cell) : Value(nullptr));
    }
    out.push_back(std::move(row));
  }
  return out;
}

size_t PartitionCount(const ResultSet& result, size_t rows_per_partition) {
  const size_t per = std::max<size_t>(rows_per_partition, 1);
  return std::max<size_t>(1, (result.rows.size() + per - 1) / per);
}

Value PartitionInfoJson(const ResultSet& result, size_t rows_per_partition) {
  Value out = Value::array();
  const size_t per = std::max<size_t>(rows_per_partition, 1);
  for (size_t k = 0; k < PartitionCount(result, per); ++k) {
    const size_t begin = k * per;
    const size_t end = std::min(begin + per, result.rows.size());
    out.push_back({{"rowCount", end - begin},
                   {"uncompressedSize", RowsJson(result, begin, end).dump().size()}});
  }
  return out;
}

}  // namespace causeway::sandbox::snowflake
