// The Snowflake tokenizer and parser on hostile input: quoted identifiers with "" escapes,
// strings with '' and backslash escapes, $$ strings, comments of every form, and statement
// splitting that never cuts inside a quote or a comment.
#include <gtest/gtest.h>

#include "sandbox/snowflake/sql/sf_lexer.h"
#include "sandbox/snowflake/sql/sf_parser.h"

namespace causeway::sandbox::snowflake {
namespace {

using Kind = SfToken::Kind;

TEST(SnowflakeLexerTest, QuotedIdentifierKeepsCaseAndUnescapesDoubledQuotes) {
  auto tokens = LexSnowflake(R"(CREATE DATABASE "my""db; DROP DATABASE x; --")");
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  ASSERT_EQ(tokens->size(), 4u);
  EXPECT_EQ((*tokens)[2].kind, Kind::kQuotedIdentifier);
  EXPECT_EQ((*tokens)[2].text, "my\"db; DROP DATABASE x; --");
  EXPECT_EQ((*tokens)[3].kind, Kind::kEnd);
}

TEST(SnowflakeLexerTest, StringsTakeDoubledQuotesAndBackslashEscapes) {
  auto tokens = LexSnowflake(R"(COMMENT = 'it''s \'x\' \\ \n; -- not a comment')");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[2].kind, Kind::kString);
  EXPECT_EQ((*tokens)[2].text, "it's 'x' \\ \n; -- not a comment");
}

TEST(SnowflakeLexerTest, DollarQuotedStringsTakeNoEscapes) {
  auto tokens = LexSnowflake("SELECT $$a'b\\n\"c$$");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[1].kind, Kind::kString);
  EXPECT_EQ((*tokens)[1].text, "a'b\\n\"c");
}

TEST(SnowflakeLexerTest, CommentsOfEveryFormAreSkipped) {
  auto tokens = LexSnowflake("SHOW -- one\n/* two; 'x */ ROLES // three\n");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 3u);
  EXPECT_TRUE((*tokens)[0].Is("show"));
  EXPECT_TRUE((*tokens)[1].Is("ROLES"));
}

TEST(SnowflakeLexerTest, DollarWordsAndOperators) {
  auto tokens = LexSnowflake("METADATA$FILENAME $1:a::STRING => x");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].text, "METADATA$FILENAME");
  EXPECT_EQ((*tokens)[1].text, "$1");
  EXPECT_TRUE((*tokens)[2].IsPunct(":"));
  EXPECT_TRUE((*tokens)[4].IsPunct("::"));
  EXPECT_TRUE((*tokens)[6].IsPunct("=>"));
}

TEST(SnowflakeLexerTest, UnterminatedQuotesAndCommentsAreSyntaxErrors) {
  for (const char* sql : {"CREATE ROLE \"abc", "COMMENT = 'abc", "SHOW /* ROLES", "x = $$a"}) {
    auto tokens = LexSnowflake(sql);
    ASSERT_FALSE(tokens.ok()) << sql;
    EXPECT_EQ(tokens.status().provider_code(), "001003") << sql;
  }
}

TEST(SnowflakeLexerTest, SplitsOnlyAtTopLevelSemicolons) {
  auto parts =
      SplitStatements("CREATE ROLE \"a;b\"; COMMENT = 'x;y' /* ; */ ; -- c;\n;; SHOW ROLES;");
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0], "CREATE ROLE \"a;b\"");
  EXPECT_EQ((*parts)[1], "COMMENT = 'x;y'");
  EXPECT_EQ((*parts)[2], "SHOW ROLES");
}

TEST(SnowflakeParserTest, UnquotedIdentifiersFoldToUpperCaseQuotedOnesDoNot) {
  SfParser p(R"(my_db."My Schema"."t""x")");
  auto name = p.Name();
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, (std::vector<std::string>{"MY_DB", "My Schema", "t\"x"}));
  EXPECT_TRUE(p.AtEnd());
}

TEST(SnowflakeParserTest, EmptyQuotedIdentifierIsASyntaxError) {
  SfParser p("\"\"");
  auto name = p.Identifier();
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().provider_code(), "001003");
}

TEST(SnowflakeParserTest, PropertiesWithListsAndNestedOptions) {
  SfParser p(
      "TYPE = EXTERNAL_STAGE ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://a/', 's3://b/') "
      "FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1 NULL_IF = ('', 'NULL')) COMMENT = 'x''y' rest");
  Value props = Value::object();
  ASSERT_TRUE(p.Properties(&props).ok());
  EXPECT_EQ(props["TYPE"], "EXTERNAL_STAGE");
  EXPECT_EQ(props["ENABLED"], "TRUE");
  EXPECT_EQ(props["STORAGE_ALLOWED_LOCATIONS"], (Value{"s3://a/", "s3://b/"}));
  EXPECT_EQ(props["FILE_FORMAT"]["SKIP_HEADER"], 1);
  EXPECT_EQ(props["FILE_FORMAT"]["NULL_IF"], (Value{"", "NULL"}));
  EXPECT_EQ(props["COMMENT"], "x'y");
  EXPECT_TRUE(p.Peek().Is("rest"));
}

TEST(SnowflakeParserTest, SyntaxErrorsNameLineAndPosition) {
  SfParser p("SHOW\n  ROLES nonsense");
  p.Advance();
  p.Advance();
  Status s = p.ExpectEnd();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.provider_code(), "001003");
  EXPECT_NE(s.message().find("line 2 at position 8 unexpected 'nonsense'"), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace causeway::sandbox::snowflake
