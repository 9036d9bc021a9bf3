// The S3 Tables emulator over HTTP (REST-JSON, ARNs as percent-encoded path labels): table
// buckets with encryption, maintenance and policy; namespaces; Iceberg tables with their
// warehouse location, metadata location and version token (a stale token is a 409
// ConflictException); pagination with continuationToken; name rules; not-empty deletes; state
// surviving a restart.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kBucketArn[] = "arn:aws:s3tables:us-east-1:123456789012:bucket/lake";

// RFC 3986 encoding of one path label, as the SDKs encode {tableBucketARN}.
std::string Label(const std::string& s) { return aws::UriEncode(s); }

class S3TablesServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& method, const std::string& path, const Value& body = Value(),
                    const std::string& query = "") {
    return client_->Send("s3tables", method, path, query, {{"content-type", "application/json"}},
                         body.is_null() ? "" : body.dump());
  }
  Value Must(const std::string& method, const std::string& path, const Value& body = Value(),
             const std::string& query = "") {
    auto r = Call(method, path, body, query);
    EXPECT_TRUE(r.status == 200 || r.status == 204) << method << " " << path << ": " << r.body;
    return r.Json();
  }
  // The error type of a failed call with its expected HTTP status (the body carries it too).
  std::string ErrorOf(SandboxReply r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Json().value("__type", std::string()), r.headers["x-amzn-errortype"]);
    return r.headers["x-amzn-errortype"];
  }
  static std::string Bucket(const std::string& arn = kBucketArn) {
    return "/buckets/" + Label(arn);
  }
  static std::string Tables(const std::string& ns = "") {
    return "/tables/" + Label(kBucketArn) + (ns.empty() ? "" : "/" + ns);
  }
  void MakeLake() {
    Value r = Must("PUT", "/buckets", {{"name", "lake"}});
    ASSERT_EQ(r["arn"], kBucketArn);
    Must("PUT", "/namespaces/" + Label(kBucketArn), {{"namespace", {"sales"}}});
  }
  static Value Schema() {
    return Value::parse(R"j({"iceberg": {"schema": {"fields": [
        {"name": "id", "type": "long", "required": true},
        {"name": "amount", "type": "decimal(10,2)"}, {"name": "at", "type": "timestamptz"}]}}})j");
  }
  Value MakeTable(const std::string& name) {
    return Must("PUT", Tables("sales"),
                {{"name", name}, {"format", "ICEBERG"}, {"metadata", Schema()}});
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(S3TablesServiceTest, TableBucketLifecycleAndSettings) {
  MakeLake();
  Value got = Must("GET", Bucket());
  EXPECT_EQ(got["name"], "lake");
  EXPECT_EQ(got["ownerAccountId"], "123456789012");
  EXPECT_TRUE(got["createdAt"].is_string());
  // An ARN sent with a literal '/' names the same bucket.
  EXPECT_EQ(Must("GET", "/buckets/" + Label("arn:aws:s3tables:us-east-1:123456789012:bucket") +
                            "/lake")["name"],
            "lake");
  EXPECT_EQ(ErrorOf(Call("PUT", "/buckets", {{"name", "lake"}}), 409), "ConflictException");
  EXPECT_EQ(Must("GET", Bucket() + "/encryption")["encryptionConfiguration"]["sseAlgorithm"],
            "AES256");
  EXPECT_EQ(ErrorOf(Call("PUT", Bucket() + "/encryption",
                         {{"encryptionConfiguration", {{"sseAlgorithm", "aws:kms"}}}}),
                    400),
            "BadRequestException");
  Must(
      "PUT", Bucket() + "/encryption",
      {{"encryptionConfiguration",
        {{"sseAlgorithm", "aws:kms"}, {"kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/k"}}}});
  EXPECT_EQ(Must("GET", Bucket() + "/encryption")["encryptionConfiguration"]["kmsKeyArn"],
            "arn:aws:kms:us-east-1:123456789012:key/k");
  Must("DELETE", Bucket() + "/encryption");
  EXPECT_EQ(Must("GET", Bucket() + "/encryption")["encryptionConfiguration"],
            Value({{"sseAlgorithm", "AES256"}}));

  Value m = Must("GET", Bucket() + "/maintenance");
  EXPECT_EQ(m["configuration"]["icebergUnreferencedFileRemoval"]["status"], "enabled");
  Must("PUT", Bucket() + "/maintenance/icebergUnreferencedFileRemoval",
       {{"value",
         {{"status", "enabled"},
          {"settings",
           {{"icebergUnreferencedFileRemoval",
             {{"unreferencedDays", 5}, {"nonCurrentDays", 7}}}}}}}});
  m = Must("GET", Bucket() + "/maintenance");
  EXPECT_EQ(m["configuration"]["icebergUnreferencedFileRemoval"]["settings"]
             ["icebergUnreferencedFileRemoval"]["unreferencedDays"],
            5);
  EXPECT_EQ(
      ErrorOf(Call("PUT", Bucket() + "/maintenance/compaction", {{"value", Value::object()}}), 400),
      "BadRequestException");

  EXPECT_EQ(ErrorOf(Call("GET", Bucket() + "/policy"), 404), "NotFoundException");
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3tables:GetTable","Resource":"*"}]})";
  EXPECT_EQ(ErrorOf(Call("PUT", Bucket() + "/policy", {{"resourcePolicy", "{not json"}}), 400),
            "BadRequestException");
  Must("PUT", Bucket() + "/policy", {{"resourcePolicy", policy}});
  EXPECT_EQ(Must("GET", Bucket() + "/policy")["resourcePolicy"], policy);
  Must("DELETE", Bucket() + "/policy");
  EXPECT_EQ(ErrorOf(Call("GET", Bucket() + "/policy"), 404), "NotFoundException");

  // Not empty while it holds a namespace.
  EXPECT_EQ(ErrorOf(Call("DELETE", Bucket()), 409), "ConflictException");
  auto gone = Call("DELETE", "/namespaces/" + Label(kBucketArn) + "/sales");
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(Call("DELETE", Bucket()).status, 204);
  EXPECT_EQ(ErrorOf(Call("GET", Bucket()), 404), "NotFoundException");
  EXPECT_EQ(ErrorOf(Call("GET", Bucket("arn:aws:s3tables:us-east-1:123:bucket/x")), 400),
            "BadRequestException");
}

TEST_F(S3TablesServiceTest, NameRules) {
  for (const char* bad : {"ab", "Lake", "lake_", "-lake", "lake-", "xn--lake", "lake--table-s3"}) {
    EXPECT_EQ(ErrorOf(Call("PUT", "/buckets", {{"name", bad}}), 400), "BadRequestException") << bad;
  }
  MakeLake();
  for (const char* bad : {"Sales", "sales-eu", "_sales", "awsdata", ""}) {
    EXPECT_EQ(ErrorOf(Call("PUT", "/namespaces/" + Label(kBucketArn), {{"namespace", {bad}}}), 400),
              "BadRequestException")
        << bad;
  }
  EXPECT_EQ(ErrorOf(Call("PUT", Tables("sales"), {{"name", "Orders"}, {"format", "ICEBERG"}}), 400),
            "BadRequestException");
  EXPECT_EQ(ErrorOf(Call("PUT", Tables("sales"), {{"name", "orders"}, {"format", "DELTA"}}), 400),
            "BadRequestException");
  Value bad_type = Schema();
  bad_type["iceberg"]["schema"]["fields"][0]["type"] = "struct<a:int>";
  EXPECT_EQ(ErrorOf(Call("PUT", Tables("sales"),
                         {{"name", "orders"}, {"format", "ICEBERG"}, {"metadata", bad_type}}),
                    400),
            "BadRequestException");
  EXPECT_EQ(
      ErrorOf(Call("PUT", Tables("nowhere"), {{"name", "orders"}, {"format", "ICEBERG"}}), 404),
      "NotFoundException");
}

TEST_F(S3TablesServiceTest, TablesVersionTokensAndMetadataLocation) {
  MakeLake();
  Value created = MakeTable("orders");
  const std::string token = created["versionToken"];
  EXPECT_EQ(created["tableARN"].get<std::string>().rfind(std::string(kBucketArn) + "/table/", 0),
            0u);
  EXPECT_EQ(ErrorOf(Call("PUT", Tables("sales"), {{"name", "orders"}, {"format", "ICEBERG"}}), 409),
            "ConflictException");

  Value t = Must("GET", "/get-table", Value(),
                 "tableBucketARN=" + Label(kBucketArn) + "&namespace=sales&name=orders");
  EXPECT_EQ(t["versionToken"], token);
  EXPECT_EQ(t["format"], "ICEBERG");
  EXPECT_EQ(t["namespace"], Value({"sales"}));
  const std::string warehouse = t["warehouseLocation"];
  EXPECT_EQ(warehouse.rfind("s3://", 0), 0u);
  EXPECT_NE(warehouse.find("--table-s3"), std::string::npos);
  EXPECT_EQ(t["metadataLocation"].get<std::string>().rfind(warehouse + "/metadata/", 0), 0u);
  EXPECT_EQ(Must("GET", "/get-table", Value(), "tableArn=" + Label(t["tableARN"]))["name"],
            "orders");
  EXPECT_EQ(ErrorOf(Call("GET", "/get-table", Value(),
                         "tableBucketARN=" + Label(kBucketArn) + "&namespace=sales&name=nope"),
                    404),
            "NotFoundException");

  const std::string loc_path = Tables("sales") + "/orders/metadata-location";
  Value loc = Must("GET", loc_path);
  EXPECT_EQ(loc["versionToken"], token);
  const std::string next = warehouse + "/metadata/00001-x.metadata.json";
  Value updated = Must("PUT", loc_path, {{"versionToken", token}, {"metadataLocation", next}});
  EXPECT_NE(updated["versionToken"], token);
  EXPECT_EQ(updated["metadataLocation"], next);
  // The old token is stale now: compare-and-swap fails, for updates and deletes alike.
  EXPECT_EQ(
      ErrorOf(Call("PUT", loc_path, {{"versionToken", token}, {"metadataLocation", next}}), 409),
      "ConflictException");
  EXPECT_EQ(
      ErrorOf(Call("DELETE", Tables("sales") + "/orders", Value(), "versionToken=" + token), 409),
      "ConflictException");
  EXPECT_EQ(Must("GET", loc_path)["metadataLocation"], next);
  EXPECT_EQ(ErrorOf(Call("DELETE", "/namespaces/" + Label(kBucketArn) + "/sales"), 409),
            "ConflictException");
  auto deleted = Call("DELETE", Tables("sales") + "/orders", Value(),
                      "versionToken=" + updated["versionToken"].get<std::string>());
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(ErrorOf(Call("GET", loc_path), 404), "NotFoundException");
  EXPECT_EQ(ErrorOf(Call("DELETE", Tables("sales") + "/orders"), 404), "NotFoundException");
}

TEST_F(S3TablesServiceTest, ListsPaginateWithContinuationTokens) {
  MakeLake();
  for (const char* n : {"b", "c"}) {
    Must("PUT", "/namespaces/" + Label(kBucketArn), {{"namespace", {n}}});
  }
  for (int i = 0; i < 5; ++i) MakeTable("t" + std::to_string(i));
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    std::string q = "maxTables=2" + (token.empty() ? "" : "&continuationToken=" + Label(token));
    Value page = Must("GET", Tables(), Value(), q);
    EXPECT_LE(page["tables"].size(), 2u);
    for (const auto& t : page["tables"]) seen.insert(t["name"].get<std::string>());
    token = page.value("continuationToken", std::string());
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(Must("GET", Tables(), Value(), "namespace=b")["tables"].size(), 0u);
  EXPECT_EQ(Must("GET", Tables(), Value(), "prefix=t3")["tables"].size(), 1u);

  Value ns = Must("GET", "/namespaces/" + Label(kBucketArn), Value(), "maxNamespaces=2");
  ASSERT_EQ(ns["namespaces"].size(), 2u);
  EXPECT_EQ(ns["namespaces"][0]["namespace"], Value({"b"}));
  Value rest = Must("GET", "/namespaces/" + Label(kBucketArn), Value(),
                    "maxNamespaces=2&continuationToken=" + Label(ns["continuationToken"]));
  ASSERT_EQ(rest["namespaces"].size(), 1u);
  EXPECT_EQ(rest["namespaces"][0]["namespace"], Value({"sales"}));
  EXPECT_FALSE(rest.contains("continuationToken"));

  Must("PUT", "/buckets", {{"name", "other"}});
  Value buckets = Must("GET", "/buckets", Value(), "maxBuckets=1");
  ASSERT_EQ(buckets["tableBuckets"].size(), 1u);
  EXPECT_EQ(buckets["tableBuckets"][0]["name"], "lake");
  EXPECT_TRUE(buckets.contains("continuationToken"));
  EXPECT_EQ(ErrorOf(Call("GET", "/buckets", Value(), "maxBuckets=0"), 400), "BadRequestException");
  EXPECT_EQ(ErrorOf(Call("GET", "/buckets", Value(), "continuationToken=bogus"), 400),
            "BadRequestException");
}

TEST_F(S3TablesServiceTest, StateSurvivesRestart) {
  MakeLake();
  MakeTable("orders");
  Value before = client_->Raw("GET", "/_sandbox/dump?service=s3tables").Json();
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(client_->Raw("GET", "/_sandbox/dump?service=s3tables").Json(), before);
  Value t = Must("GET", "/get-table", Value(),
                 "tableBucketARN=" + Label(kBucketArn) + "&namespace=sales&name=orders");
  EXPECT_EQ(t["name"], "orders");
  // Ids keep advancing after the restart: a new table gets a new ARN.
  EXPECT_NE(MakeTable("more")["tableARN"], t["tableARN"]);
}

// What docs/KINDS.md says of Lake Formation on S3 Tables: the Lake Formation emulator checks a
// table grant against the default Glue catalog only, so a grant in s3tablescatalog on a table
// that exists in the table bucket is refused.
TEST_F(S3TablesServiceTest, LakeFormationEmulatorCannotGrantInS3TablesCatalog) {
  MakeLake();
  MakeTable("orders");
  Value grant = {
      {"Principal", {{"DataLakePrincipalIdentifier", "arn:aws:iam::123456789012:role/analyst"}}},
      {"Resource",
       {{"Table",
         {{"CatalogId", "123456789012:s3tablescatalog/lake"},
          {"DatabaseName", "sales"},
          {"Name", "orders"}}}}},
      {"Permissions", {"SELECT"}}};
  auto r = client_->Send("lakeformation", "POST", "/GrantPermissions", "",
                         {{"content-type", "application/json"}}, grant.dump());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.headers["x-amzn-errortype"], "EntityNotFoundException") << r.body;
}

}  // namespace
}  // namespace causeway::testing
