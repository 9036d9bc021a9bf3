// Snowflake across clouds over loopback HTTP: a storage integration's generated IAM user and
// external id, LIST @stage assuming the integration's role through the AWS emulator's STS (a
// trust policy that does not name them fails), external tables finding files and partitions in
// the S3 emulator, auto-refresh / auto-ingest notification channels, pipe loads and COPY INTO.
#include <gtest/gtest.h>

#include <map>

#include "tests/support/sandbox_snowflake.h"

namespace causeway::testing {
namespace {

class SnowflakeStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    sql_ = std::make_unique<SnowflakeSqlClient>(fixture_);
    aws_ = fixture_.Client();
    ASSERT_EQ(aws_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
    for (const char* key : {"/lake/trips/date=2025-11-15/part-0.parquet",
                            "/lake/trips/date=2025-11-15/part-1.parquet",
                            "/lake/trips/date=2025-11-16/part-0.parquet", "/lake/other/x.csv"}) {
      ASSERT_EQ(aws_->Send("s3", "PUT", key, "", {}, "data").status, 200) << key;
    }
    sql_->Rows("CREATE DATABASE IF NOT EXISTS \"RAW\"");
    sql_->Rows(
        "CREATE STORAGE INTEGRATION IF NOT EXISTS \"LAKE_INT\" TYPE = EXTERNAL_STAGE "
        "STORAGE_PROVIDER = 'S3' ENABLED = TRUE "
        "STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowflake-lake' "
        "STORAGE_ALLOWED_LOCATIONS = ('s3://lake/trips/', 's3://lake/other/') "
        "STORAGE_BLOCKED_LOCATIONS = ('s3://lake/other/') COMMENT = 'lake access'");
  }

  std::map<std::string, std::string> DescIntegration() {
    std::map<std::string, std::string> out;
    for (const auto& row : sql_->Rows("DESC INTEGRATION \"LAKE_INT\"")) {
      out[row[0].get<std::string>()] = row[2].get<std::string>();
    }
    return out;
  }

  // The role trusting `principal` with `external_id`.
  void TrustRole(const std::string& principal, const std::string& external_id) {
    const std::string policy =
        Value{{"Version", "2012-10-17"},
              {"Statement",
               {{{"Effect", "Allow"},
                 {"Principal", {{"AWS", principal}}},
                 {"Action", "sts:AssumeRole"},
                 {"Condition", {{"StringEquals", {{"sts:ExternalId", external_id}}}}}}}}}
            .dump();
    SandboxReply created =
        aws_->Query("iam", "CreateRole",
                    {{"RoleName", "snowflake-lake"}, {"AssumeRolePolicyDocument", policy}});
    if (created.status != 200) {
      ASSERT_EQ(aws_->Query("iam", "UpdateAssumeRolePolicy",
                            {{"RoleName", "snowflake-lake"}, {"PolicyDocument", policy}})
                    .status,
                200);
    }
  }

  SandboxFixture fixture_;
  std::unique_ptr<SnowflakeSqlClient> sql_;
  std::unique_ptr<SandboxClient> aws_;
};

TEST_F(SnowflakeStorageTest, IntegrationDescribesItsIamUserAndExternalId) {
  auto desc = DescIntegration();
  EXPECT_EQ(desc["STORAGE_PROVIDER"], "S3");
  EXPECT_EQ(desc["ENABLED"], "true");
  EXPECT_EQ(desc["STORAGE_ALLOWED_LOCATIONS"], "s3://lake/trips/,s3://lake/other/");
  EXPECT_EQ(desc["STORAGE_AWS_IAM_USER_ARN"].rfind("arn:aws:iam::", 0), 0u);
  EXPECT_EQ(desc["STORAGE_AWS_EXTERNAL_ID"].rfind("SANDBOX_SFCRole=2_", 0), 0u);
  // A fixed external id is kept; re-creating without one draws a new id.
  sql_->Rows("ALTER STORAGE INTEGRATION \"LAKE_INT\" SET STORAGE_AWS_EXTERNAL_ID = 'fixed-id'");
  EXPECT_EQ(DescIntegration()["STORAGE_AWS_EXTERNAL_ID"], "fixed-id");
  const Value shown = sql_->Submit("SHOW INTEGRATIONS LIKE 'LAKE%'").Json();
  EXPECT_EQ(ColumnValues(shown, "type"), (std::vector<std::string>{"EXTERNAL_STAGE"}));
  EXPECT_EQ(ColumnValues(shown, "category"), (std::vector<std::string>{"STORAGE"}));
  EXPECT_EQ(sql_->Submit("CREATE STORAGE INTEGRATION \"BAD\" TYPE = EXTERNAL_STAGE "
                         "STORAGE_PROVIDER = 'S3' ENABLED = TRUE "
                         "STORAGE_ALLOWED_LOCATIONS = ('s3://lake/')")
                .Json()["code"],
            "001008");
}

TEST_F(SnowflakeStorageTest, ListAssumesTheIntegrationRoleThroughSts) {
  sql_->Rows(
      "CREATE STAGE IF NOT EXISTS \"RAW\".\"PUBLIC\".\"TRIPS\" URL = 's3://lake/trips/' "
      "STORAGE_INTEGRATION = \"LAKE_INT\" FILE_FORMAT = (TYPE = PARQUET) "
      "DIRECTORY = (ENABLE = TRUE)");
  const auto desc = DescIntegration();
  // No role yet, then a role trusting the wrong external id: Snowflake's assume-role error.
  Value refused = sql_->Submit("LIST @\"RAW\".\"PUBLIC\".\"TRIPS\"").Json();
  EXPECT_EQ(refused["code"], "091003") << refused.dump();
  EXPECT_NE(refused["message"].get<std::string>().find("sts:AssumeRole"), std::string::npos);
  TrustRole(desc.at("STORAGE_AWS_IAM_USER_ARN"), "not-the-external-id");
  EXPECT_EQ(sql_->Submit("LIST @\"RAW\".\"PUBLIC\".\"TRIPS\"").Json()["code"], "091003");
  TrustRole(desc.at("STORAGE_AWS_IAM_USER_ARN"), desc.at("STORAGE_AWS_EXTERNAL_ID"));
  const Value listed = sql_->Submit("LIST @\"RAW\".\"PUBLIC\".\"TRIPS\"/date=2025-11-15/").Json();
  EXPECT_EQ(ColumnValues(listed, "name"),
            (std::vector<std::string>{"s3://lake/trips/date=2025-11-15/part-0.parquet",
                                      "s3://lake/trips/date=2025-11-15/part-1.parquet"}));
  EXPECT_EQ(ColumnValues(listed, "size")[0], "4");
  const Value stages = sql_->Submit("SHOW STAGES IN SCHEMA \"RAW\".\"PUBLIC\"").Json();
  EXPECT_EQ(ColumnValues(stages, "storage_integration"), (std::vector<std::string>{"LAKE_INT"}));
  EXPECT_EQ(ColumnValues(stages, "type"), (std::vector<std::string>{"EXTERNAL"}));
  EXPECT_EQ(ColumnValues(stages, "directory_enabled"), (std::vector<std::string>{"Y"}));
  // Locations outside the allowed ones (or blocked) are refused at CREATE STAGE.
  EXPECT_EQ(sql_->Submit("CREATE STAGE RAW.PUBLIC.OTHER URL = 's3://lake/other/' "
                         "STORAGE_INTEGRATION = LAKE_INT")
                .Json()["code"],
            "003118");
  EXPECT_EQ(sql_->Submit("CREATE STAGE RAW.PUBLIC.NOWHERE URL = 's3://elsewhere/' "
                         "STORAGE_INTEGRATION = LAKE_INT")
                .Json()["code"],
            "003118");
}

TEST_F(SnowflakeStorageTest, ExternalTablesFindPartitionsAndReportTheirChannel) {
  const auto desc = DescIntegration();
  TrustRole(desc.at("STORAGE_AWS_IAM_USER_ARN"), desc.at("STORAGE_AWS_EXTERNAL_ID"));
  sql_->Rows(
      "CREATE STAGE RAW.PUBLIC.LAKE URL = 's3://lake/trips/' STORAGE_INTEGRATION = LAKE_INT");
  sql_->Rows("CREATE FILE FORMAT RAW.PUBLIC.PQ TYPE = PARQUET");
  sql_->Rows(
      "CREATE EXTERNAL TABLE IF NOT EXISTS \"RAW\".\"PUBLIC\".\"TRIPS_EXT\" ("
      "\"TRIP_ID\" VARCHAR AS (VALUE:trip_id::VARCHAR), "
      "\"DAY\" DATE AS (TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '/', 1), '=', 2)))) "
      "PARTITION BY (\"DAY\") LOCATION = @\"RAW\".\"PUBLIC\".\"LAKE\"/ AUTO_REFRESH = TRUE "
      "FILE_FORMAT = (FORMAT_NAME = '\"RAW\".\"PUBLIC\".\"PQ\"') COMMENT = 'trips'");
  const Value shown = sql_->Submit("SHOW EXTERNAL TABLES IN SCHEMA RAW.PUBLIC").Json();
  const std::string channel = ColumnValues(shown, "notification_channel")[0];
  EXPECT_EQ(channel.rfind("arn:aws:sqs:us-east-1:", 0), 0u) << channel;
  EXPECT_EQ(ColumnValues(shown, "location")[0], "s3://lake/trips/");
  EXPECT_EQ(ColumnValues(shown, "file_format_type")[0], "PARQUET");
  const Value details = Value::parse(ColumnValues(shown, "last_refresh_details")[0]);
  EXPECT_EQ(details["files"], 3);
  const Value columns = sql_->Submit("DESC TABLE RAW.PUBLIC.TRIPS_EXT").Json();
  EXPECT_EQ(ColumnValues(columns, "name"), (std::vector<std::string>{"VALUE", "TRIP_ID", "DAY"}));
  EXPECT_EQ(ColumnValues(columns, "expression")[1], "VALUE:trip_id::VARCHAR");

  // A new day lands: REFRESH registers it.
  ASSERT_EQ(
      aws_->Send("s3", "PUT", "/lake/trips/date=2025-11-17/part-0.parquet", "", {}, "d").status,
      200);
  const Value refreshed = sql_->Submit("ALTER EXTERNAL TABLE RAW.PUBLIC.TRIPS_EXT REFRESH").Json();
  EXPECT_EQ(ColumnValues(refreshed, "file"),
            (std::vector<std::string>{"date=2025-11-17/part-0.parquet"}));
  EXPECT_EQ(ColumnValues(refreshed, "status"), (std::vector<std::string>{"REGISTERED_NEW"}));
  const Value after = Value::parse(
      ColumnValues(sql_->Submit("SHOW EXTERNAL TABLES LIKE 'TRIPS_EXT' IN DATABASE RAW").Json(),
                   "last_refresh_details")[0]);
  EXPECT_EQ(after["partitions"], (Value{"DAY=2025-11-15", "DAY=2025-11-16", "DAY=2025-11-17"}));
}

TEST_F(SnowflakeStorageTest, PipesLoadThroughTheIntegrationAndCopyIntoSkipsLoadedFiles) {
  const auto desc = DescIntegration();
  sql_->Rows(
      "CREATE STAGE RAW.PUBLIC.LAKE URL = 's3://lake/trips/' STORAGE_INTEGRATION = LAKE_INT");
  sql_->Rows("CREATE TABLE RAW.PUBLIC.TRIPS (ID VARCHAR NOT NULL, DAY DATE)");
  sql_->Rows(
      "CREATE PIPE IF NOT EXISTS RAW.PUBLIC.TRIPS_PIPE AUTO_INGEST = TRUE COMMENT = 'ingest' AS "
      "COPY INTO RAW.PUBLIC.TRIPS FROM @RAW.PUBLIC.LAKE/date=2025-11-16/ "
      "FILE_FORMAT = (TYPE = PARQUET)");
  const Value pipes = sql_->Submit("SHOW PIPES IN SCHEMA RAW.PUBLIC").Json();
  EXPECT_EQ(ColumnValues(pipes, "notification_channel")[0].rfind("arn:aws:sqs:", 0), 0u);
  EXPECT_NE(ColumnValues(pipes, "definition")[0].find("COPY INTO RAW.PUBLIC.TRIPS"),
            std::string::npos);
  EXPECT_EQ(sql_->Submit("ALTER PIPE RAW.PUBLIC.TRIPS_PIPE REFRESH").Json()["code"], "091003");
  TrustRole(desc.at("STORAGE_AWS_IAM_USER_ARN"), desc.at("STORAGE_AWS_EXTERNAL_ID"));
  const Value sent = sql_->Submit("ALTER PIPE RAW.PUBLIC.TRIPS_PIPE REFRESH").Json();
  EXPECT_EQ(ColumnValues(sent, "File"), (std::vector<std::string>{"part-0.parquet"}));
  EXPECT_EQ(ColumnValues(sent, "Status"), (std::vector<std::string>{"SENT"}));

  const Value copied = sql_->Submit(
                               "COPY INTO RAW.PUBLIC.TRIPS FROM (SELECT $1:id::VARCHAR, "
                               "TO_DATE(SPLIT_PART(METADATA$FILENAME, '=', 2)) FROM "
                               "@RAW.PUBLIC.LAKE/date=2025-11-15/) "
                               "FILE_FORMAT = (TYPE = PARQUET) ON_ERROR = 'ABORT_STATEMENT'")
                           .Json();
  EXPECT_EQ(ColumnValues(copied, "status"), (std::vector<std::string>{"LOADED", "LOADED"}));
  const Value again =
      sql_->Submit("COPY INTO RAW.PUBLIC.TRIPS FROM @RAW.PUBLIC.LAKE/date=2025-11-15/").Json();
  EXPECT_EQ(again["data"][0][0], "Copy executed with 0 files processed.");
}

TEST_F(SnowflakeStorageTest, ExternalTablesGainAndLoseColumns) {
  const auto desc = DescIntegration();
  TrustRole(desc.at("STORAGE_AWS_IAM_USER_ARN"), desc.at("STORAGE_AWS_EXTERNAL_ID"));
  sql_->Rows(
      "CREATE STAGE RAW.PUBLIC.LAKE URL = 's3://lake/trips/' STORAGE_INTEGRATION = LAKE_INT");
  sql_->Rows(
      "CREATE EXTERNAL TABLE RAW.PUBLIC.E (DAY VARCHAR AS (SPLIT_PART(METADATA$FILENAME, "
      "'/', 1))) PARTITION BY (DAY) WITH LOCATION = @RAW.PUBLIC.LAKE/ "
      "FILE_FORMAT = (TYPE = PARQUET) AUTO_REFRESH = FALSE");
  sql_->Rows(
      "ALTER EXTERNAL TABLE RAW.PUBLIC.E ADD COLUMN FARE NUMBER(10,2) AS "
      "(VALUE:fare::NUMBER(10,2))");
  const Value columns = sql_->Submit("SHOW COLUMNS IN EXTERNAL TABLE RAW.PUBLIC.E").Json();
  EXPECT_EQ(ColumnValues(columns, "column_name"),
            (std::vector<std::string>{"VALUE", "DAY", "FARE"}));
  EXPECT_EQ(ColumnValues(columns, "expression")[2], "VALUE:fare::NUMBER(10,2)");
  EXPECT_EQ(sql_->Submit("ALTER EXTERNAL TABLE RAW.PUBLIC.E DROP COLUMN DAY").Json()["code"],
            "002263");
  sql_->Rows("ALTER EXTERNAL TABLE RAW.PUBLIC.E DROP COLUMN FARE");
  const Value shown = sql_->Submit("SHOW EXTERNAL TABLES LIKE 'E' IN SCHEMA RAW.PUBLIC").Json();
  EXPECT_EQ(ColumnValues(shown, "notification_channel"), (std::vector<std::string>{"<null>"}));
  EXPECT_EQ(Value::parse(ColumnValues(shown, "last_refresh_details")[0])["partitions"],
            (Value{"DAY=date=2025-11-15", "DAY=date=2025-11-16"}));
}

// Seed 001's Snowflake side, as a user runs it by hand (one multi-statement request).
TEST_F(SnowflakeStorageTest, SeedOneBulkLoadRunsAsWritten) {
  SnowflakeSubmit multi;
  multi.multi_statement_count = 0;
  SandboxReply created = sql_->Submit(R"(
-- In Snowflake (ACCOUNTADMIN)
CREATE OR REPLACE STORAGE INTEGRATION s3_share_int
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowflake-lake'
  STORAGE_ALLOWED_LOCATIONS = ('s3://lake/trips/')
  COMMENT = 'IAM-based access from Snowflake to S3 landing zone';
DESC INTEGRATION s3_share_int;
USE ROLE ACCOUNTADMIN;
USE DATABASE RAW;
USE SCHEMA PUBLIC;
CREATE OR REPLACE STAGE s3_share_stage
  URL = 's3://lake/trips/'
  STORAGE_INTEGRATION = s3_share_int
  FILE_FORMAT = (TYPE = PARQUET);
CREATE OR REPLACE TABLE shared_trips (
  trip_id STRING,
  pickup_ts TIMESTAMP_NTZ,
  dropoff_ts TIMESTAMP_NTZ,
  passenger_count NUMBER,
  fare_amount NUMBER(10,2),
  vendor_id STRING,
  date DATE
);
GRANT SELECT ON TABLE shared_trips TO ROLE SYSADMIN;)",
                                      multi);
  ASSERT_EQ(created.status, 200) << created.body;
  std::map<std::string, std::string> desc;
  for (const auto& row : sql_->Rows("DESC INTEGRATION s3_share_int")) {
    desc[row[0].get<std::string>()] = row[2].get<std::string>();
  }
  TrustRole(desc["STORAGE_AWS_IAM_USER_ARN"], desc["STORAGE_AWS_EXTERNAL_ID"]);
  SnowflakeSubmit in_raw;
  in_raw.database = "RAW";
  in_raw.schema = "PUBLIC";
  const Value copied = sql_->Submit(R"(COPY INTO shared_trips
FROM (
  SELECT
    $1:trip_id::STRING,
    $1:pickup_ts::TIMESTAMP_NTZ,
    $1:dropoff_ts::TIMESTAMP_NTZ,
    $1:passenger_count::NUMBER,
    $1:fare_amount::NUMBER(10,2),
    $1:vendor_id::STRING,
    TO_DATE(SPLIT_PART(METADATA$FILENAME, 'date=', 2), '/') AS date -- Derive partition from path
  FROM @s3_share_stage/date=2025-11-16/
)
FILE_FORMAT = (TYPE = PARQUET)
PATTERN = '.*.parquet'
ON_ERROR = 'ABORT_STATEMENT'; -- Fail fast if schema mismatches)",
                                    in_raw)
                           .Json();
  EXPECT_EQ(ColumnValues(copied, "file"),
            (std::vector<std::string>{"s3://lake/trips/date=2025-11-16/part-0.parquet"}))
      << copied.dump();
  const Value columns = sql_->Submit("SHOW COLUMNS IN TABLE RAW.PUBLIC.SHARED_TRIPS").Json();
  EXPECT_EQ(ColumnValues(columns, "column_name").back(), "DATE");
  EXPECT_EQ(Value::parse(ColumnValues(columns, "data_type")[4])["scale"], 2);
}

}  // namespace
}  // namespace causeway::testing
