// The S3 Tables kinds (aws.s3tables.table_bucket, .namespace, .table, .table_bucket_policy)
// through AwsProvider against the in-process sandbox: created from nothing and read back exactly
// as the manifest, bulk and per-resource (a re-plan is a no-op); out-of-band changes are drift
// (encryption, maintenance, policy; a commit moves a table's version token and metadata
// location); adoption of existing objects; a table delete or replace is refused by the planner
// without the data opt-in; a commit racing a table delete is a conflict naming the table, and
// the table survives; value checks at validate.
#include <gtest/gtest.h>

#include <atomic>

#include "providers/aws/aws_provider.h"
#include "reconciler/plan/safety.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kBucket[] = "aws.s3tables.table_bucket";
constexpr char kNamespace[] = "aws.s3tables.namespace";
constexpr char kTable[] = "aws.s3tables.table";
constexpr char kPolicy[] = "aws.s3tables.table_bucket_policy";
constexpr char kLakeArn[] = "arn:aws:s3tables:us-east-1:123456789012:bucket/lake";

std::string TablePath(const std::string& name) {
  return "/tables/" + aws::UriEncode(kLakeArn) + "/sales/" + name;
}

class S3TablesKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    bulk_ = NewSandboxAwsProvider(&fixture_);
    per_resource_ = NewSandboxAwsProvider(&fixture_, {{"refresh_mode", "per-resource"}});
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) schemas_[s.kind] = s;
    for (const char* k : {kBucket, kNamespace, kTable, kPolicy})
      ASSERT_TRUE(schemas_.count(k)) << k;
  }
  std::vector<Provider*> Both() { return {bulk_.get(), per_resource_.get()}; }
  static Value Bucket() { return {{"name", "lake"}}; }
  static Value Namespace() { return {{"table_bucket_arn", kLakeArn}, {"namespace", "sales"}}; }
  static Value Orders() {
    return Value::parse(
        R"j({"table_bucket_arn": "arn:aws:s3tables:us-east-1:123456789012:bucket/lake",
        "namespace": "sales", "name": "orders", "schema": [
          {"name": "id", "type": "long", "required": true},
          {"name": "amount", "type": "decimal(10, 2)"}, {"name": "at", "type": "TIMESTAMPTZ"}]})j");
  }
  void MakeLake() {
    ASSERT_TRUE(bulk_->create(CreateRequest{Address{kBucket, "lake"}, Bucket()}).ok());
    ASSERT_TRUE(bulk_->create(CreateRequest{Address{kNamespace, "sales"}, Namespace()}).ok());
  }
  SandboxReply Raw(const std::string& method, const std::string& path, const Value& body = Value(),
                   const std::string& query = "") {
    return client_->Send("s3tables", method, path, query, {{"content-type", "application/json"}},
                         body.is_null() ? "" : body.dump());
  }
  // A commit by another writer: the table's metadata location moves and its token with it.
  void Commit(const std::string& table, const std::string& file) {
    Value loc = Raw("GET", TablePath(table) + "/metadata-location").Json();
    auto r = Raw(
        "PUT", TablePath(table) + "/metadata-location",
        {{"versionToken", loc["versionToken"]},
         {"metadataLocation", loc["warehouseLocation"].get<std::string>() + "/metadata/" + file}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  std::map<std::string, KindSchema> schemas_;
};

TEST_F(S3TablesKindsTest, TableBucketDriftAndAdoption) {
  auto created = bulk_->create(CreateRequest{Address{kBucket, "lake"}, Bucket()});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, kLakeArn);
  EXPECT_EQ(created->outputs["arn"], kLakeArn);
  for (Provider* p : Both()) {
    Observation o = ObserveOne(*p, kBucket, kLakeArn, Bucket());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schemas_[kBucket], Bucket(), o.attributes)) << o.attributes.dump();
    EXPECT_EQ(o.outputs["arn"], kLakeArn);
  }
  // Out of band: KMS encryption and a longer retention.
  const std::string path = "/buckets/" + aws::UriEncode(kLakeArn);
  ASSERT_EQ(Raw("PUT", path + "/encryption",
                {{"encryptionConfiguration",
                  {{"sseAlgorithm", "aws:kms"},
                   {"kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/k"}}}})
                .status,
            200);
  ASSERT_EQ(Raw("PUT", path + "/maintenance/icebergUnreferencedFileRemoval",
                {{"value", {{"status", "disabled"}}}})
                .status,
            204);
  Observation drifted = ObserveOne(*bulk_, kBucket, kLakeArn, Bucket());
  std::vector<std::string> drift = Drift(schemas_[kBucket], Bucket(), drifted.attributes);
  EXPECT_EQ(drift, (std::vector<std::string>{"kms_key_arn", "sse_algorithm",
                                             "unreferenced_file_removal"}));
  auto updated = bulk_->update(
      UpdateRequest{Address{kBucket, "lake"}, kLakeArn, drifted.attributes, Bucket(), drift});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(NoDrift(schemas_[kBucket], Bucket(),
                      ObserveOne(*per_resource_, kBucket, kLakeArn, Bucket()).attributes));

  // A second create adopts the bucket and brings it to the manifest.
  Value longer = Bucket();
  longer["non_current_days"] = 30;
  auto adopted = bulk_->create(CreateRequest{Address{kBucket, "lake"}, longer});
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  EXPECT_EQ(adopted->id, kLakeArn);
  EXPECT_EQ(ObserveOne(*bulk_, kBucket, kLakeArn, longer).attributes["non_current_days"], 30);

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kBucket, "lake"}, kLakeArn, longer}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kBucket, kLakeArn, longer).exists);
  EXPECT_FALSE(ObserveOne(*per_resource_, kBucket, kLakeArn, longer).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kBucket, "lake"}, kLakeArn, longer}).ok());
}

TEST_F(S3TablesKindsTest, NamespaceAndTableFromNothing) {
  MakeLake();
  const std::string ns_id = std::string(kLakeArn) + "/sales";
  for (Provider* p : Both()) {
    Observation o = ObserveOne(*p, kNamespace, ns_id, Namespace());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schemas_[kNamespace], Namespace(), o.attributes));
  }
  auto t = bulk_->create(CreateRequest{Address{kTable, "orders"}, Orders()});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const std::string id = ns_id + "/orders";
  EXPECT_EQ(t->id, id);
  EXPECT_EQ(t->outputs["arn"].get<std::string>().rfind(std::string(kLakeArn) + "/table/", 0), 0u);
  EXPECT_NE(t->outputs["warehouse_location"].get<std::string>().find("--table-s3"),
            std::string::npos);
  EXPECT_NE(t->outputs["metadata_location"], "");
  EXPECT_NE(t->outputs["version_token"], "");
  for (Provider* p : Both()) {
    // Observed with what the state holds (the schema as applied).
    Observation o = ObserveOne(*p, kTable, id, t->attributes);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schemas_[kTable], Orders(), o.attributes)) << o.attributes.dump();
    EXPECT_EQ(o.outputs, t->outputs);
  }

  // A commit out of band moves the version token and the metadata location.
  Commit("orders", "00001-a.metadata.json");
  for (Provider* p : Both()) {
    Observation o = ObserveOne(*p, kTable, id, t->attributes);
    EXPECT_NE(o.outputs["version_token"], t->outputs["version_token"]);
    EXPECT_NE(o.outputs["metadata_location"].get<std::string>().find("00001-a.metadata.json"),
              std::string::npos);
  }

  // Creating it again adopts the table as it is.
  auto again = bulk_->create(CreateRequest{Address{kTable, "orders"}, Orders()});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->outputs["arn"], t->outputs["arn"]);
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kNamespace, "sales"}, Namespace()}).ok());

  // Deleted out of band: missing.
  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kTable, "orders"}, id, Orders()}).ok());
  for (Provider* p : Both()) EXPECT_FALSE(ObserveOne(*p, kTable, id, Orders()).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kTable, "orders"}, id, Orders()}).ok());
  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kNamespace, "sales"}, ns_id, Namespace()}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kNamespace, ns_id, Namespace()).exists);
  EXPECT_FALSE(ObserveOne(*per_resource_, kNamespace, ns_id, Namespace()).exists);
}

// The first plan of a manifest set that creates the table bucket too: the namespace's and the
// table's bucket ARN is not known yet, and they read as missing instead of failing the refresh.
TEST_F(S3TablesKindsTest, ObjectsOfABucketNotCreatedYetReadAsMissing) {
  Value ns = {{"table_bucket_arn", ""}, {"namespace", "sales"}};
  Value table = {{"table_bucket_arn", ""}, {"namespace", "sales"}, {"name", "orders"}};
  for (Provider* p : Both()) {
    auto observed = p->observe({ObserveItem{Address{kNamespace, "sales"}, "", ns},
                                ObserveItem{Address{kTable, "orders"}, "", table}});
    ASSERT_TRUE(observed.ok()) << observed.status().ToString();
    EXPECT_FALSE((*observed)[0].exists);
    EXPECT_FALSE((*observed)[1].exists);
  }
}

TEST_F(S3TablesKindsTest, TableDeleteAndReplaceNeedTheDataOptIn) {
  const KindSchema& table = schemas_[kTable];
  EXPECT_TRUE(table.holds_data);
  Change del;
  del.address = Address{kTable, "orders"};
  del.action = Action::kDelete;
  std::string refused = CheckDestroy(&del, &table, nullptr, {}, /*destroy=*/false);
  EXPECT_NE(refused.find("holds data"), std::string::npos) << refused;
  EXPECT_NE(refused.find("--allow-destroy aws.s3tables.table.orders"), std::string::npos);
  EXPECT_EQ(CheckDestroy(&del, &table, nullptr, {"aws.s3tables.table.orders"}, false), "");

  // A different schema replaces the table: also refused without the opt-in.
  Value wider = Orders();
  wider["schema"].push_back({{"name", "note"}, {"type", "string"}});
  DiffResult d = DiffManifest(table, wider, Orders());
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].name, "schema");
  EXPECT_TRUE(table.Find("schema")->force_new);
  Change replace;
  replace.address = del.address;
  replace.action = Action::kReplace;
  replace.replace_reasons = {"schema"};
  EXPECT_NE(CheckDestroy(&replace, &table, nullptr, {}, false).find("holds data"),
            std::string::npos);
}

// Sends every request through, but first commits to the table (as a Spark job would) when the
// provider's DeleteTable goes out: the token the provider read just before is stale.
class CommitBeforeDelete : public HttpClient {
 public:
  CommitBeforeDelete(std::function<void()> commit) : inner_(NewCurlHttpClient()), commit_(commit) {}
  Result<HttpResponse> Send(const HttpRequest& request) override {
    if (request.method == "DELETE" && request.url.find("/tables/") != std::string::npos &&
        !committed_.exchange(true)) {
      commit_();
    }
    return inner_->Send(request);
  }

 private:
  std::unique_ptr<HttpClient> inner_;
  std::function<void()> commit_;
  std::atomic<bool> committed_{false};
};

TEST_F(S3TablesKindsTest, StaleVersionTokenOnDeleteIsAConflictNamingTheTable) {
  MakeLake();
  auto t = bulk_->create(CreateRequest{Address{kTable, "orders"}, Orders()});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  CommitBeforeDelete racing([&] { Commit("orders", "00001-race.metadata.json"); });
  auto provider = NewSandboxAwsProvider(&fixture_, Value::object(), nullptr, &racing);
  ASSERT_TRUE(provider);
  Status s = provider->remove(DeleteRequest{Address{kTable, "orders"}, t->id, Orders()});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("aws.s3tables.table.orders"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("changed while it was being deleted"), std::string::npos);
  Observation o = ObserveOne(*bulk_, kTable, t->id, t->attributes);
  EXPECT_TRUE(o.exists) << "the table someone committed to is not deleted";
  EXPECT_NE(o.outputs["metadata_location"].get<std::string>().find("00001-race"),
            std::string::npos);
}

TEST_F(S3TablesKindsTest, PolicyComparedCanonically) {
  MakeLake();
  Value manifest =
      Value::parse(R"({"table_bucket_arn": "arn:aws:s3tables:us-east-1:123456789012:bucket/lake",
      "policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "123456789012"},
                 "Action": ["s3tables:GetTable", "s3tables:ListTables"], "Resource": "*"}}})");
  EXPECT_FALSE(ObserveOne(*bulk_, kPolicy, kLakeArn, manifest).exists);
  auto created = bulk_->create(CreateRequest{Address{kPolicy, "lake"}, manifest});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  for (Provider* p : Both()) {
    Observation o = ObserveOne(*p, kPolicy, kLakeArn, manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schemas_[kPolicy], manifest, o.attributes)) << o.attributes.dump();
  }
  // Out of band: a narrower policy.
  auto oob = Raw(
      "PUT", "/buckets/" + aws::UriEncode(kLakeArn) + "/policy",
      {{"resourcePolicy",
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3tables:GetTable","Resource":"*"}]})"}});
  ASSERT_EQ(oob.status, 200) << oob.body;
  Observation drifted = ObserveOne(*bulk_, kPolicy, kLakeArn, manifest);
  EXPECT_EQ(Drift(schemas_[kPolicy], manifest, drifted.attributes),
            (std::vector<std::string>{"policy"}));
  ASSERT_TRUE(bulk_
                  ->update(UpdateRequest{
                      Address{kPolicy, "lake"}, kLakeArn, drifted.attributes, manifest, {"policy"}})
                  .ok());
  EXPECT_TRUE(NoDrift(schemas_[kPolicy], manifest,
                      ObserveOne(*bulk_, kPolicy, kLakeArn, manifest).attributes));
  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kPolicy, "lake"}, kLakeArn, manifest}).ok());
  EXPECT_FALSE(ObserveOne(*per_resource_, kPolicy, kLakeArn, manifest).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kPolicy, "lake"}, kLakeArn, manifest}).ok());
}

TEST_F(S3TablesKindsTest, ListsForImport) {
  MakeLake();
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kTable, "orders"}, Orders()}).ok());
  auto buckets = bulk_->list(ListRequest{kBucket});
  ASSERT_TRUE(buckets.ok()) << buckets.status().ToString();
  ASSERT_EQ(buckets->size(), 1u);
  EXPECT_EQ((*buckets)[0].attributes["name"], "lake");
  auto tables = bulk_->list(ListRequest{kTable});
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_EQ((*tables)[0].attributes["name"], "orders");
  auto spaces = bulk_->list(ListRequest{kNamespace, {{"table_bucket_arn", kLakeArn}}});
  ASSERT_TRUE(spaces.ok());
  EXPECT_EQ(spaces->size(), 1u);
}

TEST_F(S3TablesKindsTest, ValueChecks) {
  auto check = [&](const char* kind, const char* attr, const Value& v) {
    return CheckAttribute(kind, *schemas_[kind].Find(attr), v);
  };
  EXPECT_EQ(check(kBucket, "name", "lake-1"), "");
  for (const char* bad : {"Lake", "la", "lake_1", "-lake", "xn--lake", "lake--table-s3"}) {
    EXPECT_NE(check(kBucket, "name", bad), "") << bad;
  }
  EXPECT_NE(check(kBucket, "sse_algorithm", "DES"), "");
  EXPECT_EQ(check(kNamespace, "namespace", "sales_eu"), "");
  for (const char* bad : {"Sales", "sales-eu", "_sales", "aws_data"}) {
    EXPECT_NE(check(kNamespace, "namespace", bad), "") << bad;
  }
  EXPECT_NE(check(kTable, "name", "Orders"), "");
  EXPECT_NE(check(kTable, "format", "DELTA"), "");
  EXPECT_NE(check(kTable, "table_bucket_arn", "arn:aws:s3:::lake"), "");
  EXPECT_EQ(check(kTable, "table_bucket_arn", kLakeArn), "");
}

}  // namespace
}  // namespace causeway::testing
