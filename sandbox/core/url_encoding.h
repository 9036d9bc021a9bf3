// URL (percent) encoding and query-string parsing, as every cloud's HTTP API uses them.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sandbox/core/service.h"

namespace causeway::sandbox {

// Percent-decoding; '+' becomes a space when `plus_as_space` (form bodies and query strings).
std::string UrlDecode(const std::string& text, bool plus_as_space = true);
// RFC 3986 percent-encoding of everything except unreserved characters (A-Za-z0-9-_.~);
// '/' is kept when `keep_slash`.
std::string UrlEncode(const std::string& text, bool keep_slash = false);
// Parses "a=1&b=x%20y" into decoded pairs.
ParamMap ParseQueryString(const std::string& text);

}  // namespace causeway::sandbox
