// ShowChained: SHOW statements joined into pipe chains; see show_chain.h.
#include "providers/snowflake/show_chain.h"

#include <algorithm>
#include <mutex>

#include "providers/kit/parallel.h"

namespace causeway::snowflake {

namespace {

// `shows` as one statement answering with all their rows.
std::string Chain(const std::vector<std::string>& shows) {
  if (shows.size() == 1) return shows[0];
  std::string sql, select;
  for (size_t i = 0; i < shows.size(); ++i) {
    sql += shows[i] + " ->> ";
    // Statement i is $(n - i) from the final SELECT.
    select += std::string(i == 0 ? "" : " UNION ALL ") + "SELECT * FROM $" +
              std::to_string(shows.size() - i);
  }
  return sql + select;
}

}  // namespace

Result<RowSet> ShowChained(SnowflakeContext& ctx, const std::vector<std::string>& shows,
                           size_t per_request) {
  per_request = std::max<size_t>(per_request, 1);
  std::vector<std::vector<std::string>> chunks;
  for (size_t i = 0; i < shows.size(); i += per_request) {
    chunks.emplace_back(shows.begin() + i, shows.begin() + std::min(shows.size(), i + per_request));
  }
  std::vector<RowSet> got(chunks.size());
  std::mutex mu;
  std::vector<RowSet> singles;  // from chunks read one by one
  CW_RETURN_IF_ERROR(kit::ForEachInParallel(chunks.size(), ctx.threads, [&](size_t k) -> Status {
    auto rows = ctx.client->Execute(Chain(chunks[k]));
    if (rows.ok()) {
      got[k] = std::move(rows).value();
      return Status::Ok();
    }
    if (!rows.status().IsNotFound()) return rows.status();
    for (const auto& sql : chunks[k]) {  // one of them names an object that is gone
      auto one = ctx.client->Execute(sql);
      if (!one.ok() && one.status().IsNotFound()) continue;
      if (!one.ok()) return one.status();
      std::lock_guard<std::mutex> lock(mu);
      singles.push_back(std::move(one).value());
    }
    return Status::Ok();
  }));
  RowSet all;
  bool first = true;
  for (auto* part : {&got, &singles}) {
    for (auto& rows : *part) {
      if (rows.columns().empty()) continue;  // a chunk read one by one
      if (first) {
        all = std::move(rows);
        first = false;
      } else {
        CW_RETURN_IF_ERROR(all.Extend(std::move(rows), "snowflake: SHOW chain"));
      }
    }
  }
  return all;
}

}  // namespace causeway::snowflake
