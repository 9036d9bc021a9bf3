// The Glue kinds aws.glue.database, aws.glue.table and aws.glue.crawler driven through
// AwsProvider exactly as the engine drives them, against the in-process sandbox (with a manual
// clock shared by the sandbox and the provider, so crawler runs and IAM propagation waits take no
// real time): create -> observe returns the manifest's attributes (after normalisation, bulk and
// per-resource) -> update -> delete; natural-key lookup; adoption; delete of missing objects;
// Hive-partitioned, CSV and Iceberg tables re-observing as no-ops; bulk vs per-resource request
// counts; crawlers with run_on_create, its configurable wait and progress log, and IAM propagation
// retries; `validate` reporting mistakes inside columns, SerDes and crawler targets.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include "manifests/loader.h"
#include "providers/aws/aws_provider.h"
#include "providers/provider_log.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kDatabase[] = "aws.glue.database";
constexpr char kTable[] = "aws.glue.table";
constexpr char kCrawler[] = "aws.glue.crawler";
constexpr char kGlueTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

// Seed 000: a Hive-partitioned Parquet table, written the way users write types.
Value HiveTable() {
  return {
      {"database", "raw"},
      {"name", "events"},
      {"description", "click events"},
      {"columns", Value::array({{{"name", "event_id"}, {"type", "STRING"}},
                                {{"name", "user_id"}, {"type", "INTEGER"}, {"comment", "who"}},
                                {{"name", "amount"}, {"type", "DECIMAL(10, 2)"}},
                                {{"name", "attrs"}, {"type", "map<string, integer>"}}})},
      {"partition_keys", Value::array({{{"name", "year"}, {"type", "string"}},
                                       {{"name", "month"}, {"type", "string"}}})},
      {"location", "s3://lake/raw/events/"},
      {"input_format", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"},
      {"output_format", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"},
      {"serde",
       {{"serialization_library", "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
        {"parameters", {{"serialization.format", "1"}}}}},
      {"parameters", {{"classification", "parquet"}, {"EXTERNAL", "TRUE"}}}};
}

// Seed 002: CSV with a header line.
Value CsvTable() {
  return {{"database", "raw"},
          {"name", "customers"},
          {"columns", Value::array({{{"name", "id"}, {"type", "string"}},
                                    {{"name", "email"}, {"type", "string"}}})},
          {"location", "s3://lake/raw/customers/"},
          {"input_format", "org.apache.hadoop.mapred.TextInputFormat"},
          {"output_format", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"},
          {"serde",
           {{"serialization_library", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
            {"parameters", {{"field.delim", ","}}}}},
          {"parameters", {{"classification", "csv"}, {"skip.header.line.count", "1"}}}};
}

// Seed 003: an Iceberg table as Glue stores it.
Value IcebergTable() {
  return {{"database", "curated"},
          {"name", "orders"},
          {"table_type", "EXTERNAL_TABLE"},
          {"columns", Value::array({{{"name", "order_id"}, {"type", "bigint"}},
                                    {{"name", "ts"}, {"type", "timestamp"}}})},
          {"location", "s3://lake/curated/orders/"},
          {"parameters",
           {{"table_type", "iceberg"},
            {"metadata_location", "s3://lake/curated/orders/metadata/00000-abc.metadata.json"}}}};
}

// A manual clock whose sleeps move time forward, so the sandbox sees the provider wait. A test
// may act once while the provider sleeps (change something behind its back).
class AdvancingClock : public FakeClock {
 public:
  void SleepFor(std::chrono::milliseconds d) override {
    FakeClock::SleepFor(d);  // moves time forward
    if (auto act = std::exchange(on_next_sleep, nullptr)) act();
  }
  std::function<void()> on_next_sleep;
};

class GlueKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxFixture::Options o;
    o.clock = &clock_;
    fixture_ = std::make_unique<SandboxFixture>(o);
    ASSERT_TRUE(fixture_->Start().ok());
    client_ = std::make_unique<SandboxClient>(fixture_->endpoint(),
                                              SandboxFixture::DefaultCredentials(), &clock_);
    bulk_ = NewProvider("bulk");
    per_resource_ = NewProvider("per-resource");
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) schemas_[s.kind] = s;
  }

  std::unique_ptr<aws::AwsProvider> NewProvider(const std::string& mode) {
    return NewSandboxAwsProvider(
        fixture_.get(), {{"refresh_mode", mode}, {"propagation_timeout_seconds", 60}}, &clock_);
  }

  Observation Observe(Provider& p, const std::string& kind, const std::string& id,
                      const Value& attrs) {
    return ObserveOne(p, kind, id, attrs);
  }

  // Attributes a plan would show as changed (the engine's own diff).
  std::vector<std::string> Drift(const std::string& kind, const Value& manifest,
                                 const Value& live) {
    return ::causeway::testing::Drift(schemas_.at(kind), manifest, live);
  }

  Result<ResourceResult> Create(const std::string& kind, const Value& attrs) {
    return bulk_->create(CreateRequest{Address{kind, "x"}, attrs});
  }
  void MustCreate(const std::string& kind, const Value& attrs) {
    auto r = Create(kind, attrs);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  Value Counts() { return client_->Raw("GET", "/_sandbox/counts").Json(); }
  int Count(const std::string& op) { return Counts()["by_operation"].value(op, 0); }
  void ResetCounts() { client_->Raw("POST", "/_sandbox/counts/reset"); }
  void CreateRole(const std::string& name) {
    auto r = client_->Query("iam", "CreateRole",
                            {{"RoleName", name}, {"AssumeRolePolicyDocument", kGlueTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void PutObject(const std::string& bucket, const std::string& key, const std::string& body) {
    auto r = client_->Send("s3", "PUT", "/" + bucket + "/" + key, "", {}, body);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  AdvancingClock clock_;
  std::unique_ptr<SandboxFixture> fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  std::map<std::string, KindSchema> schemas_;
};

TEST_F(GlueKindsTest, SchemasDeclareTheContract) {
  ASSERT_TRUE(schemas_.count(kDatabase) && schemas_.count(kTable) && schemas_.count(kCrawler));
  EXPECT_TRUE(schemas_.at(kDatabase).holds_data);
  EXPECT_TRUE(schemas_.at(kTable).holds_data);
  EXPECT_FALSE(schemas_.at(kCrawler).holds_data);
  EXPECT_TRUE(schemas_.at(kTable).Find("database")->force_new);
  EXPECT_EQ(*schemas_.at(kTable).Find("table_type")->default_value, "EXTERNAL_TABLE");
  EXPECT_TRUE(schemas_.at(kCrawler).Find("state")->computed);
  EXPECT_TRUE(schemas_.at(kCrawler).Find("last_crawl_status")->computed);
  EXPECT_EQ(*schemas_.at(kCrawler).Find("run_on_create")->default_value, false);
  EXPECT_EQ(schemas_.at(kDatabase).natural_key, std::vector<std::string>{"name"});
  EXPECT_EQ(schemas_.at(kTable).natural_key, (std::vector<std::string>{"database", "name"}));
  EXPECT_EQ(schemas_.at(kCrawler).natural_key, std::vector<std::string>{"name"});

  const AttributeSchema* timeout = schemas_.at(kCrawler).Find("run_timeout_seconds");
  ASSERT_NE(timeout, nullptr);
  EXPECT_EQ(timeout->type, AttrType::kInteger);
  EXPECT_EQ(*timeout->default_value, 1800);
  EXPECT_EQ(CheckAttribute(kCrawler, *timeout, 1800), "");
  EXPECT_NE(CheckAttribute(kCrawler, *timeout, 0), "");
  EXPECT_NE(CheckAttribute(kCrawler, *timeout, 7 * 86400), "");

  // Nested shapes are typed, so that validate checks them field by field.
  for (const char* list : {"columns", "partition_keys"}) {
    const AttributeSchema* columns = schemas_.at(kTable).Find(list);
    ASSERT_EQ(columns->fields.size(), 3u) << list;
    EXPECT_TRUE(columns->Field("name")->required);
    EXPECT_TRUE(columns->Field("type")->required);
    EXPECT_FALSE(columns->Field("comment")->required);
  }
  EXPECT_NE(schemas_.at(kTable).Find("serde")->Field("serialization_library"), nullptr);
  EXPECT_EQ(schemas_.at(kTable).Find("serde")->Field("parameters")->type, AttrType::kMap);
  EXPECT_TRUE(schemas_.at(kCrawler).Find("s3_targets")->Field("path")->required);
  EXPECT_EQ(schemas_.at(kCrawler).Find("s3_targets")->Field("exclusions")->type, AttrType::kList);
}

// `causeway validate` with the Glue kinds' schemas: a slip inside a column, a SerDe or a crawler
// target is reported where it is written, as are a bad schedule and an out-of-range wait.
TEST_F(GlueKindsTest, ValidateReportsNestedMistakesWhereTheyAreWritten) {
  const std::string manifest =
      "kind: aws.glue.table\n"
      "name: events\n"
      "spec:\n"
      "  database: raw\n"
      "  name: events\n"
      "  columns:\n"
      "    - {name: id, type: bigint}\n"
      "    - {name: ts, typ: timestamp}\n"
      "  partition_keys:\n"
      "    - {type: string}\n"
      "  serde: {serialisation_library: x}\n"
      "---\n"
      "kind: aws.glue.crawler\n"
      "name: c\n"
      "spec:\n"
      "  name: c\n"
      "  role: crawler-role\n"
      "  database_name: raw\n"
      "  s3_targets:\n"
      "    - paths: s3://lake/raw/\n"
      "  schedule: daily\n"
      "  run_timeout_seconds: 5\n";
  LoadResult r =
      LoadManifestFiles({{"glue.yaml", manifest}}, SchemaSet(schemas_.begin(), schemas_.end()));
  std::vector<std::string> got;
  for (const auto& d : r.diagnostics) got.push_back(d.str());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "glue.yaml:8:18: unknown field 'typ' in columns[1] of aws.glue.table; did "
                     "you mean 'type'?",
                     "glue.yaml:10:7: missing required field 'name' in partition_keys[0] of "
                     "aws.glue.table.events",
                     "glue.yaml:11:11: unknown field 'serialisation_library' in serde of "
                     "aws.glue.table; did you mean 'serialization_library'?",
                     "glue.yaml:20:7: unknown field 'paths' in s3_targets[0] of aws.glue.crawler; "
                     "did you mean 'path'?",
                     "glue.yaml:21:13: invalid value for attribute 'schedule' of aws.glue.crawler: "
                     "\"daily\"; expected \"\" or cron(...) with six fields, e.g. cron(15 12 * * "
                     "? *)",
                     "glue.yaml:22:24: invalid value for attribute 'run_timeout_seconds' of "
                     "aws.glue.crawler: 5; expected a whole number from 60 to 86400",
                 }));
}

TEST_F(GlueKindsTest, NormalisersMakeGlueFormsEqualToManifests) {
  struct Case {
    std::string reason, kind, attr;
    Value a, b;
    bool equal;
  };
  std::vector<Case> cases = {
      {"type case", kTable, "columns", Value::array({{{"name", "a"}, {"type", "STRING"}}}),
       Value::array({{{"name", "a"}, {"type", "string"}}}), true},
      {"integer is int", kTable, "columns",
       Value::array({{{"name", "a"}, {"type", "array<INTEGER>"}}}),
       Value::array({{{"name", "a"}, {"type", "array<int>"}}}), true},
      {"bare decimal", kTable, "columns", Value::array({{{"name", "a"}, {"type", "decimal"}}}),
       Value::array({{{"name", "a"}, {"type", "decimal(10,0)"}}}), true},
      {"column name case", kTable, "columns", Value::array({{{"name", "UserId"}, {"type", "int"}}}),
       Value::array({{{"name", "userid"}, {"type", "int"}}}), true},
      {"empty comment", kTable, "columns",
       Value::array({{{"name", "a"}, {"type", "int"}, {"comment", ""}}}),
       Value::array({{{"name", "a"}, {"type", "int"}}}), true},
      {"bigint is not int", kTable, "columns", Value::array({{{"name", "a"}, {"type", "bigint"}}}),
       Value::array({{{"name", "a"}, {"type", "int"}}}), false},
      {"struct field named integer stays", kTable, "columns",
       Value::array({{{"name", "a"}, {"type", "struct<integer:int>"}}}),
       Value::array({{{"name", "a"}, {"type", "struct<int:int>"}}}), false},
      {"iceberg parameter case", kTable, "parameters", Value{{"table_type", "iceberg"}},
       Value{{"table_type", "ICEBERG"}}, true},
      {"table name case", kTable, "name", "Events", "events", true},
      {"role ARN vs name", kCrawler, "role", "arn:aws:iam::123456789012:role/service/crawler",
       "crawler", true},
      {"different roles", kCrawler, "role", "a", "b", false},
      {"database name case", kDatabase, "name", "RAW", "raw", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    const AttributeSchema* a = schemas_.at(c.kind).Find(c.attr);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(NormalizeAttr(a, c.a) == NormalizeAttr(a, c.b), c.equal);
  }
}

TEST_F(GlueKindsTest, DatabaseLifecycle) {
  Value manifest = {
      {"name", "Raw"}, {"description", "landing"}, {"parameters", {{"team", "data"}}}};
  auto created = Create(kDatabase, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "raw");
  EXPECT_EQ(created->outputs["arn"], "arn:aws:glue:us-east-1:123456789012:database/raw");
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kDatabase, "raw", manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(Drift(kDatabase, manifest, o.attributes).empty()) << o.attributes.dump();
    // Natural-key lookup with an empty id.
    Observation by_key = Observe(*p, kDatabase, "", manifest);
    EXPECT_TRUE(by_key.exists);
    EXPECT_EQ(by_key.id, "raw");
  }
  // Adoption: creating it again returns the existing database, brought to the manifest.
  Value changed = manifest;
  changed["location_uri"] = "s3://lake/raw/";
  auto adopted = Create(kDatabase, changed);
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  EXPECT_EQ(adopted->id, "raw");
  EXPECT_EQ(adopted->attributes["location_uri"], "s3://lake/raw/");

  Observation before = Observe(*bulk_, kDatabase, "raw", changed);
  Value edited = changed;
  edited["description"] = "";
  ResetCounts();
  auto updated = bulk_->update(
      UpdateRequest{Address{kDatabase, "x"}, "raw", before.attributes, edited, {"description"}});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(Count("glue:UpdateDatabase"), 1);
  EXPECT_TRUE(
      Drift(kDatabase, edited, Observe(*bulk_, kDatabase, "raw", edited).attributes).empty());

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kDatabase, "x"}, "raw", edited}).ok());
  EXPECT_FALSE(Observe(*bulk_, kDatabase, "raw", edited).exists);
  EXPECT_FALSE(Observe(*per_resource_, kDatabase, "raw", edited).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kDatabase, "x"}, "raw", edited}).ok())
      << "deleting a missing database succeeds";
}

TEST_F(GlueKindsTest, SeedTablesReobserveAsNoOps) {
  MustCreate(kDatabase, {{"name", "raw"}});
  MustCreate(kDatabase, {{"name", "curated"}});
  struct Case {
    std::string reason;
    Value manifest;
    std::string id;
  };
  std::vector<Case> cases = {
      {"seed 000: Hive-partitioned Parquet", HiveTable(), "raw/events"},
      {"seed 002: CSV with header", CsvTable(), "raw/customers"},
      {"seed 003: Iceberg", IcebergTable(), "curated/orders"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    auto created = Create(kTable, c.manifest);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    EXPECT_EQ(created->id, c.id);
    EXPECT_TRUE(Drift(kTable, c.manifest, created->attributes).empty())
        << created->attributes.dump();
    ResetCounts();
    for (auto* p : {bulk_.get(), per_resource_.get()}) {
      Observation o = Observe(*p, kTable, c.id, c.manifest);
      ASSERT_TRUE(o.exists);
      EXPECT_EQ(o.id, c.id);
      EXPECT_TRUE(Drift(kTable, c.manifest, o.attributes).empty()) << o.attributes.dump();
      EXPECT_TRUE(Drift(kTable, c.manifest, Observe(*p, kTable, "", c.manifest).attributes).empty())
          << "found by natural key";
    }
    EXPECT_EQ(Counts().value("mutating", 0), 0) << "observe never mutates";
  }
  // The Iceberg table is stored as Glue stores one.
  auto r =
      client_->Json("glue", "AWSGlue.GetTable", {{"DatabaseName", "curated"}, {"Name", "orders"}});
  EXPECT_EQ(r.Json()["Table"]["TableType"], "EXTERNAL_TABLE");
  EXPECT_EQ(r.Json()["Table"]["Parameters"]["table_type"], "iceberg");
  // The Hive table keeps its partition keys and SerDe.
  r = client_->Json("glue", "AWSGlue.GetTable", {{"DatabaseName", "raw"}, {"Name", "events"}});
  EXPECT_EQ(r.Json()["Table"]["PartitionKeys"].size(), 2u);
  EXPECT_EQ(
      r.Json()["Table"]["StorageDescriptor"]["SerdeInfo"]["Parameters"]["serialization.format"],
      "1");
}

TEST_F(GlueKindsTest, TableUpdateAdoptDeleteAndErrors) {
  MustCreate(kDatabase, {{"name", "raw"}});
  Value manifest = HiveTable();
  MustCreate(kTable, manifest);
  Observation before = Observe(*bulk_, kTable, "raw/events", manifest);
  Value changed = manifest;
  changed["columns"].push_back({{"name", "country"}, {"type", "string"}});
  changed["parameters"]["owner"] = "lake";
  std::vector<std::string> names = Drift(kTable, changed, before.attributes);
  EXPECT_EQ(names, (std::vector<std::string>{"columns", "parameters"}));
  ResetCounts();
  auto updated = bulk_->update(
      UpdateRequest{Address{kTable, "x"}, "raw/events", before.attributes, changed, names});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(Count("glue:UpdateTable"), 1);
  EXPECT_EQ(Count("glue:CreateTable"), 0);
  EXPECT_TRUE(
      Drift(kTable, changed, Observe(*bulk_, kTable, "raw/events", changed).attributes).empty());

  // Adoption brings an existing table to the manifest.
  auto adopted = Create(kTable, manifest);
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  EXPECT_TRUE(Drift(kTable, manifest, adopted->attributes).empty());

  Value iceberg_typed = IcebergTable();
  iceberg_typed["table_type"] = "ICEBERG";
  auto bad = Create(kTable, iceberg_typed);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("table_type: ICEBERG"), std::string::npos)
      << bad.status().message();
  Value no_db = HiveTable();
  no_db["database"] = "ghost";
  auto missing_db = Create(kTable, no_db);
  ASSERT_FALSE(missing_db.ok());
  EXPECT_NE(missing_db.status().message().find("Database ghost not found"), std::string::npos)
      << missing_db.status().message();

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kTable, "x"}, "raw/events", manifest}).ok());
  EXPECT_FALSE(Observe(*bulk_, kTable, "raw/events", manifest).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kTable, "x"}, "raw/events", manifest}).ok());
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kTable, "x"}, "ghost/t", Value::object()}).ok());
  EXPECT_FALSE(Observe(*bulk_, kTable, "ghost/t", Value::object()).exists)
      << "a table in a missing database does not exist";
}

TEST_F(GlueKindsTest, BulkObserveReadsEachDatabaseOnce) {
  MustCreate(kDatabase, {{"name", "db_a"}});
  MustCreate(kDatabase, {{"name", "db_b"}});
  std::vector<ObserveItem> items;
  for (int i = 0; i < 20; ++i) {
    Value t = {{"database", i % 2 ? "db_b" : "db_a"},
               {"name", "t" + std::to_string(i)},
               {"columns", Value::array({{{"name", "id"}, {"type", "bigint"}}})}};
    MustCreate(kTable, t);
    items.push_back(ObserveItem{Address{kTable, "t" + std::to_string(i)}, "", t});
  }
  items.push_back(ObserveItem{Address{kTable, "gone"}, "db_a/gone", Value::object()});

  ResetCounts();
  auto bulk = bulk_->observe(items);
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  Value counts = Counts();
  EXPECT_EQ(counts["by_operation"].value("glue:GetTables", 0), 2);
  EXPECT_EQ(counts["by_operation"].value("glue:GetTable", 0), 0);
  EXPECT_EQ(counts.value("total", 0), 2);

  ResetCounts();
  auto per = per_resource_->observe(items);
  ASSERT_TRUE(per.ok()) << per.status().ToString();
  EXPECT_EQ(Count("glue:GetTable"), 21);

  ASSERT_EQ(bulk->size(), 21u);
  for (size_t i = 0; i < bulk->size(); ++i) {
    EXPECT_EQ((*bulk)[i].exists, (*per)[i].exists) << i;
    EXPECT_EQ((*bulk)[i].attributes, (*per)[i].attributes) << i;
    EXPECT_EQ((*bulk)[i].exists, i < 20) << i;
  }

  auto listed = bulk_->list(ListRequest{kTable, {{"database", "db_b"}}});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 10u);
  auto all = bulk_->list(ListRequest{kTable, Value::object()});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 20u);
}

TEST_F(GlueKindsTest, CrawlerLifecycleAndRunOnCreate) {
  CreateRole("crawler-role");
  ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  PutObject("lake", "raw/events/year=2024/month=01/part-0.parquet", "PAR1");
  PutObject("lake", "raw/customers/c.csv", "id,email\n1,a@b\n");
  Value manifest = {
      {"name", "lake-crawler"},     {"role", "arn:aws:iam::123456789012:role/crawler-role"},
      {"database_name", "crawled"}, {"s3_targets", Value::array({{{"path", "s3://lake/raw/"}}})},
      {"table_prefix", "raw_"},     {"run_on_create", true}};
  ResetCounts();
  auto created = Create(kCrawler, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->outputs["state"], "READY");
  EXPECT_EQ(created->outputs["last_crawl_status"], "SUCCEEDED");
  EXPECT_EQ(Count("glue:StartCrawler"), 1);
  EXPECT_GE(Count("glue:GetCrawler"), 2) << "polled until READY";
  EXPECT_GT(clock_.slept().count(), 0);
  auto tables = client_->Json("glue", "AWSGlue.GetTables", {{"DatabaseName", "crawled"}}).Json();
  ASSERT_EQ(tables["TableList"].size(), 2u) << tables.dump();
  EXPECT_EQ(tables["TableList"][1]["Name"], "raw_events");

  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kCrawler, "lake-crawler", manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(Drift(kCrawler, manifest, o.attributes).empty()) << o.attributes.dump();
  }

  Value changed = manifest;
  changed["schedule"] = "cron(0 3 * * ? *)";
  changed["s3_targets"][0]["exclusions"] = {"**/_tmp/**"};
  Observation before = Observe(*bulk_, kCrawler, "lake-crawler", manifest);
  auto names = Drift(kCrawler, changed, before.attributes);
  EXPECT_EQ(names, (std::vector<std::string>{"s3_targets", "schedule"}));
  ResetCounts();
  auto updated = bulk_->update(
      UpdateRequest{Address{kCrawler, "x"}, "lake-crawler", before.attributes, changed, names});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(Count("glue:UpdateCrawler"), 1);
  EXPECT_EQ(Count("glue:StartCrawler"), 0);
  EXPECT_TRUE(Drift(kCrawler, changed,
                    Observe(*per_resource_, kCrawler, "lake-crawler", changed).attributes)
                  .empty());

  // Delete stops a running crawl first.
  ASSERT_EQ(client_->Json("glue", "AWSGlue.StartCrawler", {{"Name", "lake-crawler"}}).status, 200);
  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kCrawler, "x"}, "lake-crawler", changed}).ok());
  EXPECT_FALSE(Observe(*bulk_, kCrawler, "lake-crawler", changed).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kCrawler, "x"}, "lake-crawler", changed}).ok());
}

TEST_F(GlueKindsTest, RunOnCreateReportsAFailedCrawl) {
  CreateRole("crawler-role");
  Value manifest = {{"name", "broken"},
                    {"role", "crawler-role"},
                    {"database_name", "crawled"},
                    {"s3_targets", Value::array({{{"path", "s3://no-such-bucket/x/"}}})},
                    {"run_on_create", true}};
  auto created = Create(kCrawler, manifest);
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.status().message().find("first crawl of broken ended FAILED"),
            std::string::npos)
      << created.status().message();
  EXPECT_NE(created.status().message().find("no-such-bucket"), std::string::npos);
  // The crawler exists; creating again adopts it without another run.
  Value quiet = manifest;
  quiet["run_on_create"] = false;
  auto adopted = Create(kCrawler, quiet);
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  EXPECT_EQ(adopted->outputs["last_crawl_status"], "FAILED");
}

// A first crawl that fails because Glue cannot assume the role is the crawl's failure, not a
// role that has not propagated yet: create fails instead of being retried (the retry would adopt
// the crawler and report success).
TEST_F(GlueKindsTest, RunOnCreateDoesNotRetryACrawlThatCouldNotAssumeTheRole) {
  CreateRole("crawler-role");
  ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  PutObject("lake", "raw/events/part-0.parquet", "PAR1");
  clock_.on_next_sleep = [this] {  // while the crawl runs, the role stops trusting Glue
    auto r = client_->Query(
        "iam", "UpdateAssumeRolePolicy",
        {{"RoleName", "crawler-role"},
         {"PolicyDocument",
          R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
    EXPECT_EQ(r.status, 200) << r.body;
  };
  ResetCounts();
  auto created = Create(kCrawler, {{"name", "lost-role"},
                                   {"role", "crawler-role"},
                                   {"database_name", "crawled"},
                                   {"s3_targets", Value::array({{{"path", "s3://lake/raw/"}}})},
                                   {"run_on_create", true}});
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.status().message().find("first crawl of lost-role ended FAILED: Service is "
                                            "unable to assume provided role"),
            std::string::npos)
      << created.status().message();
  EXPECT_EQ(Count("glue:CreateCrawler"), 1) << "not retried";
}

TEST_F(GlueKindsTest, CreateCrawlerRetriesWhileTheRoleIsPropagating) {
  ASSERT_EQ(client_->Raw("POST", "/_sandbox/faults", R"({"consistency_delay_ms": 3000})").status,
            200);
  CreateRole("fresh-role");
  Value manifest = {{"name", "c"},
                    {"role", "fresh-role"},
                    {"database_name", "raw"},
                    {"s3_targets", Value::array({{{"path", "s3://lake/raw/"}}})}};
  ResetCounts();
  auto created = Create(kCrawler, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_GE(Count("glue:CreateCrawler"), 2) << "the first attempt met the propagation delay";
  EXPECT_GE(clock_.slept().count(), 3000);

  // A role that never trusts Glue fails after the propagation timeout with Glue's message.
  auto r = client_->Query(
      "iam", "CreateRole",
      {{"RoleName", "ec2-role"},
       {"AssumeRolePolicyDocument",
        R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
  ASSERT_EQ(r.status, 200);
  manifest["name"] = "d";
  manifest["role"] = "ec2-role";
  auto failed = Create(kCrawler, manifest);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("Service is unable to assume provided role"),
            std::string::npos)
      << failed.status().message();
}

// Every line the provider logs.
class RecordingLog : public ProviderLog {
 public:
  void Log(Level, const std::string& message) override {
    std::lock_guard<std::mutex> l(mu_);
    lines_.push_back(message);
  }
  std::vector<std::string> lines() const {
    std::lock_guard<std::mutex> l(mu_);
    return lines_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

// A sandbox whose crawls take a day of emulated time: run_on_create must give up.
class GlueSlowCrawlTest : public GlueKindsTest {
 protected:
  void SetUp() override {
    setenv("CAUSEWAY_SANDBOX_GLUE_CRAWL_MS", "86400000", 1);  // read by NewGlueService()
    GlueKindsTest::SetUp();
    unsetenv("CAUSEWAY_SANDBOX_GLUE_CRAWL_MS");
  }
};

TEST_F(GlueSlowCrawlTest, RunOnCreateWaitsRunTimeoutSecondsAndLogsProgress) {
  CreateRole("crawler-role");
  ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  PutObject("lake", "raw/events/part-0.parquet", "PAR1");
  struct Case {
    std::string reason, name;
    Value timeout;  // null: the default
    int64_t seconds;
  };
  std::vector<Case> cases = {
      {"configured", "slow", 120, 120},
      {"default", "slower", Value(), 1800},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    RecordingLog log;
    aws::AwsProviderOptions o;
    o.clock = &clock_;
    aws::AwsProvider provider(o);
    provider.set_log(&log);  // before configure(), which hands the log to the kinds
    aws::Credentials cr = SandboxFixture::DefaultCredentials();
    ASSERT_TRUE(provider
                    .configure({{"endpoint", fixture_->endpoint()},
                                {"region", "us-east-1"},
                                {"access_key_id", cr.access_key_id},
                                {"secret_access_key", cr.secret_access_key}})
                    .ok());
    Value manifest = {{"name", c.name},
                      {"role", "crawler-role"},
                      {"database_name", "crawled"},
                      {"s3_targets", Value::array({{{"path", "s3://lake/raw/"}}})},
                      {"run_on_create", true}};
    if (!c.timeout.is_null()) manifest["run_timeout_seconds"] = c.timeout;
    auto slept_before = clock_.slept();
    auto created = provider.create(CreateRequest{Address{kCrawler, "x"}, manifest});
    auto waited = clock_.slept() - slept_before;

    ASSERT_FALSE(created.ok()) << "a crawl that never finishes fails the create";
    const std::string limit = std::to_string(c.seconds);
    EXPECT_NE(created.status().message().find("crawler " + c.name + " is still RUNNING after " +
                                              limit + " s"),
              std::string::npos)
        << created.status().message();
    EXPECT_NE(created.status().message().find("run_timeout_seconds: " + limit), std::string::npos)
        << created.status().message();
    EXPECT_EQ(waited, std::chrono::seconds(c.seconds)) << "the wait stops at the timeout";

    // One progress line when the wait starts and one every 30 s of it, with state and time.
    std::vector<std::string> progress;
    for (const auto& line : log.lines()) {
      if (line.find("crawler " + c.name + " is RUNNING") != std::string::npos) {
        progress.push_back(line);
      }
    }
    ASSERT_EQ(progress.size(), static_cast<size_t>(c.seconds / 30))
        << ::testing::PrintToString(log.lines());
    for (size_t i = 0; i < progress.size(); ++i) {
      EXPECT_NE(progress[i].find("is RUNNING, " + std::to_string(i * 30) + " s of at most " +
                                 limit + " s"),
                std::string::npos)
          << progress[i];
    }
    EXPECT_NE(progress[0].find("aws.glue.crawler.x: run_on_create"), std::string::npos)
        << progress[0];
  }
  // The crawlers exist and are still crawling; deleting one stops its crawl first.
  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kCrawler, "x"}, "slow", Value::object()}).ok());
  EXPECT_FALSE(Observe(*bulk_, kCrawler, "slow", Value::object()).exists);
}

}  // namespace
}  // namespace causeway::testing
