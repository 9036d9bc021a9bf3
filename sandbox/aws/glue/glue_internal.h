// Helpers shared by the Glue emulator's source files (glue_service.cc, glue_crawler_ops.cc):
// JSON 1.1 responses, Glue's error shapes, names and NextToken pagination. Internal to the Glue
// emulator. Thread-safety: free functions.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "sandbox/aws/errors.h"
#include "sandbox/core/service.h"
#include "reconciler/core/ascii.h"

namespace causeway::sandbox::glue {

inline SandboxResponse Ok(const Value& body) {
  SandboxResponse resp;
  resp.status = 200;
  resp.content_type = "application/x-amz-json-1.1";
  resp.body = body.dump();
  return resp;
}

inline SandboxResponse Err(const SandboxRequest& r, const std::string& code,
                           const std::string& message, int status = 400) {
  return JsonError(status, code, message, r.request_id);
}

// String member or "" (wrong types count as absent).
inline std::string Str(const Value& v, const char* key) {
  if (!v.is_object() || !v.contains(key) || !v[key].is_string()) return "";
  return v[key].get<std::string>();
}

// Glue's message for a missing required member.
inline std::string MissingMessage(const std::string& member) {
  return "1 validation error detected: Value null at '" + member +
         "' failed to satisfy constraint: Member must not be null";
}

struct Page {
  std::vector<std::string> keys;
  std::string next_token;  // "" on the last page
};

// Pagination over the sorted keys of `m`: NextToken is the first key of the next page.
template <typename M>
bool Paginate(const M& m, const Value& in, int default_max, int max_max, Page* page,
              std::string* error) {
  int max = default_max;
  if (in.contains("MaxResults") && !in["MaxResults"].is_null()) {
    if (!in["MaxResults"].is_number_integer() || in["MaxResults"].get<int>() < 1 ||
        in["MaxResults"].get<int>() > max_max) {
      *error =
          "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
          "Member must have value less than or equal to " +
          std::to_string(max_max);
      return false;
    }
    max = in["MaxResults"].get<int>();
  }
  std::string token = Str(in, "NextToken");
  auto it = token.empty() ? m.begin() : m.lower_bound(token);
  for (; it != m.end() && static_cast<int>(page->keys.size()) < max; ++it) {
    page->keys.push_back(it->first);
  }
  if (it != m.end()) page->next_token = it->first;
  return true;
}

}  // namespace causeway::sandbox::glue
