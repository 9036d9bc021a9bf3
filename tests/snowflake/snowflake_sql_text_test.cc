// Quoting and Snowflake's identifier rules (providers/snowflake/sql_text.h): hostile names and
// values stay inside their token, unquoted names fold to upper case, quoted ones are exact.
#include <gtest/gtest.h>

#include "providers/snowflake/sql_text.h"

namespace causeway::snowflake {
namespace {

// Reads back the identifier at the start of `sql` as Snowflake's lexer does: the text between the
// opening quote and the first quote not followed by another, "" read as ". Returns the rest.
std::string ReadQuoted(const std::string& sql, std::string* rest) {
  EXPECT_EQ(sql.front(), '"');
  std::string out;
  size_t i = 1;
  for (; i < sql.size(); ++i) {
    if (sql[i] == '"') {
      if (i + 1 < sql.size() && sql[i + 1] == '"') {
        out += '"';
        ++i;
        continue;
      }
      break;
    }
    out += sql[i];
  }
  *rest = sql.substr(i + 1);
  return out;
}

std::string ReadString(const std::string& sql, std::string* rest) {
  EXPECT_EQ(sql.front(), '\'');
  std::string out;
  size_t i = 1;
  for (; i < sql.size(); ++i) {
    if (sql[i] == '\\' && i + 1 < sql.size()) {
      out += sql[++i];
      continue;
    }
    if (sql[i] == '\'') {
      if (i + 1 < sql.size() && sql[i + 1] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      break;
    }
    out += sql[i];
  }
  *rest = sql.substr(i + 1);
  return out;
}

const std::vector<std::string> kHostile = {
    "\"; DROP DATABASE x; --\"",
    "; DROP DATABASE x; --",
    "a\"b",
    "\"",
    "\"\"",
    "it's",
    "back\\slash'",
    "-- comment",
    "/* open",
    "*/",
    "Ünïcødé_名前",
    "select",
    "new\nline",
    "' OR '1'='1",
};

TEST(SqlTextTest, HostileIdentifiersStayOneToken) {
  for (const auto& name : kHostile) {
    std::string sql = QuoteIdentifier(name) + " TAIL";
    std::string rest;
    EXPECT_EQ(ReadQuoted(sql, &rest), name) << sql;
    EXPECT_EQ(rest, " TAIL") << sql;
  }
  EXPECT_EQ(QuoteIdentifier("\"; DROP DATABASE x; --\""), "\"\"\"; DROP DATABASE x; --\"\"\"");
}

TEST(SqlTextTest, HostileLiteralsStayOneToken) {
  for (const auto& value : kHostile) {
    std::string sql = QuoteString(value) + " TAIL";
    std::string rest;
    EXPECT_EQ(ReadString(sql, &rest), value) << sql;
    EXPECT_EQ(rest, " TAIL") << sql;
  }
  EXPECT_EQ(QuoteString("it's a\\b"), "'it''s a\\\\b'");
}

TEST(SqlTextTest, QualifiedNamesQuoteEachPart) {
  EXPECT_EQ(QuoteName({"DB", "my.schema", "T\"1"}), "\"DB\".\"my.schema\".\"T\"\"1\"");
}

TEST(SqlTextTest, UnquotedNamesFoldToUpperCase) {
  EXPECT_EQ(NormalizeIdentifier("raw_events"), "RAW_EVENTS");
  EXPECT_EQ(NormalizeIdentifier("_x$1"), "_X$1");
  EXPECT_EQ(NormalizeIdentifier("select"), "SELECT");
  EXPECT_TRUE(IsUnquotedIdentifier("a1$"));
  EXPECT_FALSE(IsUnquotedIdentifier("1a"));
  EXPECT_FALSE(IsUnquotedIdentifier(""));
  EXPECT_FALSE(IsUnquotedIdentifier("a-b"));
}

TEST(SqlTextTest, QuotedNamesAreExact) {
  EXPECT_EQ(NormalizeIdentifier("\"Mixed Case\""), "Mixed Case");
  EXPECT_EQ(NormalizeIdentifier("\"a\"\"b\""), "a\"b");
  EXPECT_EQ(NormalizeIdentifier("\"; DROP DATABASE x; --\""), "; DROP DATABASE x; --");
  EXPECT_EQ(NormalizeIdentifier("\"lower\""), "lower");
}

TEST(SqlTextTest, NamesThatCannotBeUnquotedAreKeptExactly) {
  EXPECT_EQ(NormalizeIdentifier("my table"), "my table");
  EXPECT_EQ(NormalizeIdentifier("Ünïcødé"), "Ünïcødé");
  EXPECT_EQ(NormalizeIdentifier("a\"b"), "a\"b");
  EXPECT_EQ(IdentifierValue(Value("x")), Value("X"));
  EXPECT_EQ(IdentifierValue(Value(3)), Value(3));
}

}  // namespace
}  // namespace causeway::snowflake
