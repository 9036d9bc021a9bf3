// RowSet: column lookup and the parsing of jsonv2 rows.
#include "providers/snowflake/row_set.h"

#include "reconciler/core/ascii.h"

namespace causeway::snowflake {

RowSet::RowSet(std::vector<std::string> columns, std::vector<Row> rows, std::string handle)
    : columns_(std::move(columns)), rows_(std::move(rows)), handle_(std::move(handle)) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    index_.emplace(Lower(columns_[i]), static_cast<int>(i));  // the first of duplicates wins
  }
}

int RowSet::Index(const std::string& column) const {
  auto it = index_.find(Lower(column));
  return it == index_.end() ? -1 : it->second;
}

RowSet::Cell RowSet::Get(size_t row, const std::string& column) const {
  int i = Index(column);
  if (i < 0 || row >= rows_.size() || static_cast<size_t>(i) >= rows_[row].size()) {
    return std::nullopt;
  }
  return rows_[row][static_cast<size_t>(i)];
}

std::string RowSet::Text(size_t row, const std::string& column) const {
  return Get(row, column).value_or("");
}

bool RowSet::Flag(size_t row, const std::string& column) const {
  std::string v = Lower(Text(row, column));
  return v == "y" || v == "yes" || v == "true" || v == "on";
}

Result<std::vector<RowSet::Row>> RowSet::ParseRows(const Value& data, size_t columns,
                                                   const std::string& source) {
  std::vector<Row> rows;
  if (data.is_null()) return rows;
  if (!data.is_array()) {
    return Status::ProviderError(source + ": data: expected a list of rows, got something else");
  }
  rows.reserve(data.size());
  for (size_t r = 0; r < data.size(); ++r) {
    const Value& row = data[r];
    if (!row.is_array() || row.size() != columns) {
      return Status::ProviderError(source + ": data[" + std::to_string(r) +
                                   "]: expected a row of " + std::to_string(columns) + " cells");
    }
    Row out;
    out.reserve(columns);
    for (const auto& cell : row) {
      if (cell.is_null()) {
        out.emplace_back(std::nullopt);
      } else if (cell.is_string()) {
        out.emplace_back(cell.get<std::string>());
      } else if (cell.is_array() || cell.is_object()) {
        return Status::ProviderError(source + ": data[" + std::to_string(r) +
                                     "]: expected text or null cells");
      } else {
        out.emplace_back(cell.dump());
      }
    }
    rows.push_back(std::move(out));
  }
  return rows;
}

Status RowSet::Append(const Value& data, const std::string& source) {
  CW_ASSIGN_OR_RETURN(auto rows, ParseRows(data, columns_.size(), source));
  for (auto& r : rows) rows_.push_back(std::move(r));
  return Status::Ok();
}

Status RowSet::Extend(RowSet page, const std::string& source) {
  if (page.columns_ != columns_ && !page.rows_.empty()) {
    return Status::ProviderError(source + ": a later page has other columns than the first");
  }
  for (auto& r : page.rows_) rows_.push_back(std::move(r));
  return Status::Ok();
}

}  // namespace causeway::snowflake
