// SfLexer: splits Snowflake SQL into tokens with Snowflake's own quoting rules, so that nothing
// inside a quoted name or a string literal is ever read as SQL:
//  - "double-quoted" identifiers keep their case; "" inside is one " (no backslash escapes);
//  - 'single-quoted' strings take '' and backslash escapes (\' \\ \n \t \r \0 \b \f; any other
//    escaped character stands for itself); $$dollar-quoted$$ strings take none;
//  - comments: -- and // to the end of the line, /* ... */ (not nested);
//  - words: letters, digits, _ and $ (METADATA$FILENAME, $1); numbers; punctuation, with the
//    two-character operators :: => <= >= <> != || as one token.
// Written by hand rather than generalising the Databricks lexer (sandbox/databricks/sql/): the
// quote characters, escapes, comment forms and $$ strings all differ, and Debian packages no
// Snowflake grammar.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway::sandbox::snowflake {

struct SfToken {
  enum class Kind { kWord, kQuotedIdentifier, kString, kNumber, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;   // unquoted and unescaped for identifiers and strings
  size_t offset = 0;  // first byte in the statement
  size_t end = 0;     // one past the last byte

  // A word equal to `keyword` in any case.
  bool Is(const char* keyword) const;
  bool IsPunct(const char* p) const { return kind == Kind::kPunct && text == p; }
  bool IsIdentifier() const { return kind == Kind::kWord || kind == Kind::kQuotedIdentifier; }
};

// The tokens of `sql` ending with a kEnd token. A syntax error (Snowflake code 001003) on an
// unterminated quote or comment.
Result<std::vector<SfToken>> LexSnowflake(const std::string& sql);

// The statements of `sql` split at top-level semicolons (never inside quotes or comments), each
// as its source text without the semicolon; statements holding only comments are dropped.
Result<std::vector<std::string>> SplitStatements(const std::string& sql);

}  // namespace causeway::sandbox::snowflake
