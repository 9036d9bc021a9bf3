// The Databricks SQL Statement Execution emulator over loopback HTTP: CREATE TABLE (external,
// partitioned, any format) lands in the Unity Catalog emulator, SHOW TABLES lists it, DROP TABLE
// removes it; ALTER TABLE changes properties, location, columns and owner; MSCK REPAIR finds Hive
// partitions in the S3 emulator, SHOW PARTITIONS and DESCRIBE show them; statements are polled by
// id and their result chunk fetched; failures come back as FAILED statements with HTTP 200 and
// request-level problems as Databricks errors; hostile back-quoted names are identifiers, not SQL.
#include <gtest/gtest.h>

#include "sandbox/databricks/databricks_frontend.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

const std::string kToken = sandbox::kDefaultDatabricksToken;
const std::string kWarehouse = sandbox::kDefaultDatabricksWarehouseId;

class StatementExecutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    Rest("POST", "/api/2.1/unity-catalog/catalogs", {{"name", "main"}});
    Rest("POST", "/api/2.1/unity-catalog/schemas", {{"name", "sales"}, {"catalog_name", "main"}});
  }
  SandboxReply Raw(const std::string& method, const std::string& path, const Value& body = {}) {
    return client_->Raw(
        method, path, body.is_null() ? "" : body.dump(),
        {{"authorization", "Bearer " + kToken}, {"content-type", "application/json"}});
  }
  Value Rest(const std::string& method, const std::string& path, const Value& body = {}) {
    SandboxReply r = Raw(method, path, body);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.Json();
  }
  // Runs `sql` and returns the StatementResponse (HTTP 200 expected whatever the state).
  Value Sql(const std::string& sql, Value extra = Value::object()) {
    extra["statement"] = sql;
    extra["warehouse_id"] = kWarehouse;
    return Rest("POST", "/api/2.0/sql/statements", extra);
  }
  std::string State(const Value& response) {
    return response["status"].value("state", std::string());
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(StatementExecutionTest, CreateShowDropAnExternalPartitionedTable) {
  Value created =
      Sql("CREATE TABLE IF NOT EXISTS main.sales.Trips (\n"
          "  id BIGINT NOT NULL COMMENT 'trip id',\n"
          "  fare DECIMAL(10, 2),\n"
          "  tags ARRAY<STRING>,\n"
          "  year INT\n"
          ") USING PARQUET PARTITIONED BY (year) LOCATION 's3://lake/trips/' COMMENT 'all trips'\n"
          "TBLPROPERTIES ('owner.team' = 'data');");
  ASSERT_EQ(State(created), "SUCCEEDED") << created.dump();
  EXPECT_FALSE(created["statement_id"].get<std::string>().empty());

  Value table = Rest("GET", "/api/2.1/unity-catalog/tables/main.sales.trips");
  EXPECT_EQ(table["table_type"], "EXTERNAL");
  EXPECT_EQ(table["data_source_format"], "PARQUET");
  EXPECT_EQ(table["storage_location"], "s3://lake/trips");
  EXPECT_EQ(table["comment"], "all trips");
  EXPECT_EQ(table["properties"]["owner.team"], "data");
  EXPECT_EQ(table["owner"], sandbox::kDefaultDatabricksUser);
  ASSERT_EQ(table["columns"].size(), 4u);
  EXPECT_EQ(table["columns"][0]["type_name"], "LONG");
  EXPECT_EQ(table["columns"][0]["nullable"], false);
  EXPECT_EQ(table["columns"][0]["comment"], "trip id");
  EXPECT_EQ(table["columns"][1]["type_text"], "decimal(10, 2)");
  EXPECT_EQ(table["columns"][1]["type_name"], "DECIMAL");
  EXPECT_EQ(table["columns"][2]["type_name"], "ARRAY");
  EXPECT_EQ(table["columns"][3]["partition_index"], 0);
  EXPECT_FALSE(table["columns"][0].contains("partition_index"));

  // IF NOT EXISTS on an existing table succeeds and changes nothing; without it, it fails.
  EXPECT_EQ(State(Sql("CREATE TABLE IF NOT EXISTS main.sales.trips USING CSV LOCATION 's3://x'")),
            "SUCCEEDED");
  EXPECT_EQ(Rest("GET", "/api/2.1/unity-catalog/tables/main.sales.trips")["data_source_format"],
            "PARQUET");
  Value again = Sql("CREATE TABLE main.sales.trips USING CSV LOCATION 's3://x'");
  EXPECT_EQ(State(again), "FAILED");
  EXPECT_EQ(again["status"]["sql_state"], "42P07");

  Value shown = Sql("SHOW TABLES IN sales", {{"catalog", "main"}});
  ASSERT_EQ(State(shown), "SUCCEEDED") << shown.dump();
  EXPECT_EQ(shown["manifest"]["schema"]["columns"][1]["name"], "tableName");
  EXPECT_EQ(shown["manifest"]["total_row_count"], 1);
  EXPECT_EQ(shown["result"]["data_array"], (Value{{"sales", "trips", "false"}}));

  // Polling by id returns the same statement; chunk 0 is its result.
  const std::string id = shown["statement_id"].get<std::string>();
  EXPECT_EQ(Rest("GET", "/api/2.0/sql/statements/" + id), shown);
  EXPECT_EQ(Rest("GET", "/api/2.0/sql/statements/" + id + "/result/chunks/0"), shown["result"]);
  EXPECT_EQ(Rest("POST", "/api/2.0/sql/statements/" + id + "/cancel"), Value::object());

  EXPECT_EQ(State(Sql("DROP TABLE trips", {{"catalog", "main"}, {"schema", "sales"}})),
            "SUCCEEDED");
  EXPECT_EQ(Raw("GET", "/api/2.1/unity-catalog/tables/main.sales.trips").status, 404);
  Value missing = Sql("DROP TABLE main.sales.trips");
  EXPECT_EQ(State(missing), "FAILED");
  EXPECT_EQ(missing["status"]["sql_state"], "42P01");
  EXPECT_EQ(State(Sql("DROP TABLE IF EXISTS main.sales.trips")), "SUCCEEDED");
}

TEST_F(StatementExecutionTest, FailuresAreFailedStatements) {
  Value syntax = Sql("CREATE TABLE main.sales.t (id INT USING PARQUET");
  EXPECT_EQ(State(syntax), "FAILED");
  EXPECT_EQ(syntax["status"]["sql_state"], "42601");
  EXPECT_EQ(
      syntax["status"]["error"]["message"].get<std::string>().rfind("[PARSE_SYNTAX_ERROR]", 0), 0u)
      << syntax.dump();
  EXPECT_FALSE(syntax.contains("manifest"));
  Value unsupported = Sql("SELECT 1");
  EXPECT_EQ(State(unsupported), "FAILED");
  Value managed = Sql("CREATE TABLE main.sales.m (id INT)");
  EXPECT_EQ(State(managed), "FAILED") << "the sandbox keeps external tables only";
  Value no_schema = Sql("CREATE TABLE main.nope.t USING DELTA LOCATION 's3://x/t'");
  EXPECT_EQ(State(no_schema), "FAILED");
  EXPECT_EQ(no_schema["status"]["sql_state"], "42704");
  Value bad_partition = Sql(
      "CREATE TABLE main.sales.p (id INT) USING PARQUET PARTITIONED BY (day) LOCATION 's3://p'");
  EXPECT_EQ(State(bad_partition), "FAILED");
  EXPECT_EQ(bad_partition["status"]["sql_state"], "42703");
  Value no_catalog = Sql("SHOW TABLES");
  EXPECT_EQ(State(no_catalog), "FAILED");
}

TEST_F(StatementExecutionTest, RequestProblemsAreDatabricksErrors) {
  SandboxReply no_statement =
      Raw("POST", "/api/2.0/sql/statements", {{"warehouse_id", kWarehouse}});
  EXPECT_EQ(no_statement.status, 400) << no_statement.body;
  EXPECT_EQ(no_statement.Json()["error_code"], "INVALID_PARAMETER_VALUE");
  SandboxReply warehouse = Raw("POST", "/api/2.0/sql/statements",
                               {{"warehouse_id", "nope"}, {"statement", "SHOW TABLES"}});
  EXPECT_EQ(warehouse.status, 404) << warehouse.body;
  EXPECT_EQ(warehouse.Json()["error_code"], "RESOURCE_DOES_NOT_EXIST");
  SandboxReply wait = Raw("POST", "/api/2.0/sql/statements",
                          {{"warehouse_id", kWarehouse},
                           {"statement", "SHOW TABLES IN main.sales"},
                           {"wait_timeout", "60s"}});
  EXPECT_EQ(wait.status, 400) << wait.body;
  SandboxReply unknown = Raw("GET", "/api/2.0/sql/statements/no-such-id");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.Json()["error_code"], "RESOURCE_DOES_NOT_EXIST");
  SandboxReply unauthenticated = client_->Raw("POST", "/api/2.0/sql/statements", "{}");
  EXPECT_EQ(unauthenticated.status, 401);
}

TEST_F(StatementExecutionTest, HostileNamesAreIdentifiersNotSql) {
  // Back-quotes (doubled inside), quotes, semicolons, a comment marker and unicode in one name
  // (Unity Catalog refuses periods, spaces and slashes in names, so those stay out).
  Value created =
      Sql("CREATE TABLE main.sales.`we``ird';DROP(TABLE)x;--\xc3\xa9` (`a``b` STRING) USING JSON "
          "LOCATION 's3://lake/it''s'");
  ASSERT_EQ(State(created), "SUCCEEDED") << created.dump();
  Value shown = Sql("SHOW TABLES IN main.sales");
  ASSERT_EQ(shown["result"]["data_array"].size(), 1u) << shown.dump();
  EXPECT_EQ(shown["result"]["data_array"][0][1], "we`ird';drop(table)x;--\xc3\xa9");
  Value table = Rest("GET", "/api/2.1/unity-catalog/tables/main.sales." +
                                std::string("we%60ird%27%3BDROP%28TABLE%29x%3B--%C3%A9"));
  EXPECT_EQ(table["storage_location"], "s3://lake/it's");
  EXPECT_EQ(table["columns"][0]["name"], "a`b");
}

TEST_F(StatementExecutionTest, MsckRepairFindsHivePartitionsInTheS3Emulator) {
  auto put = [&](const std::string& path) {
    // A bucket is made with an empty body, an object gets a few bytes.
    const bool bucket = path.find('/', 1) == std::string::npos;
    SandboxReply r = client_->Send("s3", "PUT", path, "", {}, bucket ? "" : "data");
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
  };
  put("/lake");
  for (const char* key : {"/lake/trips/year=2025/month=12/part-0.parquet",
                          "/lake/trips/year=2026/month=01/part-0.parquet",
                          "/lake/trips/year=2026/month=01/part-1.parquet",
                          "/lake/trips/year=2026/month=02/_SUCCESS",  // hidden: no partition
                          "/lake/trips/year=2026/notes.txt",          // too shallow
                          "/lake/trips/other/month=03/x.parquet",     // not the pattern
                          "/lake/tripsextra/year=1999/month=01/x.parquet"}) {  // another prefix
    put(key);
  }
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.trips (id BIGINT, Year INT, month STRING) "
                      "USING PARQUET PARTITIONED BY (Year, month) LOCATION 's3://lake/trips/'")),
            "SUCCEEDED");
  auto partitions = [&] {
    Value shown = Sql("SHOW PARTITIONS main.sales.trips");
    EXPECT_EQ(State(shown), "SUCCEEDED") << shown.dump();
    return shown["result"].value("data_array", Value::array());
  };
  EXPECT_TRUE(partitions().empty()) << "nothing registered before the repair";

  ASSERT_EQ(State(Sql("MSCK REPAIR TABLE main.sales.trips SYNC PARTITIONS")), "SUCCEEDED");
  EXPECT_EQ(partitions(), (Value{{"Year=2025/month=12"}, {"Year=2026/month=01"}}));

  // A partition whose files went away stays registered until a DROP or SYNC repair.
  ASSERT_EQ(
      client_->Send("s3", "DELETE", "/lake/trips/year=2025/month=12/part-0.parquet", "", {}, "")
          .status,
      204);
  put("/lake/trips/year=2026/month=03/part-0.parquet");
  ASSERT_EQ(State(Sql("MSCK REPAIR TABLE main.sales.trips")), "SUCCEEDED");
  EXPECT_EQ(partitions().size(), 3u) << "ADD PARTITIONS keeps the gone one";
  ASSERT_EQ(State(Sql("MSCK REPAIR TABLE main.sales.trips DROP PARTITIONS")), "SUCCEEDED");
  EXPECT_EQ(partitions(), (Value{{"Year=2026/month=01"}, {"Year=2026/month=03"}}));

  Value described = Sql("DESCRIBE TABLE main.sales.trips");
  ASSERT_EQ(State(described), "SUCCEEDED");
  const Value& rows = described["result"]["data_array"];
  ASSERT_EQ(rows.size(), 7u) << rows.dump();
  EXPECT_EQ(rows[0], (Value{"id", "bigint", nullptr}));
  EXPECT_EQ(rows[3][0], "# Partition Information");
  EXPECT_EQ(rows[5][0], "Year");
  EXPECT_EQ(rows[6][0], "month");

  // Partitions survive a restart and go with their table.
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(partitions().size(), 2u);
  ASSERT_EQ(State(Sql("DROP TABLE main.sales.trips")), "SUCCEEDED");
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.trips (id BIGINT, Year INT, month STRING) "
                      "USING PARQUET PARTITIONED BY (Year, month) LOCATION 's3://lake/trips/'")),
            "SUCCEEDED");
  EXPECT_TRUE(partitions().empty());

  Value unpartitioned = Sql("CREATE TABLE main.sales.flat USING DELTA LOCATION 's3://lake/flat'");
  ASSERT_EQ(State(unpartitioned), "SUCCEEDED");
  EXPECT_EQ(Sql("MSCK REPAIR TABLE main.sales.flat")["status"]["sql_state"], "42809");
  EXPECT_EQ(Sql("MSCK REPAIR TABLE main.sales.nope")["status"]["sql_state"], "42P01");
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.nowhere (d INT) USING PARQUET PARTITIONED BY (d) "
                      "LOCATION 's3://no-such-bucket/x'")),
            "SUCCEEDED");
  EXPECT_EQ(Sql("MSCK REPAIR TABLE main.sales.nowhere")["status"]["sql_state"], "42K03");
}

TEST_F(StatementExecutionTest, AlterTableChangesWhatCanChangeInPlace) {
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.t (id INT) USING PARQUET LOCATION 's3://lake/t' "
                      "TBLPROPERTIES ('a' = '1', 'b' = '2')")),
            "SUCCEEDED");
  auto table = [&] { return Rest("GET", "/api/2.1/unity-catalog/tables/main.sales.t"); };
  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.t SET TBLPROPERTIES ('a' = 'one', 'c' = '3')")),
            "SUCCEEDED");
  EXPECT_EQ(table()["properties"], (Value{{"a", "one"}, {"b", "2"}, {"c", "3"}}));
  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.t UNSET TBLPROPERTIES ('b')")), "SUCCEEDED");
  EXPECT_FALSE(table()["properties"].contains("b"));
  Value unset = Sql("ALTER TABLE main.sales.t UNSET TBLPROPERTIES ('b')");
  EXPECT_EQ(State(unset), "FAILED");
  EXPECT_EQ(unset["status"]["sql_state"], "42K0J");
  EXPECT_EQ(State(Sql("ALTER TABLE main.sales.t UNSET TBLPROPERTIES IF EXISTS ('b')")),
            "SUCCEEDED");

  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.t SET LOCATION 's3://lake/t2/'")), "SUCCEEDED");
  EXPECT_EQ(table()["storage_location"], "s3://lake/t2");
  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.t ADD COLUMNS (note STRING COMMENT 'free text', "
                      "amount DECIMAL(10,2))")),
            "SUCCEEDED");
  Value columns = table()["columns"];
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[1]["name"], "note");
  EXPECT_EQ(columns[1]["comment"], "free text");
  EXPECT_EQ(columns[2]["position"], 2);
  EXPECT_EQ(columns[2]["type_name"], "DECIMAL");
  EXPECT_EQ(Sql("ALTER TABLE main.sales.t ADD COLUMN ID BIGINT")["status"]["sql_state"], "42710");
  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.t OWNER TO `data-admins`")), "SUCCEEDED");
  EXPECT_EQ(table()["owner"], "data-admins");
  EXPECT_EQ(Sql("ALTER TABLE main.sales.nope SET LOCATION 's3://x'")["status"]["sql_state"],
            "42P01");
  EXPECT_EQ(State(Sql("ALTER TABLE main.sales.t RENAME TO u")), "FAILED");
}

TEST_F(StatementExecutionTest, CommentsChangeThroughCommentOnAndAlterColumn) {
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.c (id INT, Note STRING COMMENT 'old') USING "
                      "PARQUET LOCATION 's3://lake/c' COMMENT 'first'")),
            "SUCCEEDED");
  auto table = [&] { return Rest("GET", "/api/2.1/unity-catalog/tables/main.sales.c"); };
  ASSERT_EQ(State(Sql("COMMENT ON TABLE main.sales.c IS 'it''s the second'")), "SUCCEEDED");
  EXPECT_EQ(table()["comment"], "it's the second");
  ASSERT_EQ(State(Sql("COMMENT ON TABLE `main`.`sales`.`c` IS NULL")), "SUCCEEDED");
  EXPECT_FALSE(table().contains("comment"));

  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.c ALTER COLUMN `note` COMMENT 'new; DROP TABLE x'")),
            "SUCCEEDED");
  EXPECT_EQ(table()["columns"][1]["comment"], "new; DROP TABLE x");
  EXPECT_FALSE(table()["columns"][0].contains("comment"));
  ASSERT_EQ(State(Sql("ALTER TABLE main.sales.c ALTER COLUMN note COMMENT ''")), "SUCCEEDED");
  EXPECT_FALSE(table()["columns"][1].contains("comment"));

  EXPECT_EQ(Sql("ALTER TABLE main.sales.c ALTER COLUMN nope COMMENT 'x'")["status"]["sql_state"],
            "42703");
  EXPECT_EQ(Sql("COMMENT ON TABLE main.sales.nope IS 'x'")["status"]["sql_state"], "42P01");
  EXPECT_EQ(State(Sql("ALTER TABLE main.sales.c ALTER COLUMN note TYPE BIGINT")), "FAILED");
}

TEST_F(StatementExecutionTest, SelectCountAnswersTheDataFilesUnderTheLocation) {
  auto count = [&](const std::string& sql) -> std::string {
    Value counted = Sql(sql);
    EXPECT_EQ(State(counted), "SUCCEEDED") << counted.dump();
    EXPECT_EQ(counted["manifest"]["schema"]["columns"][0]["name"], "count(1)");
    return counted["result"]["data_array"][0][0].get<std::string>();
  };
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.trips (id BIGINT, year INT) USING PARQUET "
                      "PARTITIONED BY (year) LOCATION 's3://lake/trips'")),
            "SUCCEEDED");
  EXPECT_EQ(count("SELECT COUNT(*) FROM main.sales.trips"), "0") << "no bucket yet";
  ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  for (const char* key :
       {"/lake/trips/year=2025/part-0.parquet", "/lake/trips/year=2026/part-0.parquet",
        "/lake/trips/year=2026/_SUCCESS", "/lake/tripsextra/part-9.parquet"}) {
    ASSERT_EQ(client_->Send("s3", "PUT", key, "", {}, "data").status, 200) << key;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM main.sales.trips;"), "2");
  EXPECT_EQ(count("select count(*) from `main`.`sales`.`trips`"), "2");
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM main.sales.nope")["status"]["sql_state"], "42P01");
  EXPECT_EQ(State(Sql("SELECT id FROM main.sales.trips")), "FAILED");
  EXPECT_EQ(State(Sql("SELECT COUNT(*) FROM main.sales.trips WHERE year = 2026")), "FAILED");
}

TEST_F(StatementExecutionTest, ANonAdminReadsOnlyTablesItHasSelectOn) {
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.t (id INT) USING PARQUET LOCATION 's3://lake/t'")),
            "SUCCEEDED");
  auto as_analyst = [&](const std::string& sql) {
    Value body = {{"statement", sql}, {"warehouse_id", kWarehouse}};
    SandboxReply r = client_->Raw(
        "POST", "/api/2.0/sql/statements", body.dump(),
        {{"authorization", std::string("Bearer ") + sandbox::kDefaultDatabricksAnalystToken},
         {"content-type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  };
  for (const char* sql : {"SELECT COUNT(*) FROM main.sales.t", "DESCRIBE TABLE main.sales.t"}) {
    Value denied = as_analyst(sql);
    EXPECT_EQ(denied["status"]["sql_state"], "42501") << sql << ": " << denied.dump();
    EXPECT_NE(denied["status"]["error"]["message"].get<std::string>().find("USE CATALOG"),
              std::string::npos);
  }
  const std::string user = sandbox::kDefaultDatabricksAnalystUser;
  for (const char* securable : {"catalog/main", "schema/main.sales", "table/main.sales.t"}) {
    const char* privilege = std::string(securable).rfind("catalog", 0) == 0  ? "USE_CATALOG"
                            : std::string(securable).rfind("schema", 0) == 0 ? "USE_SCHEMA"
                                                                             : "SELECT";
    Rest("PATCH", std::string("/api/2.1/unity-catalog/permissions/") + securable,
         {{"changes", {{{"principal", user}, {"add", {privilege}}}}}});
  }
  EXPECT_EQ(State(as_analyst("SELECT COUNT(*) FROM main.sales.t")), "SUCCEEDED");
}

TEST_F(StatementExecutionTest, TablesMadeWithSqlSurviveARestart) {
  ASSERT_EQ(State(Sql("CREATE TABLE main.sales.kept USING DELTA LOCATION 's3://lake/kept'")),
            "SUCCEEDED");
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(Rest("GET", "/api/2.1/unity-catalog/tables/main.sales.kept")["storage_location"],
            "s3://lake/kept");
}

}  // namespace
}  // namespace causeway::testing
