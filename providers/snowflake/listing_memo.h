// ListingMemo: the SHOW rows a bulk observe read for one container (SHOW TABLES and SHOW COLUMNS
// IN SCHEMA "D"."S"), kept for the security-drift pass that follows it in the same plan, so that
// a managed schema's tables are listed once per plan rather than twice. Only kinds whose spec asks
// for it are kept (tables). A listing is taken at most once, and the whole memo is dropped when
// the next observe() starts and after security drift has run: rows never outlive the plan that
// read them, so nothing reads a listing older than its refresh.
// Thread-safety: every method may be called from many threads.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "providers/snowflake/row_set.h"

namespace causeway::snowflake {

struct Listing {
  RowSet rows;       // SHOW <plural> IN <container>
  RowSet companion;  // SHOW <companion> IN <container> (empty without one)
};

class ListingMemo {
 public:
  // `key`: the kind and the container ("snowflake.table IN SCHEMA \"D\".\"S\"").
  void Put(const std::string& key, Listing listing) {
    std::lock_guard<std::mutex> lock(mu_);
    listings_[key] = std::move(listing);
  }
  std::optional<Listing> Take(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = listings_.find(key);
    if (it == listings_.end()) return std::nullopt;
    Listing out = std::move(it->second);
    listings_.erase(it);
    return out;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    listings_.clear();
  }

 private:
  std::mutex mu_;
  std::map<std::string, Listing> listings_;
};

}  // namespace causeway::snowflake
