// SQL text for Snowflake statements, and Snowflake's identifier rules.
//  - Every identifier Causeway sends is double-quoted with inner quotes doubled ("a""b"), every
//    string literal single-quoted with quotes doubled and backslashes escaped ('it''s', 'a\\b'):
//    no name or value from a manifest can end its token and run as SQL.
//  - NormalizeIdentifier applies Snowflake's rule to a name as a manifest writes it: an unquoted
//    identifier ([A-Za-z_][A-Za-z0-9_$]*) folds to upper case, a quoted one ("My ""x""") is the
//    exact text between its quotes; a name that cannot be unquoted (spaces, punctuation,
//    unicode) can only have been meant literally and is kept exactly.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::snowflake {

// "name" with inner quotes doubled.
std::string QuoteIdentifier(const std::string& name);
// "a"."b"."c" from its parts (each taken exactly).
std::string QuoteName(const std::vector<std::string>& parts);
// 'value' with quotes doubled and backslashes escaped.
std::string QuoteString(const std::string& value);

// True when `name` is a valid unquoted identifier.
bool IsUnquotedIdentifier(const std::string& name);
// The name Snowflake stores for `name` as written in a manifest (see above).
std::string NormalizeIdentifier(const std::string& name);
// NormalizeIdentifier as a kit Normalizer (non-strings pass through).
Value IdentifierValue(const Value& v);

}  // namespace causeway::snowflake

namespace causeway::snowflake {

// A stored name as a manifest writes it, so that NormalizeIdentifier gives it back: an upper-case
// unquoted identifier as is, anything else double-quoted ("lower", "my table").
std::string ManifestIdentifier(const std::string& stored);
// A qualified name as SHOW GRANTS prints it: parts joined by '.', each double-quoted only when it
// is not an upper-case unquoted identifier (DB.PUBLIC."my table").
std::string DisplayName(const std::vector<std::string>& parts);

}  // namespace causeway::snowflake
