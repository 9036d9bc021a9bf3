// The Glue emulator over HTTP (JSON 1.1): databases, tables, partitions, pagination, crawler
// definitions and Glue's error codes and messages. Crawler runs are in glue_crawler_test.cc.
#include <gtest/gtest.h>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kGlueTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr char kEc2Trust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

class GlueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& op, const Value& body) {
    return client_->Json("glue", "AWSGlue." + op, body);
  }
  Value Must(const std::string& op, const Value& body) {
    auto r = Call(op, body);
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return r.Json();
  }
  void ExpectError(const std::string& op, const Value& body, const std::string& code,
                   const std::string& message) {
    auto r = Call(op, body);
    EXPECT_EQ(r.status, 400) << op << ": " << r.body;
    Value j = r.Json();
    EXPECT_EQ(j.value("__type", ""), code) << op << ": " << r.body;
    EXPECT_EQ(r.headers["x-amzn-errortype"], code);
    if (!message.empty()) {
      EXPECT_EQ(j.value("message", ""), message) << op;
    }
  }
  void CreateDb(const std::string& name) {
    Must("CreateDatabase", {{"DatabaseInput", {{"Name", name}}}});
  }
  void CreateTable(const std::string& db, const std::string& name, Value partition_keys = {}) {
    Value ti = {{"Name", name},
                {"StorageDescriptor",
                 {{"Columns", Value::array({{{"Name", "id"}, {"Type", "bigint"}}})},
                  {"Location", "s3://lake/" + name + "/"}}}};
    if (!partition_keys.is_null()) ti["PartitionKeys"] = partition_keys;
    Must("CreateTable", {{"DatabaseName", db}, {"TableInput", ti}});
  }
  void CreateRole(const std::string& name, const std::string& trust) {
    auto r = client_->Query("iam", "CreateRole",
                            {{"RoleName", name}, {"AssumeRolePolicyDocument", trust}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(GlueServiceTest, DatabaseLifecycleLowerCasesNames) {
  auto r = Call("CreateDatabase", {{"DatabaseInput",
                                    {{"Name", "Raw_Sales"},
                                     {"Description", "landing zone"},
                                     {"LocationUri", "s3://lake/raw/"},
                                     {"Parameters", {{"team", "data"}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/x-amz-json-1.1");
  Value db = Must("GetDatabase", {{"Name", "RAW_SALES"}})["Database"];
  EXPECT_EQ(db["Name"], "raw_sales");
  EXPECT_EQ(db["Description"], "landing zone");
  EXPECT_EQ(db["LocationUri"], "s3://lake/raw/");
  EXPECT_EQ(db["Parameters"]["team"], "data");
  EXPECT_EQ(db["CatalogId"], "123456789012");
  EXPECT_TRUE(db["CreateTime"].is_number());

  Must("UpdateDatabase", {{"Name", "raw_sales"},
                          {"DatabaseInput", {{"Name", "raw_sales"}, {"Description", "changed"}}}});
  db = Must("GetDatabase", {{"Name", "raw_sales"}})["Database"];
  EXPECT_EQ(db["Description"], "changed");
  EXPECT_FALSE(db.contains("LocationUri")) << "UpdateDatabase replaces the whole input";

  Must("DeleteDatabase", {{"Name", "raw_sales"}});
  ExpectError("GetDatabase", {{"Name", "raw_sales"}}, "EntityNotFoundException",
              "Database raw_sales not found.");
}

TEST_F(GlueServiceTest, ErrorsUseGlueCodesAndMessages) {
  CreateDb("raw");
  CreateTable("raw", "orders");
  struct Case {
    std::string reason, op;
    Value body;
    std::string code, message;
  };
  std::vector<Case> cases = {
      {"duplicate database",
       "CreateDatabase",
       {{"DatabaseInput", {{"Name", "RAW"}}}},
       "AlreadyExistsException",
       "Database already exists."},
      {"missing database input", "CreateDatabase", Value::object(), "InvalidInputException", ""},
      {"update missing database",
       "UpdateDatabase",
       {{"Name", "ghost"}, {"DatabaseInput", {{"Name", "ghost"}}}},
       "EntityNotFoundException",
       "Database ghost not found."},
      {"delete missing database",
       "DeleteDatabase",
       {{"Name", "ghost"}},
       "EntityNotFoundException",
       "Database ghost not found."},
      {"table in missing database",
       "CreateTable",
       {{"DatabaseName", "ghost"}, {"TableInput", {{"Name", "t"}}}},
       "EntityNotFoundException",
       "Database ghost not found."},
      {"duplicate table",
       "CreateTable",
       {{"DatabaseName", "raw"}, {"TableInput", {{"Name", "ORDERS"}}}},
       "AlreadyExistsException",
       "Table already exists."},
      {"missing table",
       "GetTable",
       {{"DatabaseName", "raw"}, {"Name", "ghost"}},
       "EntityNotFoundException",
       "Table ghost not found."},
      {"update missing table",
       "UpdateTable",
       {{"DatabaseName", "raw"}, {"TableInput", {{"Name", "ghost"}}}},
       "EntityNotFoundException",
       "Table ghost not found."},
      {"delete missing table",
       "DeleteTable",
       {{"DatabaseName", "raw"}, {"Name", "ghost"}},
       "EntityNotFoundException",
       "Table ghost not found."},
      {"tables of missing database",
       "GetTables",
       {{"DatabaseName", "ghost"}},
       "EntityNotFoundException",
       "Database ghost not found."},
      {"page size above 100", "GetDatabases", {{"MaxResults", 101}}, "InvalidInputException", ""},
      {"partition of unpartitioned table",
       "CreatePartition",
       {{"DatabaseName", "raw"}, {"TableName", "orders"}, {"PartitionInput", {{"Values", {"x"}}}}},
       "InvalidInputException",
       "The number of partition keys do not match the number of partition values"},
      {"missing partition",
       "GetPartition",
       {{"DatabaseName", "raw"}, {"TableName", "orders"}, {"PartitionValues", Value::array()}},
       "EntityNotFoundException",
       "Cannot find partition."},
      {"missing crawler",
       "GetCrawler",
       {{"Name", "ghost"}},
       "EntityNotFoundException",
       "Crawler with name ghost does not exist"},
      {"start missing crawler",
       "StartCrawler",
       {{"Name", "ghost"}},
       "EntityNotFoundException",
       "Crawler with name ghost does not exist"},
      {"unknown operation", "StartJobRun", {{"JobName", "j"}}, "UnknownOperationException", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    ExpectError(c.op, c.body, c.code, c.message);
  }
}

TEST_F(GlueServiceTest, TablesPaginateAndFilter) {
  CreateDb("raw");
  for (int i = 0; i < 7; ++i) CreateTable("raw", "t" + std::to_string(i));
  CreateTable("raw", "orders");
  std::vector<std::string> names;
  Value body = {{"DatabaseName", "raw"}, {"MaxResults", 3}};
  int pages = 0;
  while (true) {
    Value page = Must("GetTables", body);
    ++pages;
    EXPECT_LE(page["TableList"].size(), 3u);
    for (const auto& t : page["TableList"]) {
      names.push_back(t["Name"]);
      EXPECT_EQ(t["DatabaseName"], "raw");
    }
    if (!page.contains("NextToken")) break;
    body["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names.size(), 8u);
  Value filtered = Must("GetTables", {{"DatabaseName", "raw"}, {"Expression", "T1*|ord*"}});
  ASSERT_EQ(filtered["TableList"].size(), 2u) << filtered.dump();
  EXPECT_EQ(filtered["TableList"][0]["Name"], "orders");
  EXPECT_EQ(filtered["TableList"][1]["Name"], "t1");
}

TEST_F(GlueServiceTest, UpdateTableReplacesInputAndBumpsVersion) {
  CreateDb("raw");
  CreateTable("raw", "orders");
  Value t = Must("GetTable", {{"DatabaseName", "raw"}, {"Name", "orders"}})["Table"];
  EXPECT_EQ(t["VersionId"], "0");
  EXPECT_EQ(t["StorageDescriptor"]["Location"], "s3://lake/orders/");
  Must("UpdateTable", {{"DatabaseName", "raw"},
                       {"TableInput",
                        {{"Name", "orders"},
                         {"TableType", "EXTERNAL_TABLE"},
                         {"Parameters", {{"table_type", "ICEBERG"}}},
                         {"StorageDescriptor", {{"Location", "s3://lake/v2/"}}}}}});
  t = Must("GetTable", {{"DatabaseName", "raw"}, {"Name", "orders"}})["Table"];
  EXPECT_EQ(t["VersionId"], "1");
  EXPECT_EQ(t["Parameters"]["table_type"], "ICEBERG");
  EXPECT_FALSE(t["StorageDescriptor"].contains("Columns"));
  ExpectError("UpdateTable",
              {{"DatabaseName", "raw"}, {"VersionId", "0"}, {"TableInput", {{"Name", "orders"}}}},
              "ConcurrentModificationException", "");
}

TEST_F(GlueServiceTest, DeleteDatabaseDropsTablesAndBatchDeleteReportsMissing) {
  CreateDb("raw");
  CreateTable("raw", "a");
  CreateTable("raw", "b");
  Value out =
      Must("BatchDeleteTable", {{"DatabaseName", "raw"}, {"TablesToDelete", {"a", "ghost"}}});
  ASSERT_EQ(out["Errors"].size(), 1u);
  EXPECT_EQ(out["Errors"][0]["TableName"], "ghost");
  EXPECT_EQ(out["Errors"][0]["ErrorDetail"]["ErrorCode"], "EntityNotFoundException");
  Must("DeleteDatabase", {{"Name", "raw"}});
  CreateDb("raw");
  EXPECT_EQ(Must("GetTables", {{"DatabaseName", "raw"}})["TableList"].size(), 0u);
}

TEST_F(GlueServiceTest, PartitionsLifecycle) {
  CreateDb("raw");
  CreateTable("raw", "events",
              Value::array({{{"Name", "year"}, {"Type", "string"}},
                            {{"Name", "month"}, {"Type", "string"}}}));
  auto part = [](const std::string& y, const std::string& m) {
    return Value{
        {"Values", {y, m}},
        {"StorageDescriptor", {{"Location", "s3://lake/events/year=" + y + "/month=" + m + "/"}}}};
  };
  Must("CreatePartition",
       {{"DatabaseName", "raw"}, {"TableName", "events"}, {"PartitionInput", part("2024", "01")}});
  ExpectError(
      "CreatePartition",
      {{"DatabaseName", "raw"}, {"TableName", "events"}, {"PartitionInput", part("2024", "01")}},
      "AlreadyExistsException", "Partition already exists.");
  Value batch =
      Must("BatchCreatePartition", {{"DatabaseName", "raw"},
                                    {"TableName", "events"},
                                    {"PartitionInputList",
                                     {part("2024", "01"), part("2024", "02"), part("2024", "03"),
                                      Value{{"Values", {"only-one"}}}}}});
  ASSERT_EQ(batch["Errors"].size(), 2u) << batch.dump();
  EXPECT_EQ(batch["Errors"][0]["ErrorDetail"]["ErrorCode"], "AlreadyExistsException");
  EXPECT_EQ(batch["Errors"][1]["ErrorDetail"]["ErrorCode"], "InvalidInputException");

  Value p = Must("GetPartition", {{"DatabaseName", "raw"},
                                  {"TableName", "events"},
                                  {"PartitionValues", {"2024", "02"}}})["Partition"];
  EXPECT_EQ(p["StorageDescriptor"]["Location"], "s3://lake/events/year=2024/month=02/");
  EXPECT_EQ(p["TableName"], "events");
  EXPECT_TRUE(p["CreationTime"].is_number());

  Value page1 =
      Must("GetPartitions", {{"DatabaseName", "raw"}, {"TableName", "events"}, {"MaxResults", 2}});
  ASSERT_EQ(page1["Partitions"].size(), 2u);
  ASSERT_TRUE(page1.contains("NextToken"));
  Value page2 =
      Must("GetPartitions",
           {{"DatabaseName", "raw"}, {"TableName", "events"}, {"NextToken", page1["NextToken"]}});
  ASSERT_EQ(page2["Partitions"].size(), 1u);
  EXPECT_FALSE(page2.contains("NextToken"));
  EXPECT_EQ(page2["Partitions"][0]["Values"], Value({"2024", "03"}));

  Must("DeletePartition",
       {{"DatabaseName", "raw"}, {"TableName", "events"}, {"PartitionValues", {"2024", "03"}}});
  ExpectError(
      "DeletePartition",
      {{"DatabaseName", "raw"}, {"TableName", "events"}, {"PartitionValues", {"2024", "03"}}},
      "EntityNotFoundException", "Cannot find partition.");
  ExpectError("GetPartitions",
              {{"DatabaseName", "raw"}, {"TableName", "events"}, {"Expression", "year='2024'"}},
              "InvalidInputException", "");
}

TEST_F(GlueServiceTest, CrawlerDefinitionsAndRoleChecks) {
  CreateRole("glue-crawler", kGlueTrust);
  CreateRole("ec2-only", kEc2Trust);
  Value def = {{"Name", "lake-crawler"},
               {"Role", "glue-crawler"},
               {"DatabaseName", "raw"},
               {"TablePrefix", "raw_"},
               {"Schedule", "cron(0 12 * * ? *)"},
               {"Targets", {{"S3Targets", {{{"Path", "s3://lake/raw/"}}}}}}};
  Must("CreateCrawler", def);
  ExpectError("CreateCrawler", def, "AlreadyExistsException",
              "Crawler with name lake-crawler has already been created");
  Value bad_role = def;
  bad_role["Name"] = "other";
  bad_role["Role"] = "arn:aws:iam::123456789012:role/ec2-only";
  ExpectError("CreateCrawler", bad_role, "InvalidInputException",
              "Service is unable to assume provided role arn:aws:iam::123456789012:role/ec2-only. "
              "Please verify role's TrustPolicy");
  bad_role["Role"] = "ghost";
  ExpectError("CreateCrawler", bad_role, "InvalidInputException", "");
  Value bad_cron = def;
  bad_cron["Name"] = "other";
  bad_cron["Schedule"] = "every day";
  ExpectError("CreateCrawler", bad_cron, "InvalidInputException", "");

  Value c = Must("GetCrawler", {{"Name", "lake-crawler"}})["Crawler"];
  EXPECT_EQ(c["State"], "READY");
  EXPECT_EQ(c["Role"], "glue-crawler");
  EXPECT_EQ(c["Schedule"]["ScheduleExpression"], "cron(0 12 * * ? *)");
  EXPECT_EQ(c["Schedule"]["State"], "SCHEDULED");
  EXPECT_EQ(c["Targets"]["S3Targets"][0]["Exclusions"], Value::array());
  EXPECT_EQ(c["Targets"]["JdbcTargets"], Value::array());
  EXPECT_EQ(c["SchemaChangePolicy"]["UpdateBehavior"], "UPDATE_IN_DATABASE");
  EXPECT_EQ(c["Version"], 1);
  EXPECT_FALSE(c.contains("LastCrawl"));

  Must("UpdateCrawler", {{"Name", "lake-crawler"}, {"Schedule", ""}, {"Description", "nightly"}});
  c = Must("GetCrawler", {{"Name", "lake-crawler"}})["Crawler"];
  EXPECT_FALSE(c.contains("Schedule"));
  EXPECT_EQ(c["Description"], "nightly");
  EXPECT_EQ(c["Version"], 2);
  ExpectError("UpdateCrawler", {{"Name", "lake-crawler"}, {"Role", "ec2-only"}},
              "InvalidInputException", "");

  Value all = Must("GetCrawlers", {{"MaxResults", 1}});
  EXPECT_EQ(all["Crawlers"].size(), 1u);
  ExpectError("StopCrawler", {{"Name", "lake-crawler"}}, "CrawlerNotRunningException",
              "Crawler with name lake-crawler isn't running.");
  Must("DeleteCrawler", {{"Name", "lake-crawler"}});
  ExpectError("DeleteCrawler", {{"Name", "lake-crawler"}}, "EntityNotFoundException", "");
}

TEST_F(GlueServiceTest, StateSurvivesRestart) {
  CreateDb("raw");
  CreateTable("raw", "events", Value::array({{{"Name", "dt"}, {"Type", "string"}}}));
  Must("CreatePartition", {{"DatabaseName", "raw"},
                           {"TableName", "events"},
                           {"PartitionInput", {{"Values", {"2024-01-01"}}}}});
  Value before = client_->Raw("GET", "/_sandbox/dump?service=glue").Json();
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  Value after = client_->Raw("GET", "/_sandbox/dump?service=glue").Json();
  EXPECT_EQ(before, after);
  EXPECT_EQ(Must("GetPartitions", {{"DatabaseName", "raw"}, {"TableName", "events"}})["Partitions"]
                .size(),
            1u);
}

}  // namespace
}  // namespace causeway::testing
