// RowSet: the rows of one SQL API result (every partition), read by column name. Snowflake adds
// columns to SHOW and DESC outputs over time, so readers never use positions: Text(row, "name")
// looks the column up by name, case-insensitively (SHOW gives lower-case names, a SELECT upper
// case), and a column the reply lacks reads as absent rather than failing. Cells are strings or
// null, as the SQL API's jsonv2 format sends them; a number or boolean cell is kept as its text.
// Thread-safety: immutable once built; share freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::snowflake {

class RowSet {
 public:
  using Cell = std::optional<std::string>;
  using Row = std::vector<Cell>;

  RowSet() = default;
  RowSet(std::vector<std::string> columns, std::vector<Row> rows, std::string statement_handle);

  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<Row>& rows() const { return rows_; }
  const std::string& statement_handle() const { return handle_; }

  bool HasColumn(const std::string& name) const { return Index(name) >= 0; }
  // The cell of `column` in row `row`: nullopt when null or when there is no such column.
  Cell Get(size_t row, const std::string& column) const;
  // The same as text: "" when null or absent.
  std::string Text(size_t row, const std::string& column) const;
  // A Y/N or true/false flag (false when null or absent).
  bool Flag(size_t row, const std::string& column) const;

  // Appends rows of a later partition (each must have as many cells as there are columns).
  Status Append(const Value& data, const std::string& source);

  // Appends the rows of `page`, a later page of the same SHOW (its columns must be the same).
  Status Extend(RowSet page, const std::string& source);

  // Parses the `data` rows of a ResultSet reply's partition into Rows.
  static Result<std::vector<Row>> ParseRows(const Value& data, size_t columns,
                                            const std::string& source);

 private:
  int Index(const std::string& column) const;

  std::vector<std::string> columns_;
  std::map<std::string, int> index_;  // lower-cased name -> position
  std::vector<Row> rows_;
  std::string handle_;
};

}  // namespace causeway::snowflake
