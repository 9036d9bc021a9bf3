// SqlLexer: one pass over the statement text.
#include "sandbox/databricks/sql/sql_lexer.h"

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

bool SqlToken::Is(const char* keyword) const {
  return kind == Kind::kWord && EqualsIgnoringCase(text, keyword);
}

Result<std::vector<SqlToken>> LexSql(const std::string& sql) {
  std::vector<SqlToken> out;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // comment to end of line
      while (i < sql.size() && sql[i] != '\n') ++i;
      continue;
    }
    SqlToken t;
    t.offset = i;
    if (c == '`' || c == '\'' || c == '"') {
      const char quote = c;
      t.kind = quote == '`' ? SqlToken::Kind::kQuotedIdentifier : SqlToken::Kind::kString;
      ++i;
      bool closed = false;
      while (i < sql.size()) {
        if (sql[i] == quote && i + 1 < sql.size() && sql[i + 1] == quote) {
          t.text += quote;
          i += 2;
        } else if (sql[i] == quote) {
          ++i;
          closed = true;
          break;
        } else if (sql[i] == '\\' && quote != '`' && i + 1 < sql.size()) {
          t.text += sql[i + 1];
          i += 2;
        } else {
          t.text += sql[i++];
        }
      }
      if (!closed) {
        return Status::InvalidArgument("[PARSE_SYNTAX_ERROR] Unterminated " +
                                       std::string(quote == '`' ? "identifier" : "string") +
                                       " starting at position " + std::to_string(t.offset) + ".");
      }
    } else if (IsWordChar(c)) {
      bool digits = c >= '0' && c <= '9';
      while (i < sql.size() && IsWordChar(sql[i])) {
        digits = digits && sql[i] >= '0' && sql[i] <= '9';
        t.text += sql[i++];
      }
      t.kind = digits ? SqlToken::Kind::kNumber : SqlToken::Kind::kWord;
    } else {
      t.kind = SqlToken::Kind::kPunct;
      t.text = std::string(1, c);
      ++i;
    }
    out.push_back(std::move(t));
  }
  SqlToken end;
  end.offset = sql.size();
  out.push_back(end);
  return out;
}

}  // namespace causeway::sandbox
