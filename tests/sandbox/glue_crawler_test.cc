// Glue crawlers: discovery rules (glue_crawl.h) over a fake ObjectStore, and crawler runs in
// emulated time over HTTP, on a SandboxServer whose "s3" service is that fake store (so these
// tests do not depend on the S3 emulator).
#include <gtest/gtest.h>

#include <map>

#include "sandbox/aws/aws_frontend.h"
#include "sandbox/aws/glue/glue_crawl.h"
#include "sandbox/aws/glue/glue_service.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/core/object_store.h"
#include "sandbox/core/server.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using sandbox::ObjectStore;
using sandbox::StoredObject;

// An "s3" service that only holds objects for other emulators to read.
class FakeS3 : public sandbox::AwsService, public ObjectStore {
 public:
  std::string name() const override { return "s3"; }
  sandbox::AwsProtocol protocol() const override { return sandbox::AwsProtocol::kRestXml; }
  sandbox::SandboxResponse Handle(const sandbox::SandboxRequest&,
                                  sandbox::SandboxContext&) override {
    return {};
  }
  std::vector<std::string> Operations() const override { return {}; }
  Value Dump() const override { return Value::object(); }
  Status Load(const Value&) override { return Status::Ok(); }
  void Reset() override {}

  bool BucketExists(const std::string& bucket) const override { return buckets_.count(bucket) > 0; }
  std::vector<StoredObject> ListObjects(const std::string& bucket,
                                        const std::string& prefix) const override {
    std::vector<StoredObject> out;
    auto b = buckets_.find(bucket);
    if (b == buckets_.end()) return out;
    for (const auto& [key, body] : b->second) {
      if (key.rfind(prefix, 0) == 0)
        out.push_back({key, static_cast<int64_t>(body.size()), "", ""});
    }
    return out;
  }
  std::optional<std::string> ReadObject(const std::string& bucket,
                                        const std::string& key) const override {
    auto b = buckets_.find(bucket);
    if (b == buckets_.end() || !b->second.count(key)) return std::nullopt;
    return b->second.at(key);
  }

  void Put(const std::string& bucket, const std::string& key, const std::string& body) {
    buckets_[bucket][key] = body;
  }
  void AddBucket(const std::string& bucket) { buckets_[bucket]; }

 private:
  std::map<std::string, std::map<std::string, std::string>> buckets_;
};

FakeS3 LakeFixture() {
  FakeS3 s3;
  s3.Put("lake", "raw/events/year=2024/month=01/part-0000.snappy.parquet", "PAR1");
  s3.Put("lake", "raw/events/year=2024/month=01/part-0001.snappy.parquet", "PAR1");
  s3.Put("lake", "raw/events/year=2024/month=02/part-0000.snappy.parquet", "PAR1");
  s3.Put("lake", "raw/events/_SUCCESS", "");
  s3.Put("lake", "raw/customers/customers.csv", "Customer_ID,\"Name, Full\",email\n1,a,b\n");
  s3.Put("lake", "raw/clicks/2024/05/clicks.json",
         "{\"user\":\"u\",\"n\":3,\"ok\":true,\"tags\":[\"x\"]}\n");
  s3.Put("lake", "raw/logs/app.log", "not a data file");
  return s3;
}

TEST(GlueCrawlDiscoveryTest, OneTablePerTopLevelFolder) {
  FakeS3 s3 = LakeFixture();
  std::string error;
  auto tables = sandbox::DiscoverTables(s3, {"s3://lake/raw/", {}}, "raw_", "c1", &error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(tables.size(), 3u) << "logs/ holds no data files";
  std::map<std::string, sandbox::CrawledTable> by_name;
  for (auto& t : tables) by_name[t.name] = t;

  struct Case {
    std::string reason, table, classification, serde, location;
    Value keys, columns;
    std::vector<std::string> partition_locations;
  };
  std::vector<Case> cases = {
      {"Hive-partitioned Parquet",
       "raw_events",
       "parquet",
       "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
       "s3://lake/raw/events/",
       Value::array(
           {{{"Name", "year"}, {"Type", "string"}}, {{"Name", "month"}, {"Type", "string"}}}),
       sandbox::ParquetPlaceholderColumns(),
       {"s3://lake/raw/events/year=2024/month=01/", "s3://lake/raw/events/year=2024/month=02/"}},
      {"CSV header becomes string columns",
       "raw_customers",
       "csv",
       "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
       "s3://lake/raw/customers/",
       Value::array(),
       Value::array({{{"Name", "customer_id"}, {"Type", "string"}},
                     {{"Name", "name, full"}, {"Type", "string"}},
                     {{"Name", "email"}, {"Type", "string"}}}),
       {}},
      {"JSON keys with types; non-Hive folders are partition_N",
       "raw_clicks",
       "json",
       "org.openx.data.jsonserde.JsonSerDe",
       "s3://lake/raw/clicks/",
       Value::array({{{"Name", "partition_0"}, {"Type", "string"}},
                     {{"Name", "partition_1"}, {"Type", "string"}}}),
       Value::array({{{"Name", "n"}, {"Type", "int"}},
                     {{"Name", "ok"}, {"Type", "boolean"}},
                     {{"Name", "tags"}, {"Type", "array<string>"}},
                     {{"Name", "user"}, {"Type", "string"}}}),
       {"s3://lake/raw/clicks/2024/05/"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    ASSERT_TRUE(by_name.count(c.table));
    const auto& t = by_name[c.table];
    const Value& ti = t.table_input;
    EXPECT_EQ(ti["Parameters"]["classification"], c.classification);
    EXPECT_EQ(ti["Parameters"]["UPDATED_BY_CRAWLER"], "c1");
    EXPECT_EQ(ti["TableType"], "EXTERNAL_TABLE");
    EXPECT_EQ(ti["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], c.serde);
    EXPECT_EQ(ti["StorageDescriptor"]["Location"], c.location);
    EXPECT_EQ(ti["PartitionKeys"], c.keys);
    EXPECT_EQ(ti["StorageDescriptor"]["Columns"], c.columns);
    std::vector<std::string> locations;
    for (const auto& p : t.partitions) locations.push_back(p["StorageDescriptor"]["Location"]);
    EXPECT_EQ(locations, c.partition_locations);
  }
  EXPECT_EQ(by_name["raw_events"].partitions[0]["Values"], Value({"2024", "01"}));
  EXPECT_EQ(by_name["raw_clicks"].partitions[0]["Values"], Value({"2024", "05"}));
  EXPECT_EQ(by_name["raw_customers"].table_input["Parameters"]["skip.header.line.count"], "1");
}

TEST(GlueCrawlDiscoveryTest, TargetPathIsTheTableWhenItHoldsPartitions) {
  FakeS3 s3 = LakeFixture();
  std::string error;
  auto tables = sandbox::DiscoverTables(s3, {"s3://lake/raw/events", {}}, "", "c1", &error);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].name, "events");
  EXPECT_EQ(tables[0].partitions.size(), 2u);
}

TEST(GlueCrawlDiscoveryTest, ExclusionsAndErrors) {
  FakeS3 s3 = LakeFixture();
  std::string error;
  auto tables =
      sandbox::DiscoverTables(s3, {"s3://lake/raw/", {"events/**", "clicks/*"}}, "", "c", &error);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].name, "customers");
  sandbox::DiscoverTables(s3, {"s3://nobucket/x/", {}}, "", "c", &error);
  EXPECT_NE(error.find("bucket does not exist"), std::string::npos) << error;
  error.clear();
  sandbox::DiscoverTables(s3, {"/local/path", {}}, "", "c", &error);
  EXPECT_NE(error.find("Invalid S3 path"), std::string::npos) << error;
}

TEST(GlueCrawlDiscoveryTest, NamesAndTypes) {
  EXPECT_EQ(sandbox::CrawlerTableName("Raw-", "My.Events 2"), "raw_my_events_2");
  EXPECT_EQ(sandbox::ClassifyKey("a/b.CSV.gz"), "csv");
  EXPECT_EQ(sandbox::ClassifyKey("a/b.ndjson"), "json");
  EXPECT_EQ(sandbox::ClassifyKey("a/b.txt"), "");
  Value cols = sandbox::JsonLineColumns(R"({"big": 9999999999, "f": 1.5, "o": {"A": 1}})");
  EXPECT_EQ(cols[0]["Type"], "bigint");
  EXPECT_EQ(cols[1]["Type"], "double");
  EXPECT_EQ(cols[2]["Type"], "struct<a:int>");
}

// Crawler runs over HTTP with a manual clock.
class GlueCrawlerRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::ServerOptions o;
    o.clock = &clock_;
    o.persist_delay = std::chrono::milliseconds(0);
    server_ = std::make_unique<sandbox::SandboxServer>(o);
    server_->AddFrontend(std::make_unique<sandbox::AwsFrontend>());
    server_->AddService(sandbox::NewIamService());
    sandbox::GlueServiceOptions go;
    go.run_time = std::chrono::milliseconds(5000);
    go.stopping_time = std::chrono::milliseconds(1000);
    server_->AddService(sandbox::NewGlueService(go));
    auto s3 = std::make_unique<FakeS3>(LakeFixture());
    s3_ = s3.get();
    server_->AddService(std::move(s3));
    ASSERT_TRUE(server_->Start().ok());
    client_ = std::make_unique<SandboxClient>(server_->endpoint(),
                                              SandboxFixture::DefaultCredentials(), &clock_);
    auto r = client_->Query(
        "iam", "CreateRole",
        {{"RoleName", "crawler-role"},
         {"AssumeRolePolicyDocument",
          R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void TearDown() override { server_->Stop(); }
  Value Must(const std::string& op, const Value& body) {
    auto r = client_->Json("glue", "AWSGlue." + op, body);
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return r.Json();
  }
  Value Crawler() { return Must("GetCrawler", {{"Name", "lake"}})["Crawler"]; }
  void CreateCrawler(const std::string& role = "crawler-role") {
    Must("CreateCrawler", {{"Name", "lake"},
                           {"Role", role},
                           {"DatabaseName", "raw"},
                           {"Targets", {{"S3Targets", {{{"Path", "s3://lake/raw/"}}}}}}});
  }

  SandboxTestClock clock_;
  std::unique_ptr<sandbox::SandboxServer> server_;
  FakeS3* s3_ = nullptr;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(GlueCrawlerRunTest, RunsInEmulatedTimeAndWritesTheCatalog) {
  CreateCrawler();
  Must("StartCrawler", {{"Name", "lake"}});
  EXPECT_EQ(Crawler()["State"], "RUNNING");
  auto again = client_->Json("glue", "AWSGlue.StartCrawler", {{"Name", "lake"}});
  EXPECT_EQ(again.Json().value("__type", ""), "CrawlerRunningException");
  EXPECT_EQ(again.Json().value("message", ""), "Crawler with name lake has already started");
  auto update =
      client_->Json("glue", "AWSGlue.UpdateCrawler", {{"Name", "lake"}, {"Description", "x"}});
  EXPECT_EQ(update.Json().value("__type", ""), "CrawlerRunningException");

  clock_.Advance(std::chrono::milliseconds(5000));
  Value c = Crawler();
  EXPECT_EQ(c["State"], "STOPPING");
  EXPECT_EQ(c["LastCrawl"]["Status"], "SUCCEEDED");
  clock_.Advance(std::chrono::milliseconds(1000));
  EXPECT_EQ(Crawler()["State"], "READY");

  Value tables = Must("GetTables", {{"DatabaseName", "raw"}})["TableList"];
  ASSERT_EQ(tables.size(), 3u) << tables.dump();
  EXPECT_EQ(tables[2]["Name"], "events");
  EXPECT_EQ(tables[2]["PartitionKeys"].size(), 2u);
  Value parts =
      Must("GetPartitions", {{"DatabaseName", "raw"}, {"TableName", "events"}})["Partitions"];
  EXPECT_EQ(parts.size(), 2u);
  Value metrics = Must("GetCrawlerMetrics", {{"CrawlerNameList", {"lake"}}})["CrawlerMetricsList"];
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0]["TablesCreated"], 3);

  // A second run finds a new partition and updates, not duplicates, the tables.
  s3_->Put("lake", "raw/events/year=2024/month=03/part-0000.snappy.parquet", "PAR1");
  Must("StartCrawler", {{"Name", "lake"}});
  clock_.Advance(std::chrono::milliseconds(7000));
  EXPECT_EQ(Crawler()["State"], "READY");
  EXPECT_EQ(Must("GetPartitions", {{"DatabaseName", "raw"}, {"TableName", "events"}})["Partitions"]
                .size(),
            3u);
  metrics = Must("GetCrawlerMetrics", Value::object())["CrawlerMetricsList"];
  EXPECT_EQ(metrics[0]["TablesUpdated"], 3);
  EXPECT_EQ(metrics[0]["TablesCreated"], 0);
}

TEST_F(GlueCrawlerRunTest, StopCancelsAndMissingRoleFailsTheCrawl) {
  CreateCrawler();
  Must("StartCrawler", {{"Name", "lake"}});
  Must("StopCrawler", {{"Name", "lake"}});
  Value c = Crawler();
  EXPECT_EQ(c["State"], "STOPPING");
  EXPECT_EQ(c["LastCrawl"]["Status"], "CANCELLED");
  auto stopping = client_->Json("glue", "AWSGlue.StopCrawler", {{"Name", "lake"}});
  EXPECT_EQ(stopping.Json().value("__type", ""), "CrawlerStoppingException");
  clock_.Advance(std::chrono::milliseconds(1000));
  EXPECT_EQ(Crawler()["State"], "READY");
  EXPECT_EQ(Must("GetDatabases", Value::object())["DatabaseList"].size(), 0u)
      << "a cancelled crawl writes nothing";

  // The role disappears: the next crawl fails with Glue's message.
  ASSERT_EQ(client_->Query("iam", "DeleteRole", {{"RoleName", "crawler-role"}}).status, 200);
  Must("StartCrawler", {{"Name", "lake"}});
  clock_.Advance(std::chrono::milliseconds(6000));
  c = Crawler();
  EXPECT_EQ(c["State"], "READY");
  EXPECT_EQ(c["LastCrawl"]["Status"], "FAILED");
  EXPECT_NE(c["LastCrawl"].value("ErrorMessage", "").find("unable to assume"), std::string::npos);
}

TEST_F(GlueCrawlerRunTest, NewRoleIsNotUsableDuringTheConsistencyDelay) {
  sandbox::FaultConfig f;
  f.consistency_delay = std::chrono::milliseconds(10000);
  server_->SetFaults(f);
  auto r = client_->Query(
      "iam", "CreateRole",
      {{"RoleName", "fresh"},
       {"AssumeRolePolicyDocument",
        R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
  ASSERT_EQ(r.status, 200);
  auto create = client_->Json("glue", "AWSGlue.CreateCrawler",
                              {{"Name", "lake"},
                               {"Role", "fresh"},
                               {"DatabaseName", "raw"},
                               {"Targets", {{"S3Targets", {{{"Path", "s3://lake/raw/"}}}}}}});
  EXPECT_EQ(create.Json().value("__type", ""), "InvalidInputException") << create.body;
  clock_.Advance(std::chrono::milliseconds(10000));
  CreateCrawler("fresh");
}

}  // namespace
}  // namespace causeway::testing
