// snowflake.file_format against the sandbox: created with options (adopting one made by hand),
// observed with one SHOW FILE FORMATS per schema, only the options the manifest names compared
// (Snowflake fills in the rest) whatever their case and spelling, options and comment changed by
// ALTER, deleted; its fully qualified name usable by a stage; values checked at validate.
#include <gtest/gtest.h>

#include "tests/snowflake/snowflake_sandbox_provider.h"

namespace causeway::testing {
namespace {

constexpr char kKind[] = "snowflake.file_format";

class SnowflakeFileFormatTest : public SnowflakeSandboxTest {};

TEST_F(SnowflakeFileFormatTest, OnlyNamedOptionsAreComparedWhateverTheirSpelling) {
  MakeSchema("raw", "landing");
  Value csv = {{"database", "raw"},
               {"schema", "landing"},
               {"name", "csv_format"},
               {"type", "csv"},
               {"options",
                {{"field_delimiter", "|"},
                 {"SKIP_HEADER", 1},
                 {"compression", "gzip"},
                 {"TRIM_SPACE", "true"},
                 {"NULL_IF", {"", "NULL"}}}},
               {"comment", "pipe separated"}};
  ResourceResult created = Create(kKind, csv);
  EXPECT_EQ(created.outputs["fully_qualified_name"], "\"RAW\".\"LANDING\".\"CSV_FORMAT\"");
  Observation seen = ExpectNoDiff(kKind, csv);
  EXPECT_EQ(seen.attributes["options"].size(), 5u) << seen.attributes.dump();
  EXPECT_FALSE(seen.attributes["options"].contains("RECORD_DELIMITER")) << "not managed";

  Value changed = csv;
  changed["options"] = {{"FIELD_DELIMITER", ","}, {"SKIP_HEADER", 2}};
  changed["comment"] = "";
  Observation before = Observe(kKind, changed);
  EXPECT_EQ(before.attributes["options"]["SKIP_HEADER"], 1);
  Update(kKind, seen.attributes, changed);
  ExpectNoDiff(kKind, changed);

  Delete(kKind, changed);
  EXPECT_FALSE(Observe(kKind, changed).exists);
  Delete(kKind, changed);
}

TEST_F(SnowflakeFileFormatTest, AdoptsAndTypeForcesReplacement) {
  MakeSchema("raw", "landing");
  Sql("CREATE FILE FORMAT \"RAW\".\"LANDING\".\"PQ\" TYPE = PARQUET COMMENT = 'old'");
  Value pq = {{"database", "RAW"},
              {"schema", "LANDING"},
              {"name", "pq"},
              {"type", "PARQUET"},
              {"options", {{"BINARY_AS_TEXT", false}}}};
  Create(kKind, pq);
  ExpectNoDiff(kKind, pq);
  const KindSchema& schema = Schema(kKind);
  EXPECT_TRUE(schema.Find("type")->force_new);
  EXPECT_FALSE(schema.holds_data);
}

TEST_F(SnowflakeFileFormatTest, HostileNamesAndValuesRoundTrip) {
  for (const std::string name : {"\"; DROP FILE FORMAT x; --\"", "\"a\"\"b\"", "Ünïcødé 名前"}) {
    MakeSchema(name, name);
    Value f = {{"database", name},
               {"schema", name},
               {"name", name},
               {"options", {{"FIELD_DELIMITER", "';"}, {"NULL_IF", {"\\N", "it's"}}}},
               {"comment", "'; DROP SCHEMA X; --"}};
    ResourceResult created = Create(kKind, f);
    // The output names it in SQL.
    EXPECT_GT(Sql("DESC FILE FORMAT " + created.outputs["fully_qualified_name"].get<std::string>())
                  .size(),
              0u);
    ExpectNoDiff(kKind, f);
    Delete(kKind, f);
    EXPECT_FALSE(Observe(kKind, f).exists) << name;
  }
}

TEST_F(SnowflakeFileFormatTest, ValuesAreCheckedAtValidate) {
  const KindSchema& schema = Schema(kKind);
  EXPECT_NE(CheckAttribute(kKind, *schema.Find("type"), "TSV"), "");
  const AttributeSchema& options = *schema.Find("options");
  EXPECT_NE(CheckAttribute(kKind, options, Value{{"FIELD_DELIMITER = ','; DROP", "x"}}), "");
  EXPECT_NE(CheckAttribute(kKind, options, Value{{"TYPE", "CSV"}}), "");
  EXPECT_NE(CheckAttribute(kKind, options, Value{{"NULL_IF", {{{"a", 1}}}}}), "");
  EXPECT_EQ(CheckAttribute(kKind, options, Value{{"skip_header", 1}}), "");
}

}  // namespace
}  // namespace causeway::testing
