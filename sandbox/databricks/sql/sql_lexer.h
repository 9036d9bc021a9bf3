// SqlLexer: splits the Databricks SQL the statement emulator understands into tokens: words
// (keywords and bare identifiers), back-quoted identifiers (`a``b` is a`b), string literals
// ('it''s' and 'it\'s' are it's), numbers and single-character punctuation. Written by hand:
// Debian packages no Spark SQL grammar, and the emulator needs only DDL's few shapes.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway::sandbox {

struct SqlToken {
  enum class Kind { kWord, kQuotedIdentifier, kString, kNumber, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;   // unquoted and unescaped for identifiers and strings
  size_t offset = 0;  // in the statement, for messages

  // A word equal to `keyword` in any case.
  bool Is(const char* keyword) const;
  bool IsPunct(char c) const { return kind == Kind::kPunct && text.size() == 1 && text[0] == c; }
  // A word or a back-quoted identifier.
  bool IsIdentifier() const { return kind == Kind::kWord || kind == Kind::kQuotedIdentifier; }
};

// The tokens of `sql`, ending with a kEnd token; InvalidArgument on an unterminated quote.
Result<std::vector<SqlToken>> LexSql(const std::string& sql);

}  // namespace causeway::sandbox
