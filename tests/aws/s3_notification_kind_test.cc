// aws.s3.bucket_notification through AwsProvider against the in-process sandbox: create puts the
// whole configuration and observe reads back exactly the manifest (ids derived from content when
// the manifest gives none, so a re-plan has no diff), bulk and per-resource; a filter changed out
// of band and an extra configuration are drift, fixed by update; delete empties the
// configuration; a Lambda destination S3 cannot validate is a clear error; schema checks.
#include <gtest/gtest.h>

#include "providers/aws/aws_provider.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kKind[] = "aws.s3.bucket_notification";
constexpr char kQueue[] = "arn:aws:sqs:us-east-1:999999999999:sf-snowpipe-queue";

class S3NotificationKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    ASSERT_EQ(client_->Send("s3", "PUT", "/landing", "", {}, "").status, 200);
    bulk_ = NewSandboxAwsProvider(&fixture_);
    per_resource_ = NewSandboxAwsProvider(&fixture_, {{"refresh_mode", "per-resource"}});
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) {
      if (s.kind == kKind) schema_ = s;
    }
    ASSERT_EQ(schema_.kind, kKind);
  }

  static Value Manifest() {
    return Value::parse(R"({"bucket": "landing", "queues": [
        {"queue_arn": ")" +
                        std::string(kQueue) + R"(", "events": ["s3:ObjectCreated:*"],
         "filter_prefix": "trips/", "filter_suffix": ".parquet"},
        {"id": "removed", "queue_arn": ")" +
                        std::string(kQueue) + R"(",
         "events": ["s3:ObjectRemoved:*"], "filter_prefix": "trips/"}]})");
  }
  std::string GetXml() {
    return client_->Send("s3", "GET", "/landing", "notification", {}, "").body;
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  KindSchema schema_;
};

TEST_F(S3NotificationKindTest, CreateObserveUpdateDelete) {
  Observation before = ObserveOne(*bulk_, kKind, "", Manifest());
  EXPECT_FALSE(before.exists) << "a bucket without notifications has no configuration";

  auto created = bulk_->create(CreateRequest{Address{kKind, "landing"}, Manifest()});
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->id, "landing");
  EXPECT_EQ(XmlTexts(GetXml(), "Queue").size(), 2u);

  for (Provider* p :
       {static_cast<Provider*>(bulk_.get()), static_cast<Provider*>(per_resource_.get())}) {
    Observation o = ObserveOne(*p, kKind, "landing", Manifest());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schema_, Manifest(), o.attributes)) << o.attributes.dump();
  }

  // Out of band: the prefix of the generated-id configuration changes, and a third is added.
  std::string xml = GetXml();
  std::vector<std::string> ids = XmlTexts(xml, "Id");
  ASSERT_EQ(ids.size(), 2u);
  const std::string changed =
      "<NotificationConfiguration><QueueConfiguration><Id>" + ids[0] + "</Id><Queue>" + kQueue +
      "</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name>"
      "<Value>other/</Value></FilterRule></S3Key></Filter></QueueConfiguration>"
      "<EventBridgeConfiguration/></NotificationConfiguration>";
  ASSERT_EQ(client_->Send("s3", "PUT", "/landing", "notification", {}, changed).status, 200);
  Observation drifted = ObserveOne(*bulk_, kKind, "landing", Manifest());
  ASSERT_TRUE(drifted.exists);
  EXPECT_EQ(Drift(schema_, Manifest(), drifted.attributes),
            (std::vector<std::string>{"eventbridge", "queues"}));

  auto updated = bulk_->update(UpdateRequest{Address{kKind, "landing"},
                                             "landing",
                                             drifted.attributes,
                                             Manifest(),
                                             {"eventbridge", "queues"}});
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  Observation fixed = ObserveOne(*bulk_, kKind, "landing", Manifest());
  EXPECT_TRUE(NoDrift(schema_, Manifest(), fixed.attributes)) << fixed.attributes.dump();

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kKind, "landing"}, "landing", Manifest()}).ok());
  EXPECT_TRUE(XmlTexts(GetXml(), "Queue").empty());
  EXPECT_FALSE(ObserveOne(*bulk_, kKind, "landing", Manifest()).exists);
  // Deleting again, or for a bucket that is gone, succeeds.
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kKind, "landing"}, "ghost-bucket", Manifest()}).ok());
}

TEST_F(S3NotificationKindTest, UnvalidatedLambdaIsAClearError) {
  Value m = {{"bucket", "landing"},
             {"lambda_functions",
              {{{"lambda_function_arn", "arn:aws:lambda:us-east-1:123456789012:function:ingest"},
                {"events", {"s3:ObjectCreated:*"}}}}}};
  auto created = bulk_->create(CreateRequest{Address{kKind, "landing"}, m});
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.status().message().find("allow s3.amazonaws.com to invoke it"),
            std::string::npos)
      << created.status().message();
}

TEST_F(S3NotificationKindTest, SchemaRequiresArnAndEvents) {
  const AttributeSchema* queues = schema_.Find("queues");
  ASSERT_NE(queues, nullptr);
  std::vector<std::string> required;
  for (const auto& f : queues->fields) {
    if (f.required) required.push_back(f.name);
  }
  EXPECT_EQ(required, (std::vector<std::string>{"queue_arn", "events"}));
  EXPECT_EQ(schema_.natural_key, (std::vector<std::string>{"bucket"}));
}

}  // namespace
}  // namespace causeway::testing
