// SQL text for Databricks statements: every identifier Causeway sends is back-quoted with inner
// back-quotes doubled (`a``b`), every string literal single-quoted with backslashes and quotes
// escaped ('it\'s'), so no name or value a manifest gives can end a token and run as SQL.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace causeway::databricks {

std::string QuoteIdentifier(const std::string& name);
// `a`.`b`.`c` from its parts.
std::string QuoteName(const std::vector<std::string>& parts);
std::string QuoteString(const std::string& value);

}  // namespace causeway::databricks
