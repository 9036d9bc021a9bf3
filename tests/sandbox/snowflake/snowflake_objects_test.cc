// Schema-level objects in the Snowflake engine, in memory: tables (types, nullability,
// defaults, comments, clustering, every ALTER TABLE column change), SHOW COLUMNS' data_type
// JSON, DESC TABLE, file formats (options, defaults, DESC), internal stages, future grants on
// tables, and SHOW ... IN SCHEMA / IN ACCOUNT paging.
#include <gtest/gtest.h>

#include <map>

#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {
namespace {

class SnowflakeObjectsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.Reset({"SANDBOX_ADMIN", "ACCOUNTADMIN", "SANDBOX_WH", "", 1});
    admin_ = {"SANDBOX_ADMIN", "ACCOUNTADMIN", "SANDBOX_WH", "", ""};
    Ok("CREATE DATABASE D");
    Ok("CREATE SCHEMA D.S");
  }
  Result<ResultSet> Run(const std::string& sql) {
    return engine_.Execute(sql, catalog_, admin_, nullptr, ++now_);
  }
  ResultSet Ok(const std::string& sql) {
    auto r = Run(sql);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    return r.ok() ? *r : ResultSet{};
  }
  std::string Code(const std::string& sql) {
    auto r = Run(sql);
    return r.ok() ? "ok" : r.status().provider_code();
  }
  static std::vector<std::string> Column(const ResultSet& r, const std::string& name) {
    std::vector<std::string> out;
    for (size_t k = 0; k < r.columns.size(); ++k) {
      if (r.columns[k].name != name) continue;
      for (const auto& row : r.rows) out.push_back(row[k].value_or("<null>"));
    }
    return out;
  }

  SfCatalog catalog_;
  SqlEngine engine_;
  Session admin_;
  int64_t now_ = 1;
};

TEST_F(SnowflakeObjectsTest, TablesKeepTypesNullabilityDefaultsCommentsAndClustering) {
  Ok("CREATE TABLE IF NOT EXISTS \"D\".\"S\".\"T\" (\"ID\" NUMBER(38,0) NOT NULL, "
     "\"name\" STRING DEFAULT 'n/a' COMMENT 'display, name', \"AMOUNT\" NUMBER(10,2), "
     "\"TS\" TIMESTAMP_NTZ, \"OK\" BOOLEAN DEFAULT TRUE, \"F\" DOUBLE, \"V\" VARIANT) "
     "CLUSTER BY (\"ID\", \"name\") COMMENT = 'facts'");
  ResultSet desc = Ok("DESC TABLE D.S.T");
  EXPECT_EQ(Column(desc, "name"),
            (std::vector<std::string>{"ID", "name", "AMOUNT", "TS", "OK", "F", "V"}));
  EXPECT_EQ(Column(desc, "type"),
            (std::vector<std::string>{"NUMBER(38,0)", "VARCHAR(16777216)", "NUMBER(10,2)",
                                      "TIMESTAMP_NTZ(9)", "BOOLEAN", "FLOAT", "VARIANT"}));
  EXPECT_EQ(Column(desc, "null?"), (std::vector<std::string>{"N", "Y", "Y", "Y", "Y", "Y", "Y"}));
  EXPECT_EQ(Column(desc, "default")[1], "'n/a'");
  EXPECT_EQ(Column(desc, "default")[4], "TRUE");
  EXPECT_EQ(Column(desc, "comment")[1], "display, name");
  ResultSet tables = Ok("SHOW TABLES IN SCHEMA D.S");
  EXPECT_EQ(Column(tables, "cluster_by"), (std::vector<std::string>{"LINEAR(ID, \"name\")"}));
  EXPECT_EQ(Column(tables, "comment"), (std::vector<std::string>{"facts"}));
  ResultSet columns = Ok("SHOW COLUMNS IN SCHEMA D.S");
  EXPECT_EQ(Column(columns, "data_type")[0],
            R"({"nullable":false,"precision":38,"scale":0,"type":"FIXED"})");
  EXPECT_EQ(Value::parse(Column(columns, "data_type")[1])["type"], "TEXT");
  EXPECT_EQ(Column(columns, "null?")[0], "false");
  EXPECT_EQ(Column(columns, "kind")[0], "COLUMN");
  EXPECT_EQ(Column(columns, "database_name")[0], "D");
  EXPECT_EQ(Code("CREATE TABLE D.S.T (A INT)"), "002002");
  EXPECT_EQ(Code("CREATE TABLE D.S.U (A INT, A INT)"), "002025");
  EXPECT_EQ(Code("CREATE TABLE D.NOPE.U (A INT)"), "002003");
  EXPECT_EQ(Code("CREATE TABLE D.S.U (A WIBBLE)"), "002040");
}

TEST_F(SnowflakeObjectsTest, AlterTableChangesColumnsOneByOne) {
  Ok("CREATE TABLE D.S.T (A INT, B STRING)");
  Ok("ALTER TABLE \"D\".\"S\".\"T\" ADD COLUMN \"C\" DATE NOT NULL COMMENT 'day'");
  Ok("ALTER TABLE D.S.T RENAME COLUMN \"A\" TO \"A2\"");
  Ok("ALTER TABLE D.S.T ALTER COLUMN \"B\" COMMENT 'bee'");
  Ok("ALTER TABLE D.S.T ALTER COLUMN \"C\" DROP NOT NULL");
  Ok("ALTER TABLE D.S.T ALTER COLUMN \"A2\" SET NOT NULL");
  Ok("ALTER TABLE D.S.T ALTER COLUMN \"C\" UNSET COMMENT");
  Ok("ALTER TABLE D.S.T CLUSTER BY (\"C\")");
  Ok("ALTER TABLE D.S.T SET COMMENT = 'changed'");
  ResultSet desc = Ok("DESC TABLE D.S.T");
  EXPECT_EQ(Column(desc, "name"), (std::vector<std::string>{"A2", "B", "C"}));
  EXPECT_EQ(Column(desc, "null?"), (std::vector<std::string>{"N", "Y", "Y"}));
  EXPECT_EQ(Column(desc, "comment"), (std::vector<std::string>{"<null>", "bee", "<null>"}));
  EXPECT_EQ(Column(Ok("SHOW TABLES LIKE 'T' IN SCHEMA D.S"), "cluster_by"),
            (std::vector<std::string>{"LINEAR(C)"}));
  Ok("ALTER TABLE D.S.T DROP CLUSTERING KEY");
  Ok("ALTER TABLE D.S.T DROP COLUMN \"B\"");
  EXPECT_EQ(Column(Ok("DESC TABLE D.S.T"), "name"), (std::vector<std::string>{"A2", "C"}));
  EXPECT_EQ(Column(Ok("SHOW TABLES IN SCHEMA D.S"), "cluster_by"), (std::vector<std::string>{""}));
  EXPECT_EQ(Code("ALTER TABLE D.S.T DROP COLUMN \"NOPE\""), "000904");
  EXPECT_EQ(Code("ALTER TABLE D.S.T ADD COLUMN \"C\" INT"), "002028");
  Ok("ALTER TABLE D.S.T ADD COLUMN IF NOT EXISTS \"C\" INT");
}

TEST_F(SnowflakeObjectsTest, FileFormatsResolveOptionsAndDefaults) {
  Ok("CREATE FILE FORMAT IF NOT EXISTS \"D\".\"S\".\"CSV\" TYPE = CSV FIELD_DELIMITER = '|' "
     "SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('', 'NULL') "
     "COMPRESSION = AUTO COMMENT = 'pipes'");
  ResultSet shown = Ok("SHOW FILE FORMATS IN SCHEMA D.S");
  const Value options = Value::parse(Column(shown, "format_options")[0]);
  EXPECT_EQ(options["FIELD_DELIMITER"], "|");
  EXPECT_EQ(options["SKIP_HEADER"], 1);
  EXPECT_EQ(options["NULL_IF"], (Value{"", "NULL"}));
  EXPECT_EQ(options["TRIM_SPACE"], false);
  std::map<std::string, std::string> desc;
  for (const auto& row : Ok("DESC FILE FORMAT D.S.CSV").rows) desc[*row[0]] = *row[2];
  EXPECT_EQ(desc["FIELD_OPTIONALLY_ENCLOSED_BY"], "\"");
  EXPECT_EQ(desc["NULL_IF"], "[, NULL]");
  Ok("ALTER FILE FORMAT D.S.CSV SET SKIP_HEADER = 0");
  EXPECT_EQ(
      Value::parse(Column(Ok("SHOW FILE FORMATS LIKE 'CSV'"), "format_options")[0])["SKIP_HEADER"],
      0);
  EXPECT_EQ(Code("CREATE FILE FORMAT D.S.BAD TYPE = PARQUET FIELD_DELIMITER = ','"), "001008");
  EXPECT_EQ(Code("CREATE FILE FORMAT D.S.BAD TYPE = EXCEL"), "001008");
}

TEST_F(SnowflakeObjectsTest, InternalStagesAndMissingReferences) {
  Ok("CREATE STAGE D.S.INTERNAL DIRECTORY = (ENABLE = TRUE) COMMENT = 'uploads'");
  ResultSet stages = Ok("SHOW STAGES IN SCHEMA D.S");
  EXPECT_EQ(Column(stages, "type"), (std::vector<std::string>{"INTERNAL"}));
  EXPECT_EQ(Column(stages, "url"), (std::vector<std::string>{""}));
  EXPECT_TRUE(Ok("LIST @D.S.INTERNAL").rows.empty());
  EXPECT_EQ(Code("CREATE STAGE D.S.X URL = 's3://b/' STORAGE_INTEGRATION = NOPE"), "002003");
  EXPECT_EQ(Code("CREATE STAGE D.S.X FILE_FORMAT = (FORMAT_NAME = 'D.S.NOPE')"), "002003");
  EXPECT_EQ(Code("LIST @D.S.NOPE"), "002003");
  std::map<std::string, std::string> desc;
  for (const auto& row : Ok("DESC STAGE D.S.INTERNAL").rows) desc[*row[1]] = *row[3];
  EXPECT_EQ(desc["ENABLE"], "true");
  EXPECT_EQ(desc["URL"], "");
}

TEST_F(SnowflakeObjectsTest, FutureGrantsOnTablesPreferTheSchemaLevel) {
  Ok("CREATE ROLE READER");
  Ok("CREATE ROLE WRITER");
  Ok("GRANT SELECT ON FUTURE TABLES IN DATABASE D TO ROLE READER");
  Ok("GRANT INSERT ON FUTURE TABLES IN SCHEMA D.S TO ROLE WRITER");
  Ok("CREATE SCHEMA D.OTHER");
  Ok("CREATE TABLE D.S.T (A INT)");
  Ok("CREATE TABLE D.OTHER.T (A INT)");
  EXPECT_EQ(Column(Ok("SHOW GRANTS ON TABLE D.S.T"), "grantee_name"),
            (std::vector<std::string>{"WRITER", "ACCOUNTADMIN"}));  // INSERT, OWNERSHIP
  EXPECT_EQ(Column(Ok("SHOW GRANTS ON TABLE D.OTHER.T"), "grantee_name"),
            (std::vector<std::string>{"ACCOUNTADMIN", "READER"}));
  ResultSet future = Ok("SHOW FUTURE GRANTS IN SCHEMA D.S");
  EXPECT_EQ(Column(future, "name"), (std::vector<std::string>{"D.S.<TABLE>"}));
  EXPECT_EQ(Column(future, "privilege"), (std::vector<std::string>{"INSERT"}));
  Ok("REVOKE INSERT ON FUTURE TABLES IN SCHEMA D.S FROM ROLE WRITER");
  EXPECT_TRUE(Ok("SHOW FUTURE GRANTS IN SCHEMA D.S").rows.empty());
  Ok("GRANT SELECT ON ALL TABLES IN DATABASE D TO ROLE WRITER");
  EXPECT_EQ(Column(Ok("SHOW GRANTS TO ROLE WRITER"), "privilege"),
            (std::vector<std::string>{"SELECT", "INSERT", "SELECT"}));  // the future INSERT stays
}

TEST_F(SnowflakeObjectsTest, ShowPagesAcrossSchemasAndTheAccount) {
  Ok("CREATE DATABASE E");
  for (const char* t : {"D.S.A", "D.S.B", "D.PUBLIC.C", "E.PUBLIC.A2"}) {
    Ok(std::string("CREATE TABLE ") + t + " (X INT)");
  }
  EXPECT_EQ(Column(Ok("SHOW TABLES IN ACCOUNT"), "name"),
            (std::vector<std::string>{"A", "A2", "B", "C"}));
  EXPECT_EQ(Column(Ok("SHOW TABLES IN DATABASE D LIMIT 2"), "name"),
            (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(Column(Ok("SHOW TABLES IN DATABASE D LIMIT 2 FROM 'B'"), "name"),
            (std::vector<std::string>{"C"}));
  EXPECT_EQ(Column(Ok("SHOW SCHEMAS IN ACCOUNT"), "name"),
            (std::vector<std::string>{"PUBLIC", "PUBLIC", "S"}));
  EXPECT_EQ(Column(Ok("SHOW COLUMNS IN TABLE D.S.A"), "column_name"),
            (std::vector<std::string>{"X"}));
  Ok("DROP SCHEMA D.S");
  EXPECT_EQ(Column(Ok("SHOW TABLES IN ACCOUNT"), "name"), (std::vector<std::string>{"A2", "C"}));
}

TEST_F(SnowflakeObjectsTest, SelectAnswersLiteralsAndTheSessionContext) {
  Ok("USE SCHEMA D.S");
  ResultSet r =
      Ok("SELECT 1, 'x' AS label, CURRENT_ROLE(), CURRENT_DATABASE() db, "
         "CURRENT_ACCOUNT()");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.columns[0].name, "1");
  EXPECT_EQ(r.columns[0].type, "FIXED");
  EXPECT_EQ(r.columns[1].name, "LABEL");
  EXPECT_EQ(r.columns[2].name, "CURRENT_ROLE()");
  EXPECT_EQ(r.columns[3].name, "DB");
  EXPECT_EQ(r.rows[0], (Row{"1", "x", "ACCOUNTADMIN", "D", "SANDBOX"}));
  EXPECT_EQ(Code("SELECT COUNT(*) FROM D.S.T"), "000002");
  EXPECT_EQ(Code("SELECT * FROM D.S.T"), "000002");
}

}  // namespace
}  // namespace causeway::sandbox::snowflake
