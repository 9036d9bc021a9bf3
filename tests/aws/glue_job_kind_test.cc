// aws.glue.job through AwsProvider against the in-process sandbox: create (with a role Glue can
// assume) and observe read back exactly the manifest, bulk and per-resource; an out-of-band
// UpdateJob (more workers, an argument dropped) is drift, fixed by update, which sends the whole
// definition; adoption of an existing job; delete, and delete of a missing job; a role Glue
// cannot assume is refused; value checks at validate.
#include <gtest/gtest.h>

#include "providers/aws/aws_provider.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kJob[] = "aws.glue.job";
constexpr char kGlueTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

class GlueJobKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    auto r = client_->Query("iam", "CreateRole",
                            {{"RoleName", "etl"}, {"AssumeRolePolicyDocument", kGlueTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
    bulk_ = NewSandboxAwsProvider(&fixture_);
    per_resource_ = NewSandboxAwsProvider(&fixture_, {{"refresh_mode", "per-resource"}});
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) {
      if (s.kind == kJob) schema_ = s;
    }
    ASSERT_EQ(schema_.kind, kJob);
  }
  static Value Manifest() {
    return Value::parse(R"({"name": "csv-to-iceberg", "role": "etl",
        "script_location": "s3://scripts/job.py", "glue_version": "4.0",
        "worker_type": "G.1X", "number_of_workers": 2, "max_retries": 1,
        "default_arguments": {"--datalake-formats": "iceberg", "--TempDir": "s3://tmp/"}})");
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  KindSchema schema_;
};

TEST_F(GlueJobKindTest, LifecycleDriftAndAdoption) {
  auto created = bulk_->create(CreateRequest{Address{kJob, "job"}, Manifest()});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->outputs["arn"], "arn:aws:glue:us-east-1:123456789012:job/csv-to-iceberg");
  for (Provider* p :
       {static_cast<Provider*>(bulk_.get()), static_cast<Provider*>(per_resource_.get())}) {
    Observation o = ObserveOne(*p, kJob, "csv-to-iceberg", Manifest());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(schema_, Manifest(), o.attributes)) << o.attributes.dump();
  }

  // Out of band: more workers, one argument dropped.
  auto oob =
      client_->Json("glue", "AWSGlue.UpdateJob",
                    Value::parse(R"({"JobName": "csv-to-iceberg", "JobUpdate": {"Role": "etl",
          "Command": {"Name": "glueetl", "ScriptLocation": "s3://scripts/job.py"},
          "GlueVersion": "4.0", "WorkerType": "G.1X", "NumberOfWorkers": 10, "MaxRetries": 1,
          "DefaultArguments": {"--datalake-formats": "iceberg"}}})"));
  ASSERT_EQ(oob.status, 200) << oob.body;
  Observation drifted = ObserveOne(*bulk_, kJob, "csv-to-iceberg", Manifest());
  std::vector<std::string> drift = Drift(schema_, Manifest(), drifted.attributes);
  EXPECT_EQ(drift, (std::vector<std::string>{"default_arguments", "number_of_workers"}));
  auto updated = bulk_->update(
      UpdateRequest{Address{kJob, "job"}, "csv-to-iceberg", drifted.attributes, Manifest(), drift});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(NoDrift(schema_, Manifest(),
                      ObserveOne(*bulk_, kJob, "csv-to-iceberg", Manifest()).attributes));

  // A second create adopts the job and brings it to the manifest.
  Value smaller = Manifest();
  smaller["number_of_workers"] = 3;
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kJob, "job"}, smaller}).ok());
  EXPECT_EQ(ObserveOne(*bulk_, kJob, "csv-to-iceberg", smaller).attributes["number_of_workers"], 3);

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kJob, "job"}, "csv-to-iceberg", smaller}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kJob, "csv-to-iceberg", smaller).exists);
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kJob, "job"}, "csv-to-iceberg", smaller}).ok());
}

TEST_F(GlueJobKindTest, RefusedRoleAndValueChecks) {
  Value m = Manifest();
  m["role"] = "nobody";
  auto refused = NewSandboxAwsProvider(&fixture_, {{"propagation_timeout_seconds", 0}})
                     ->create(CreateRequest{Address{kJob, "job"}, m});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("unable to assume"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(CheckAttribute(kJob, *schema_.Find("worker_type"), Value("G.9X")), "");
  EXPECT_NE(CheckAttribute(kJob, *schema_.Find("command"), Value("spark")), "");
  EXPECT_NE(CheckAttribute(kJob, *schema_.Find("glue_version"), Value("9.9")), "");
  EXPECT_EQ(CheckAttribute(kJob, *schema_.Find("glue_version"), Value("4.0")), "");
}

}  // namespace
}  // namespace causeway::testing
