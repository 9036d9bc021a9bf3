// ShowAll: SHOW commands read in pages with LIMIT n FROM '<name>' (Snowflake's cursor: the rows
// whose name sorts after the given one), so no account's listing is cut at Snowflake's 10,000-row
// limit.
#include "providers/snowflake/kind_handler.h"

namespace causeway::snowflake {

Result<RowSet> ShowAll(SnowflakeContext& ctx, const std::string& what, const std::string& in,
                       bool paged) {
  const std::string base = "SHOW " + what + (in.empty() ? "" : " " + in);
  if (!paged) return ctx.client->Execute(base);
  const int64_t n = std::max<int64_t>(1, ctx.page_size);
  RowSet all;
  std::string last;
  for (int page = 0;; ++page) {
    std::string sql = base + " LIMIT " + std::to_string(n);
    if (page > 0) sql += " FROM " + QuoteString(last);
    CW_ASSIGN_OR_RETURN(RowSet rows, ctx.client->Execute(sql));
    const size_t got = rows.size();
    std::string next = got == 0 ? last : rows.Text(got - 1, "name");
    if (page == 0) {
      all = std::move(rows);
    } else {
      CW_RETURN_IF_ERROR(all.Extend(std::move(rows), "snowflake: " + sql));
    }
    if (static_cast<int64_t>(got) < n) return all;
    if (next == last && page > 0) {
      return Status::ProviderError("snowflake: " + sql + ": the page cursor does not advance");
    }
    last = next;
  }
}

std::string IdentAttr(const Value& attrs, const std::string& name) {
  return NormalizeIdentifier(kit::StringAttr(attrs, name));
}

}  // namespace causeway::snowflake
