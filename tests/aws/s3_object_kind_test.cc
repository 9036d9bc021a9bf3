// aws.s3.object through AwsProvider against the in-process sandbox: an object from a local file
// and one from inline text are created and read back without drift, bulk and per-resource; bytes
// changed out of band, and a local file edited after the apply, show as a change of `source`
// (the ETag no longer matches the file's MD5) and are fixed by update; source and content
// together are refused; delete, and delete of a missing object; in a versioned bucket delete
// removes every version of the key (and only that key) so the bucket can be deleted; an
// unreadable source is refused at validate.
#include <gtest/gtest.h>

#include "providers/aws/aws_provider.h"
#include "sandbox/aws/s3/s3_service.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {
namespace {

constexpr char kObject[] = "aws.s3.object";

class S3ObjectKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    ASSERT_EQ(client_->Send("s3", "PUT", "/scripts", "", {}, "").status, 200);
    bulk_ = NewSandboxAwsProvider(&fixture_);
    per_resource_ = NewSandboxAwsProvider(&fixture_, {{"refresh_mode", "per-resource"}});
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) {
      if (s.kind == kObject) schema_ = s;
    }
    ASSERT_EQ(schema_.kind, kObject);
  }
  Value FromFile() const {
    return Value{{"bucket", "scripts"},
                 {"key", "jobs/csv_to_iceberg.py"},
                 {"source", dir_.File("csv_to_iceberg.py")},
                 {"content_type", "text/x-python"}};
  }
  std::string Body(const std::string& key) {
    return client_->Send("s3", "GET", "/scripts/" + key, "", {}, "").body;
  }

  TempDir dir_;
  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  KindSchema schema_;
};

TEST_F(S3ObjectKindTest, FromALocalFileWithDriftAndLocalEdits) {
  dir_.Write("csv_to_iceberg.py", "print('v1')\n");
  auto created = bulk_->create(CreateRequest{Address{kObject, "script"}, FromFile()});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "scripts/jobs/csv_to_iceberg.py");
  EXPECT_EQ(created->outputs["uri"], "s3://scripts/jobs/csv_to_iceberg.py");
  EXPECT_EQ(Body("jobs/csv_to_iceberg.py"), "print('v1')\n");
  for (Provider* p :
       {static_cast<Provider*>(bulk_.get()), static_cast<Provider*>(per_resource_.get())}) {
    Observation o = ObserveOne(*p, kObject, created->id, FromFile());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schema_, FromFile(), o.attributes)) << o.attributes.dump();
    EXPECT_EQ(o.outputs["etag"], created->outputs["etag"]);
  }

  // Out of band: someone uploads other bytes.
  ASSERT_EQ(client_
                ->Send("s3", "PUT", "/scripts/jobs/csv_to_iceberg.py", "",
                       {{"content-type", "text/x-python"}}, "print('hacked')\n")
                .status,
            200);
  Observation drifted = ObserveOne(*bulk_, kObject, created->id, FromFile());
  EXPECT_EQ(Drift(schema_, FromFile(), drifted.attributes), (std::vector<std::string>{"source"}));
  ASSERT_TRUE(
      bulk_
          ->update(UpdateRequest{
              Address{kObject, "script"}, created->id, drifted.attributes, FromFile(), {"source"}})
          .ok());
  EXPECT_EQ(Body("jobs/csv_to_iceberg.py"), "print('v1')\n");
  EXPECT_TRUE(NoDrift(schema_, FromFile(),
                      ObserveOne(*bulk_, kObject, created->id, FromFile()).attributes));

  // The local file is edited: the next plan updates the object.
  dir_.Write("csv_to_iceberg.py", "print('v2')\n");
  Observation edited = ObserveOne(*per_resource_, kObject, created->id, FromFile());
  EXPECT_EQ(Drift(schema_, FromFile(), edited.attributes), (std::vector<std::string>{"source"}));

  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kObject, "script"}, created->id, FromFile()}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kObject, created->id, FromFile()).exists);
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kObject, "script"}, created->id, FromFile()}).ok());
}

TEST_F(S3ObjectKindTest, DeleteInAVersionedBucketLeavesNothingOfTheKey) {
  const std::string enabled =
      "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
  ASSERT_EQ(client_
                ->Send("s3", "PUT", "/scripts", "versioning",
                       {{"content-md5", sandbox::S3ContentMd5(enabled)}}, enabled)
                .status,
            200);
  dir_.Write("csv_to_iceberg.py", "print('v1')\n");
  auto created = bulk_->create(CreateRequest{Address{kObject, "script"}, FromFile()});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  dir_.Write("csv_to_iceberg.py", "print('v2')\n");
  ASSERT_TRUE(bulk_
                  ->update(UpdateRequest{
                      Address{kObject, "script"}, created->id, FromFile(), FromFile(), {"source"}})
                  .ok());
  // Another key sharing the prefix, with a version of its own: it must survive.
  ASSERT_EQ(client_->Send("s3", "PUT", "/scripts/jobs/csv_to_iceberg.py.bak", "", {}, "b").status,
            200);
  auto versions = [&] {
    return XmlTexts(client_->Send("s3", "GET", "/scripts", "versions", {}, "").body, "Key");
  };
  ASSERT_EQ(versions().size(), 3u);

  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kObject, "script"}, created->id, FromFile()}).ok());
  EXPECT_EQ(versions(), std::vector<std::string>{"jobs/csv_to_iceberg.py.bak"});
  EXPECT_FALSE(ObserveOne(*bulk_, kObject, created->id, FromFile()).exists);
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kObject, "script"}, created->id, FromFile()}).ok());
  ASSERT_EQ(client_
                ->Send("s3", "DELETE", "/scripts/jobs/csv_to_iceberg.py.bak",
                       "versionId=" +
                           XmlText(client_->Send("s3", "GET", "/scripts", "versions", {}, "").body,
                                   "VersionId"),
                       {}, "")
                .status,
            204);
  EXPECT_EQ(client_->Send("s3", "DELETE", "/scripts", "", {}, "").status, 204);
}

TEST_F(S3ObjectKindTest, InlineContentAndRefusals) {
  Value inline_text = {{"bucket", "scripts"}, {"key", "conf/app.json"}, {"content", "{\"a\":1}"}};
  auto created = bulk_->create(CreateRequest{Address{kObject, "conf"}, inline_text});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(Body("conf/app.json"), "{\"a\":1}");
  EXPECT_TRUE(NoDrift(schema_, inline_text,
                      ObserveOne(*bulk_, kObject, created->id, inline_text).attributes));

  Value both = inline_text;
  both["source"] = dir_.Write("x.json", "{}");
  auto refused = bulk_->create(CreateRequest{Address{kObject, "conf"}, both});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not both"), std::string::npos)
      << refused.status().message();

  EXPECT_NE(CheckAttribute(kObject, *schema_.Find("source"), Value(dir_.File("missing.py"))), "");
  EXPECT_EQ(CheckAttribute(kObject, *schema_.Find("source"), Value(dir_.Write("ok.py", "1"))), "");
}

}  // namespace
}  // namespace causeway::testing
