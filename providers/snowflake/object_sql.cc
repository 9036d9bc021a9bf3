// SQL fragments and name reading shared by the storage kinds. Qualified names are split by hand:
// the rule is Snowflake's (sql_text.h), no library knows it.
#include "providers/snowflake/object_sql.h"

#include <algorithm>

#include "providers/snowflake/row_set.h"
#include "providers/snowflake/sql_text.h"

namespace causeway::snowflake {

kit::Attribute IdentifierAttr(const std::string& name, const std::string& what) {
  return kit::Attribute(name)
      .Required()
      .ForceNew()
      .Normalize(IdentifierValue)
      .Describe(what + " (unquoted: folded to upper case; \"quoted\": exact)");
}

kit::Attribute CommentAttribute() {
  return kit::Attribute("comment").Default("").Describe("Comment");
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string CommentSql(const Value& a) {
  std::string c = kit::StringAttr(a, "comment");
  return c.empty() ? "" : " COMMENT = " + QuoteString(c);
}

std::string AlterCommentSql(const std::string& keyword, const std::string& qname, const Value& a) {
  std::string c = kit::StringAttr(a, "comment");
  return "ALTER " + keyword + " " + qname +
         (c.empty() ? " UNSET COMMENT" : " SET COMMENT = " + QuoteString(c));
}

std::string StringListSql(const Value& list) {
  std::string out;
  if (list.is_array()) {
    for (const auto& v : list) {
      out +=
          (out.empty() ? "" : ", ") + QuoteString(v.is_string() ? v.get<std::string>() : v.dump());
    }
  }
  return "(" + out + ")";
}

std::vector<std::string> StringList(const Value& a, const std::string& name) {
  std::vector<std::string> out;
  if (!a.is_object() || !a.contains(name) || !a[name].is_array()) return out;
  for (const auto& v : a[name]) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<std::string> SplitQualifiedName(const std::string& text) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= text.size()) {
    std::string part;
    if (i < text.size() && text[i] == '"') {
      part = "\"";
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            part += "\"\"";
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        part += text[i++];
      }
      if (!closed) return {};
      part += "\"";
    } else {
      while (i < text.size() && text[i] != '.') part += text[i++];
      if (part.empty() || !IsUnquotedIdentifier(part)) return {};
    }
    parts.push_back(NormalizeIdentifier(part));
    if (i == text.size()) return parts;
    if (text[i] != '.') return {};
    ++i;
  }
  return {};
}

Value QualifiedNameValue(const Value& v) {
  if (!v.is_string()) return v;
  auto parts = SplitQualifiedName(v.get<std::string>());
  return parts.empty() ? v : Value(QuoteName(parts));
}

std::string QualifiedNameOfRow(const RowSet& rows, size_t r) {
  return QuoteName(
      {rows.Text(r, "database_name"), rows.Text(r, "schema_name"), rows.Text(r, "name")});
}

}  // namespace causeway::snowflake

namespace causeway::snowflake {

namespace {
bool Punct(char c) { return std::string("(),.:=<>+-*/|[]").find(c) != std::string::npos; }
}  // namespace

std::string CompactSql(const std::string& sql) {
  std::string out;
  char quote = 0;
  bool space = false;
  for (char c : sql) {
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() && !Punct(out.back()) && !Punct(c)) out += ' ';
    space = false;
    if (c == '\'' || c == '"') quote = c;
    out += c;
  }
  while (!out.empty() && out.back() == ';') out.pop_back();
  return out;
}

bool HasStatementSeparator(const std::string& sql) {
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') return true;  // a comment
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') return true;
    if (c == ';' && CompactSql(sql.substr(i + 1)).find_first_not_of(";") != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace causeway::snowflake
