// aws.s3.bucket driven through AwsProvider exactly as the engine drives it, against the
// in-process sandbox: create -> observe returns the manifest's attributes (bulk and
// per-resource) -> update only what changed -> delete with and without force_destroy; drift made
// out of band by direct S3 requests; natural-key lookup with an empty id; adoption on create;
// delete of a missing bucket; bulk observe request counts; list for import; regions.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "providers/aws/aws_provider.h"
#include "sandbox/aws/s3/s3_service.h"
#include "tests/support/drift.h"
#include "tests/support/rewriting_http_client.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kBucket[] = "aws.s3.bucket";

Value ReadPolicy(const std::string& bucket) {
  return Value::parse(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",)"
                      R"("Principal":{"AWS":"arn:aws:iam::123456789012:role/reader"},)"
                      R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
                      bucket + R"(/*"}})");
}

class S3KindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    bulk_ = NewProvider("bulk");
    per_resource_ = NewProvider("per-resource");
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) {
      if (s.kind == kBucket) schema_ = s;
    }
    ASSERT_EQ(schema_.kind, kBucket);
  }

  // A bulk provider whose requests go through `http`.
  std::unique_ptr<aws::AwsProvider> ProviderOver(HttpClient* http) {
    aws::AwsProviderOptions options;
    options.http = http;
    options.sandbox = [this]() -> Result<aws::SandboxEndpoint> {
      aws::Credentials c = SandboxFixture::DefaultCredentials();
      return aws::SandboxEndpoint{fixture_.endpoint(), c.access_key_id, c.secret_access_key};
    };
    auto p = std::make_unique<aws::AwsProvider>(options);
    Status s = p->configure({{"endpoint", "sandbox"}, {"region", "us-east-1"}});
    EXPECT_TRUE(s.ok()) << s.ToString();
    return p;
  }

  std::unique_ptr<aws::AwsProvider> NewProvider(const std::string& mode,
                                                const std::string& region = "us-east-1") {
    return NewSandboxAwsProvider(&fixture_, {{"refresh_mode", mode}, {"region", region}});
  }

  Observation Observe(Provider& p, const std::string& id, const Value& attrs) {
    return ObserveOne(p, kBucket, id, attrs);
  }

  // Attributes a plan would show as changed (the engine's own diff).
  std::vector<std::string> Drift(const Value& manifest, const Value& live) {
    return ::causeway::testing::Drift(schema_, manifest, live);
  }

  Result<ResourceResult> Create(const Value& attrs) {
    return bulk_->create(CreateRequest{Address{kBucket, "b"}, attrs});
  }
  SandboxReply S3(const std::string& method, const std::string& path, const std::string& query,
                  const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!body.empty()) headers.emplace_back("content-md5", sandbox::S3ContentMd5(body));
    return client_->Send("s3", method, path, query, headers, body);
  }
  Value Ops() { return client_->Raw("GET", "/_sandbox/counts").Json()["by_operation"]; }
  int Mutating() { return client_->Raw("GET", "/_sandbox/counts").Json()["mutating"].get<int>(); }
  void ResetCounts() { client_->Raw("POST", "/_sandbox/counts/reset"); }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  KindSchema schema_;
};

TEST_F(S3KindsTest, SchemaDeclaresTheContract) {
  EXPECT_TRUE(schema_.holds_data);
  EXPECT_TRUE(schema_.Find("bucket")->required && schema_.Find("bucket")->force_new);
  EXPECT_EQ(*schema_.Find("versioning")->default_value, false);
  EXPECT_EQ(*schema_.Find("tags")->default_value, Value::object());
  EXPECT_EQ(*schema_.Find("force_destroy")->default_value, false);
  EXPECT_EQ(schema_.Find("policy")->type, AttrType::kObject);
  EXPECT_TRUE(schema_.Find("policy")->normalize);
  EXPECT_TRUE(schema_.Find("arn")->computed && schema_.Find("region")->computed);
}

TEST_F(S3KindsTest, CreateObserveUpdateDelete) {
  Value manifest = {{"bucket", "lake-raw"},
                    {"policy", ReadPolicy("lake-raw")},
                    {"versioning", true},
                    {"tags", {{"team", "data"}}}};
  ResetCounts();
  auto created = Create(manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "lake-raw");
  EXPECT_EQ(created->outputs, Value({{"arn", "arn:aws:s3:::lake-raw"}, {"region", "us-east-1"}}));
  Value ops = Ops();
  for (const char* op :
       {"s3:CreateBucket", "s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutBucketTagging"}) {
    EXPECT_EQ(ops.value(op, 0), 1) << op << " " << ops.dump();
  }

  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    ResetCounts();
    Observation o = Observe(*p, "lake-raw", manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_EQ(o.id, "lake-raw");
    EXPECT_TRUE(Drift(manifest, o.attributes).empty()) << o.attributes.dump();
    EXPECT_EQ(o.attributes["versioning"], true);
    EXPECT_EQ(o.outputs, created->outputs);
    EXPECT_EQ(Mutating(), 0) << "observe never mutates";
  }

  // Update: tags and versioning change; the policy is left alone.
  Value changed = manifest;
  changed["versioning"] = false;
  changed["tags"] = {{"team", "data"}, {"env", "prod"}};
  Observation before = Observe(*bulk_, "lake-raw", manifest);
  std::vector<std::string> names = Drift(changed, before.attributes);
  ASSERT_EQ(names, (std::vector<std::string>{"tags", "versioning"}));
  ResetCounts();
  auto updated = bulk_->update(
      UpdateRequest{Address{kBucket, "b"}, "lake-raw", before.attributes, changed, names});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  ops = Ops();
  EXPECT_EQ(ops.value("s3:PutBucketTagging", 0), 1);
  EXPECT_EQ(ops.value("s3:PutBucketVersioning", 0), 1);
  EXPECT_FALSE(ops.contains("s3:PutBucketPolicy"));
  EXPECT_EQ(Mutating(), 2);
  EXPECT_EQ(XmlText(S3("GET", "/lake-raw", "versioning").body, "Status"), "Suspended");
  Observation after = Observe(*per_resource_, "lake-raw", changed);
  EXPECT_TRUE(Drift(changed, after.attributes).empty()) << after.attributes.dump();

  // Removing the policy and the tags from the manifest deletes them.
  Value bare = {{"bucket", "lake-raw"}};
  names = Drift(bare, after.attributes);
  ASSERT_EQ(names, (std::vector<std::string>{"policy", "tags"}));
  ASSERT_TRUE(
      bulk_->update(UpdateRequest{Address{kBucket, "b"}, "lake-raw", after.attributes, bare, names})
          .ok());
  EXPECT_EQ(XmlText(S3("GET", "/lake-raw", "policy").body, "Code"), "NoSuchBucketPolicy");
  EXPECT_EQ(XmlText(S3("GET", "/lake-raw", "tagging").body, "Code"), "NoSuchTagSet");
  EXPECT_TRUE(Drift(bare, Observe(*bulk_, "lake-raw", bare).attributes).empty());

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kBucket, "b"}, "lake-raw", bare}).ok());
  EXPECT_FALSE(Observe(*bulk_, "lake-raw", bare).exists);
  EXPECT_FALSE(Observe(*per_resource_, "lake-raw", bare).exists);
  // Deleting what is gone succeeds.
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kBucket, "b"}, "lake-raw", bare}).ok());
}

TEST_F(S3KindsTest, MinimalBucketNeedsOneCall) {
  Value manifest = {{"bucket", "scratch"}};
  ResetCounts();
  ASSERT_TRUE(Create(manifest).ok());
  EXPECT_EQ(Mutating(), 1) << Ops().dump();
  Observation o = Observe(*bulk_, "", manifest);  // natural key: empty id
  ASSERT_TRUE(o.exists);
  EXPECT_EQ(o.id, "scratch");
  EXPECT_TRUE(Drift(manifest, o.attributes).empty()) << o.attributes.dump();
  EXPECT_FALSE(o.attributes.contains("policy"));
  EXPECT_EQ(o.attributes["tags"], Value::object());
}

TEST_F(S3KindsTest, OutOfBandChangesAreDetected) {
  Value manifest = {
      {"bucket", "lake-raw"}, {"policy", ReadPolicy("lake-raw")}, {"tags", {{"team", "data"}}}};
  ASSERT_TRUE(Create(manifest).ok());
  // Someone edits the tags and turns versioning on by hand.
  ASSERT_EQ(S3("PUT", "/lake-raw", "tagging",
               "<Tagging><TagSet><Tag><Key>team</Key><Value>ops</Value></Tag></TagSet></Tagging>")
                .status,
            204);
  ASSERT_EQ(S3("PUT", "/lake-raw", "versioning",
               "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")
                .status,
            200);
  // ... and rewrites the policy in another but equivalent spelling: not drift.
  const std::string same_policy =
      R"({"Statement":[{"Resource":["arn:aws:s3:::lake-raw/*"],"Action":["s3:GetObject"],)"
      R"("Principal":{"AWS":["arn:aws:iam::123456789012:role/reader"]},"Effect":"Allow"}],)"
      R"("Version":"2012-10-17"})";
  ASSERT_EQ(S3("PUT", "/lake-raw", "policy", same_policy).status, 204);
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, "lake-raw", manifest);
    EXPECT_EQ(Drift(manifest, o.attributes), (std::vector<std::string>{"tags", "versioning"}))
        << o.attributes.dump();
    EXPECT_EQ(o.attributes["tags"], Value({{"team", "ops"}}));
  }
  // Apply fixes exactly the drift.
  Observation live = Observe(*bulk_, "lake-raw", manifest);
  ASSERT_TRUE(bulk_
                  ->update(UpdateRequest{Address{kBucket, "b"}, "lake-raw", live.attributes,
                                         manifest, Drift(manifest, live.attributes)})
                  .ok());
  EXPECT_TRUE(Drift(manifest, Observe(*bulk_, "lake-raw", manifest).attributes).empty());

  // A policy removed by hand is drift too.
  ASSERT_EQ(S3("DELETE", "/lake-raw", "policy").status, 204);
  EXPECT_EQ(Drift(manifest, Observe(*bulk_, "lake-raw", manifest).attributes),
            std::vector<std::string>{"policy"});
}

TEST_F(S3KindsTest, CreateAdoptsAnExistingBucketAndAppliesTheManifest) {
  ASSERT_EQ(S3("PUT", "/lake-raw", "").status, 200);
  ASSERT_EQ(S3("PUT", "/lake-raw", "tagging",
               "<Tagging><TagSet><Tag><Key>stray</Key><Value>1</Value></Tag></TagSet></Tagging>")
                .status,
            204);
  Value manifest = {{"bucket", "lake-raw"}, {"versioning", true}};
  auto created = Create(manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "lake-raw");
  Observation o = Observe(*bulk_, "lake-raw", manifest);
  EXPECT_TRUE(Drift(manifest, o.attributes).empty()) << o.attributes.dump();
  EXPECT_EQ(o.attributes["tags"], Value::object());
}

TEST_F(S3KindsTest, DeleteOfANonEmptyBucketNeedsForceDestroy) {
  Value manifest = {{"bucket", "lake-raw"}};
  ASSERT_TRUE(Create(manifest).ok());
  ASSERT_EQ(S3("PUT", "/lake-raw/part-0.csv", "", "").status, 200);
  // 1004 more objects, loaded straight into the emulator (1005 PUTs would rewrite its state
  // file 1005 times).
  sandbox::SandboxService* s3 = fixture_.server()->FindService("s3");
  Value state = s3->Dump();
  Value one = state["buckets"]["lake-raw"]["Objects"]["part-0.csv"];
  for (int i = 1; i < 1005; ++i) {
    state["buckets"]["lake-raw"]["Objects"]["part-" + std::to_string(i) + ".csv"] = one;
  }
  ASSERT_TRUE(s3->Load(state).ok());
  Status refused = bulk_->remove(DeleteRequest{Address{kBucket, "b"}, "lake-raw", manifest});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("BucketNotEmpty"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("force_destroy"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("lake-raw"), std::string::npos) << refused.message();
  EXPECT_TRUE(Observe(*bulk_, "lake-raw", manifest).exists);

  Value forced = manifest;
  forced["force_destroy"] = true;
  // Observe echoes force_destroy (it is not an S3 setting), so the manifest's value never drifts.
  EXPECT_TRUE(Drift(forced, Observe(*bulk_, "lake-raw", forced).attributes).empty());
  ResetCounts();
  Status s = bulk_->remove(DeleteRequest{Address{kBucket, "b"}, "lake-raw", forced});
  ASSERT_TRUE(s.ok()) << s.ToString();
  Value ops = Ops();
  EXPECT_EQ(ops.value("s3:DeleteObjects", 0), 2) << "1005 objects: two batches of <= 1000";
  EXPECT_EQ(ops.value("s3:DeleteBucket", 0), 1);
  EXPECT_FALSE(Observe(*bulk_, "lake-raw", manifest).exists);
}

TEST_F(S3KindsTest, BulkObserveUsesOneListBuckets) {
  const int kBuckets = 20;
  std::vector<ObserveItem> items;
  for (int i = 0; i < kBuckets; ++i) {
    std::string name = "bucket-" + std::to_string(i);
    ASSERT_TRUE(Create({{"bucket", name}, {"tags", {{"n", std::to_string(i)}}}}).ok());
    items.push_back(
        {Address{kBucket, "b" + std::to_string(i)}, i % 2 ? name : "", Value{{"bucket", name}}});
  }
  items.push_back({Address{kBucket, "ghost"}, "", Value{{"bucket", "ghost-bucket"}}});
  ResetCounts();
  auto bulk = bulk_->observe(items);
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  Value ops = Ops();
  EXPECT_EQ(ops.value("s3:ListBuckets", 0), 1);
  EXPECT_EQ(ops.value("s3:GetBucketPolicy", 0), kBuckets);
  EXPECT_EQ(ops.value("s3:GetBucketVersioning", 0), kBuckets);
  EXPECT_EQ(ops.value("s3:GetBucketTagging", 0), kBuckets);
  EXPECT_FALSE(ops.contains("s3:HeadBucket"));
  ASSERT_EQ(bulk->size(), items.size());
  for (int i = 0; i < kBuckets; ++i) {
    EXPECT_TRUE((*bulk)[i].exists);
    EXPECT_EQ((*bulk)[i].address, items[i].address) << "observations keep the order of items";
    EXPECT_EQ((*bulk)[i].attributes["tags"]["n"], std::to_string(i));
  }
  EXPECT_FALSE(bulk->back().exists);

  ResetCounts();
  auto one_by_one = per_resource_->observe(items);
  ASSERT_TRUE(one_by_one.ok());
  ops = Ops();
  EXPECT_EQ(ops.value("s3:HeadBucket", 0), kBuckets + 1);
  EXPECT_FALSE(ops.contains("s3:ListBuckets"));
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*one_by_one)[i].exists, (*bulk)[i].exists);
    EXPECT_EQ((*one_by_one)[i].attributes, (*bulk)[i].attributes);
  }
}

TEST_F(S3KindsTest, ListFindsBucketsByPrefixForImport) {
  for (const char* b : {"lake-raw", "lake-curated", "other"})
    ASSERT_TRUE(Create({{"bucket", b}}).ok());
  struct Case {
    std::string reason;
    Value scope;
    std::vector<std::string> want;
  };
  const std::vector<Case> cases = {
      {"no scope lists every bucket", Value::object(), {"lake-curated", "lake-raw", "other"}},
      {"prefix filters by name", {{"prefix", "lake-"}}, {"lake-curated", "lake-raw"}},
      {"no match", {{"prefix", "zzz"}}, {}},
  };
  for (const auto& c : cases) {
    auto listed = bulk_->list(ListRequest{kBucket, c.scope});
    ASSERT_TRUE(listed.ok()) << c.reason << ": " << listed.status().ToString();
    std::vector<std::string> ids;
    for (const auto& o : *listed) {
      ids.push_back(o.id);
      EXPECT_EQ(o.address.kind, kBucket);
      EXPECT_TRUE(IsValidResourceName(o.address.name)) << o.address.name;
      EXPECT_EQ(o.attributes["bucket"], o.id);
    }
    EXPECT_EQ(ids, c.want) << c.reason;
  }
  auto bad = bulk_->list(ListRequest{kBucket, {{"prefix", 3}}});
  EXPECT_FALSE(bad.ok());
}

TEST_F(S3KindsTest, BucketsLiveInTheProviderRegion) {
  auto eu = NewProvider("bulk", "eu-west-1");
  ASSERT_TRUE(eu);
  auto created = eu->create(CreateRequest{Address{kBucket, "b"}, {{"bucket", "lake-eu"}}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->outputs["region"], "eu-west-1");
  client_->set_region("eu-west-1");
  EXPECT_EQ(XmlText(S3("GET", "/lake-eu", "location").body, "LocationConstraint"), "eu-west-1");
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, "lake-eu", {{"bucket", "lake-eu"}});
    EXPECT_EQ(o.outputs["region"], "eu-west-1");
  }
}

TEST_F(S3KindsTest, ErrorsNameTheBucketAndTheCause) {
  struct Case {
    std::string reason;
    Value manifest;
    std::string want;  // substring of the error
  };
  const std::vector<Case> cases = {
      {"invalid bucket name", {{"bucket", "Bad_Name"}}, "InvalidBucketName"},
      {"policy for another bucket",
       {{"bucket", "lake-raw"}, {"policy", ReadPolicy("elsewhere")}},
       "MalformedPolicy"},
      // Tags that are not strings are refused before the provider is called: the schema's
      // check (AwsValueChecksTest, ApplierTest.ValueFromAReferenceIsChecked...).
  };
  for (const auto& c : cases) {
    auto r = Create(c.manifest);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_NE(r.status().message().find(c.want), std::string::npos)
        << c.reason << ": " << r.status().message();
    EXPECT_NE(r.status().message().find(c.manifest["bucket"].get<std::string>()), std::string::npos)
        << c.reason << ": " << r.status().message();
  }
}

// Replies the sandbox never sends: a malformed one is an error naming the operation and the field
// (never an exception), while XML's own oddities (a one-tag set, an empty value) read as S3 means
// them.
TEST_F(S3KindsTest, RepliesAreReadStrictlyAndNameWhatIsWrong) {
  ASSERT_TRUE(Create({{"bucket", "lake-raw"}}).ok());
  struct Case {
    std::string reason;
    std::string query;  // the sub-resource whose reply is replaced; "" for ListBuckets
    std::string body;
    std::string want;              // substring of the error; "" when the reply is fine
    Value tags = Value::object();  // what a fine reply reads as
  };
  const std::vector<Case> cases = {
      {"a versioning status S3 does not have", "versioning",
       "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>",
       R"(s3 GetBucketVersioning: VersioningConfiguration.Status: expected Enabled or Suspended, got "On")"},
      {"a tag without a key", "tagging",
       "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>",
       "s3 GetBucketTagging: Tagging.TagSet.Tag[0].Key: missing"},
      {"a tag set that is text", "tagging", "<Tagging><TagSet>x</TagSet></Tagging>",
       "s3 GetBucketTagging: Tagging.TagSet: expected an object, got a string"},
      {"a policy that is not JSON", "policy", "<html>",
       "s3 GetBucketPolicy: bucket lake-raw: the policy is not a JSON object"},
      {"a reply that is not XML", "versioning", "{}",
       "s3 GetBucketVersioning: the response is not XML"},
      {"a region that is not one", "",
       "<ListAllMyBucketsResult><Buckets><Bucket><Name>lake-raw</Name>"
       "<BucketRegion>Mars 1</BucketRegion></Bucket></Buckets></ListAllMyBucketsResult>",
       R"(s3 ListBuckets: ListAllMyBucketsResult.Buckets.Bucket[0].BucketRegion: expected a region such as us-east-1, got "Mars 1")"},
      {"one tag with an empty value",
       "tagging",
       "<Tagging><TagSet><Tag><Key>k</Key><Value/></Tag></TagSet></Tagging>",
       "",
       {{"k", ""}}},
      {"no tag set at all", "tagging", "<Tagging/>", "", Value::object()},
  };
  auto curl = NewCurlHttpClient();
  for (const auto& c : cases) {
    RewritingHttpClient http(curl.get(), [&](const HttpRequest& r, const HttpResponse&) {
      bool hit = r.method == "GET" &&
                 (c.query.empty() ? r.url.back() == '/' : r.url.ends_with("?" + c.query));
      return hit ? std::optional<std::string>(c.body) : std::nullopt;
    });
    auto p = ProviderOver(&http);
    ASSERT_TRUE(p);
    auto observed = p->observe({{Address{kBucket, "b"}, "lake-raw", {{"bucket", "lake-raw"}}}});
    if (c.want.empty()) {
      ASSERT_TRUE(observed.ok()) << c.reason << ": " << observed.status().ToString();
      EXPECT_EQ((*observed)[0].attributes["tags"], c.tags) << c.reason;
      continue;
    }
    ASSERT_FALSE(observed.ok()) << c.reason;
    EXPECT_EQ(observed.status().code(), StatusCode::kProviderError) << c.reason;
    EXPECT_NE(observed.status().message().find(c.want), std::string::npos)
        << c.reason << ": " << observed.status().message();
    if (!c.query.empty()) {
      EXPECT_NE(observed.status().message().find("aws.s3.bucket lake-raw"), std::string::npos)
          << c.reason << ": " << observed.status().message();
    }
  }
}

}  // namespace
}  // namespace causeway::testing
