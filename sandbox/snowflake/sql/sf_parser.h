// SfParser: a cursor over one statement's tokens with the pieces every Snowflake statement is
// made of: keywords, identifiers (unquoted ones fold to upper case, quoted ones keep their case),
// dotted object names, string literals, and `KEY = value` property lists whose values are
// strings, numbers, words, identifiers or parenthesised lists / nested property lists. The
// executors (sandbox/snowflake/engine/) read their statements through it; every failure is a
// Snowflake syntax error (001003) at the offending token.
// Thread-safety: one parser per statement.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"
#include "sandbox/snowflake/sql/sf_lexer.h"

namespace causeway::sandbox::snowflake {

class SfParser {
 public:
  // Lexes `sql`; see ok()/status().
  explicit SfParser(std::string sql);

  const Status& status() const { return status_; }
  const std::string& sql() const { return sql_; }

  const SfToken& Peek(size_t ahead = 0) const;
  bool AtEnd() const { return Peek().kind == SfToken::Kind::kEnd; }
  size_t position() const { return pos_; }
  void Advance() {
    if (!AtEnd()) ++pos_;
  }

  // Consumes the keyword (or the sequence of keywords) when next; false otherwise.
  bool Accept(const char* keyword);
  bool AcceptAll(std::initializer_list<const char*> keywords);
  bool AcceptPunct(const char* p);
  // As Accept, but a syntax error when absent.
  Status Expect(const char* keyword);
  Status ExpectPunct(const char* p);
  // A syntax error at the current token.
  Status Error() const;
  // A syntax error unless every token was read (a trailing ';' is not a token here).
  Status ExpectEnd() const;

  // One identifier: quoted as written, unquoted in upper case.
  Result<std::string> Identifier();
  // A dotted name of 1..max_parts identifiers.
  Result<std::vector<std::string>> Name(size_t max_parts = 3);
  Result<std::string> String();

  // One property value: string / quoted identifier / word (upper case) -> string, number ->
  // number, ( ... ) -> array of values, or object when it holds KEY = value pairs.
  Result<Value> PropertyValue();
  // KEY [=] value pairs while the next token is a word followed by '='; keys upper case. A key
  // already present is overwritten.
  Status Properties(Value* into);

  // The source text from token `first` up to (not including) the current token.
  std::string TextFrom(size_t first) const;
  // Skips to the token after the parenthesis matching the '(' at the current position.
  Status SkipParenthesised();

 private:
  std::string sql_;
  std::vector<SfToken> tokens_;
  size_t pos_ = 0;
  Status status_;
};

}  // namespace causeway::sandbox::snowflake
