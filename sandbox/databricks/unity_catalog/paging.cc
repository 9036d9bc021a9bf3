// Unity Catalog page tokens: hex-encoded start keys.
#include "sandbox/databricks/unity_catalog/paging.h"

#include "reconciler/core/ascii.h"
#include "sandbox/databricks/errors.h"

namespace causeway::sandbox {

namespace {

// The key a token spells; nullopt when it is not a token of ours.
std::optional<std::string> KeyOfToken(const std::string& token) {
  if (token.size() % 2 != 0) return std::nullopt;
  std::string key;
  for (size_t i = 0; i < token.size(); i += 2) {
    auto byte = ParseInteger<unsigned>(std::string_view(token).substr(i, 2), 16);
    if (!byte) return std::nullopt;
    key.push_back(static_cast<char>(*byte));
  }
  return key;
}

}  // namespace

std::string UcPageToken(const std::string& key) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : key) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

std::optional<SandboxResponse> ReadUcPage(const SandboxRequest& request, size_t server_page_size,
                                          UcPage* page) {
  page->size = server_page_size;
  page->start_key.clear();
  if (request.HasQueryParam("max_results")) {
    const std::string text = request.QueryParam("max_results");
    auto n = ParseInteger<int64_t>(text);
    if (!n || *n < 0) {
      return DatabricksError(kDbxInvalidParameter,
                             "max_results must be greater than or equal to 0, got '" + text + "'.");
    }
    if (*n > 0 && static_cast<size_t>(*n) < server_page_size) page->size = static_cast<size_t>(*n);
  }
  const std::string token = request.QueryParam("page_token");
  if (!token.empty()) {
    auto key = KeyOfToken(token);
    if (!key) return DatabricksError(kDbxInvalidParameter, "Invalid page_token '" + token + "'.");
    page->start_key = *key;
  }
  return std::nullopt;
}

}  // namespace causeway::sandbox
