// Page tokens of Unity Catalog list calls (max_results, page_token -> next_page_token), over the
// emulator's maps sorted by key. A token is the hex spelling of the first key of the next page:
// opaque to clients, stable across restarts, and still valid when that key was deleted meanwhile
// (the page starts at the next key). Per the OpenAPI: max_results < 0 is an invalid parameter,
// 0 or absent means the server's page size, larger values are capped at it.
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "reconciler/core/value.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

struct UcPage {
  size_t size = 0;        // entries on this page
  std::string start_key;  // first key at or after which the page starts
};

// Reads max_results and page_token of `request` with `server_page_size` as the cap; the error
// reply (INVALID_PARAMETER_VALUE) when either is malformed.
std::optional<SandboxResponse> ReadUcPage(const SandboxRequest& request, size_t server_page_size,
                                          UcPage* page);

// The token naming `key` as the start of the next page.
std::string UcPageToken(const std::string& key);

// {list_field: [render(value)...], "next_page_token"?} for the entries of `items` whose key
// starts with `key_prefix`, from page.start_key on, at most page.size of them.
template <typename Render>
Value UcListPage(const std::map<std::string, Value>& items, const std::string& key_prefix,
                 const UcPage& page, const std::string& list_field, Render render) {
  Value list = Value::array();
  auto it = items.lower_bound(std::max(key_prefix, page.start_key));
  auto in_scope = [&](auto i) {
    return i != items.end() && i->first.compare(0, key_prefix.size(), key_prefix) == 0;
  };
  for (; in_scope(it) && list.size() < page.size; ++it) list.push_back(render(it->second));
  Value out = {{list_field, list}};
  if (in_scope(it)) out["next_page_token"] = UcPageToken(it->first);
  return out;
}

}  // namespace causeway::sandbox
