// SfLexer: one pass over the statement text.
#include "sandbox/snowflake/sql/sf_lexer.h"

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

namespace {

bool IsWordStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c); }

char Unescape(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '0':
      return '\0';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    default:
      return c;
  }
}

Status Unterminated(const std::string& sql, size_t offset, const char* what) {
  return SyntaxErrorAt(sql, offset, std::string("unterminated ") + what);
}

}  // namespace

bool SfToken::Is(const char* keyword) const {
  return kind == Kind::kWord && EqualsIgnoringCase(text, keyword);
}

Result<std::vector<SfToken>> LexSnowflake(const std::string& sql) {
  std::vector<SfToken> out;
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if ((c == '-' || c == '/') && i + 1 < n && sql[i + 1] == c) {  // -- or // comment
      while (i < n && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const size_t close = sql.find("*/", i + 2);
      if (close == std::string::npos) return Unterminated(sql, i, "comment");
      i = close + 2;
      continue;
    }
    SfToken t;
    t.offset = i;
    if (c == '"') {
      t.kind = SfToken::Kind::kQuotedIdentifier;
      ++i;
      bool closed = false;
      while (i < n) {
        if (sql[i] == '"' && i + 1 < n && sql[i + 1] == '"') {
          t.text += '"';
          i += 2;
        } else if (sql[i] == '"') {
          ++i;
          closed = true;
          break;
        } else {
          t.text += sql[i++];
        }
      }
      if (!closed) return Unterminated(sql, t.offset, "identifier");
    } else if (c == '\'') {
      t.kind = SfToken::Kind::kString;
      ++i;
      bool closed = false;
      while (i < n) {
        if (sql[i] == '\'' && i + 1 < n && sql[i + 1] == '\'') {
          t.text += '\'';
          i += 2;
        } else if (sql[i] == '\'') {
          ++i;
          closed = true;
          break;
        } else if (sql[i] == '\\' && i + 1 < n) {
          t.text += Unescape(sql[i + 1]);
          i += 2;
        } else {
          t.text += sql[i++];
        }
      }
      if (!closed) return Unterminated(sql, t.offset, "string");
    } else if (c == '$' && i + 1 < n && sql[i + 1] == '$') {
      t.kind = SfToken::Kind::kString;
      const size_t close = sql.find("$$", i + 2);
      if (close == std::string::npos) return Unterminated(sql, i, "string");
      t.text = sql.substr(i + 2, close - i - 2);
      i = close + 2;
    } else if (IsDigit(c) || (c == '.' && i + 1 < n && IsDigit(sql[i + 1]))) {
      t.kind = SfToken::Kind::kNumber;
      while (i < n && (IsDigit(sql[i]) || sql[i] == '.')) t.text += sql[i++];
      if (i < n && (sql[i] == 'e' || sql[i] == 'E')) {
        t.text += sql[i++];
        if (i < n && (sql[i] == '+' || sql[i] == '-')) t.text += sql[i++];
        while (i < n && IsDigit(sql[i])) t.text += sql[i++];
      }
    } else if (IsWordStart(c)) {
      t.kind = SfToken::Kind::kWord;
      while (i < n && IsWordChar(sql[i])) t.text += sql[i++];
    } else {
      t.kind = SfToken::Kind::kPunct;
      static const char* kPairs[] = {"::", "=>", "<=", ">=", "<>", "!=", "||"};
      t.text = std::string(1, c);
      for (const char* p : kPairs) {
        if (i + 1 < n && c == p[0] && sql[i + 1] == p[1]) t.text = p;
      }
      i += t.text.size();
    }
    t.end = i;
    out.push_back(std::move(t));
  }
  SfToken end;
  end.offset = end.end = n;
  out.push_back(end);
  return out;
}

Result<std::vector<std::string>> SplitStatements(const std::string& sql) {
  auto tokens = LexSnowflake(sql);
  if (!tokens.ok()) return tokens.status();
  std::vector<std::string> out;
  size_t first = 0;  // index of the statement's first token
  const auto& t = *tokens;
  for (size_t k = 0; k < t.size(); ++k) {
    const bool boundary = t[k].kind == SfToken::Kind::kEnd || t[k].IsPunct(";");
    if (!boundary) continue;
    if (k > first) out.push_back(sql.substr(t[first].offset, t[k - 1].end - t[first].offset));
    first = k + 1;
  }
  return out;
}

}  // namespace causeway::sandbox::snowflake
