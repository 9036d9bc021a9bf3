// aws.lambda.function and aws.lambda.permission through AwsProvider against the in-process
// sandbox: a directory packaged deterministically (same files -> same SHA-256 whatever the
// timestamps); create and observe read back exactly the manifest, bulk and per-resource, so a
// re-plan is a no-op; a changed source file is drift on code_path (SHA-256 against the live
// CodeSha256), fixed by UpdateFunctionCode; an out-of-band memory change is drift fixed by
// update; adoption of an existing function and statement; delete (and of what is gone); a role
// Lambda cannot assume is a propagation delay with Lambda's message; value checks at validate;
// code from an S3 object; an S3 bucket notification to the function is refused until the
// permission exists.
#include <gtest/gtest.h>

#include <filesystem>

#include "providers/aws/aws_provider.h"
#include "providers/aws/lambda_package.h"
#include "sandbox/core/base64.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {
namespace {

constexpr char kFunction[] = "aws.lambda.function";
constexpr char kPermission[] = "aws.lambda.permission";
constexpr char kLambdaTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

class LambdaKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    auto r =
        client_->Query("iam", "CreateRole",
                       {{"RoleName", "ingest-role"}, {"AssumeRolePolicyDocument", kLambdaTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
    bulk_ = NewSandboxAwsProvider(&fixture_);
    per_resource_ = NewSandboxAwsProvider(&fixture_, {{"refresh_mode", "per-resource"}});
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) {
      if (s.kind == kFunction) function_schema_ = s;
      if (s.kind == kPermission) permission_schema_ = s;
    }
    ASSERT_EQ(function_schema_.kind, kFunction);
    ASSERT_EQ(permission_schema_.kind, kPermission);
    src_.Write("app.py", "def handler(event, context):\n    return 'v1'\n");
    std::filesystem::create_directories(src_.File("lib"));
    src_.Write("lib/util.py", "X = 1\n");
  }
  Value Manifest() const {
    return {{"function_name", "ingest"},
            {"runtime", "python3.12"},
            {"handler", "app.handler"},
            {"role", "ingest-role"},
            {"code_path", src_.path()},
            {"environment", {{"STATE_MACHINE", "arn:aws:states:us-east-1:123456789012:x"}}},
            {"memory_size", 256},
            {"timeout", 60}};
  }
  static Value PermissionManifest() {
    return {{"function_name", "ingest"},
            {"statement_id", "s3-landing"},
            {"principal", "s3.amazonaws.com"},
            {"source_arn", "arn:aws:s3:::landing"},
            {"source_account", "123456789012"}};
  }
  std::string LiveSha() {
    auto r =
        client_->Send("lambda", "GET", "/2015-03-31/functions/ingest/configuration", "", {}, "");
    return r.Json().value("CodeSha256", "");
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  KindSchema function_schema_;
  KindSchema permission_schema_;
  TempDir src_;
};

TEST_F(LambdaKindsTest, DirectoryPackageIsDeterministic) {
  auto first = aws::LambdaPackage(src_.path());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // Same files in another directory, written later and in another order: same bytes.
  TempDir copy;
  std::filesystem::create_directories(copy.File("lib"));
  copy.Write("lib/util.py", "X = 1\n");
  copy.Write("app.py", "def handler(event, context):\n    return 'v1'\n");
  std::filesystem::last_write_time(
      copy.File("app.py"), std::filesystem::file_time_type::clock::now() - std::chrono::hours(240));
  auto second = aws::LambdaPackage(copy.path());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(aws::LambdaCodeSha256(*first), aws::LambdaCodeSha256(*second));
  copy.Write("app.py", "changed\n");
  EXPECT_NE(aws::LambdaCodeSha256(*first), aws::LambdaCodeSha256(*aws::LambdaPackage(copy.path())));
  // A zip file is used as is; a file that is not a zip is refused.
  std::string zip_path = copy.Write("fn.zip", *first);
  EXPECT_EQ(*aws::LambdaPackage(zip_path), *first);
  EXPECT_FALSE(aws::LambdaPackage(copy.Write("x.txt", "text")).ok());
  EXPECT_TRUE(aws::LambdaPackage(copy.File("ghost")).status().IsNotFound());
}

TEST_F(LambdaKindsTest, FunctionLifecycleCodeAndMemoryDrift) {
  auto created = bulk_->create(CreateRequest{Address{kFunction, "ingest"}, Manifest()});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->outputs["arn"], "arn:aws:lambda:us-east-1:123456789012:function:ingest");
  EXPECT_EQ(created->outputs["version"], "$LATEST");
  const std::string sha = aws::LambdaCodeSha256(*aws::LambdaPackage(src_.path()));
  EXPECT_EQ(created->outputs["code_sha256"], sha);
  EXPECT_EQ(LiveSha(), sha);
  for (Provider* p :
       {static_cast<Provider*>(bulk_.get()), static_cast<Provider*>(per_resource_.get())}) {
    Observation o = ObserveOne(*p, kFunction, "ingest", Manifest());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(function_schema_, Manifest(), o.attributes)) << o.attributes.dump();
    EXPECT_EQ(o.outputs["code_sha256"], sha);
  }

  // The source changes: drift on code_path only, fixed by UpdateFunctionCode.
  src_.Write("app.py", "def handler(event, context):\n    return 'v2'\n");
  Observation changed = ObserveOne(*bulk_, kFunction, "ingest", Manifest());
  std::vector<std::string> drift = Drift(function_schema_, Manifest(), changed.attributes);
  EXPECT_EQ(drift, (std::vector<std::string>{"code_path"}));
  auto updated = bulk_->update(
      UpdateRequest{Address{kFunction, "ingest"}, "ingest", changed.attributes, Manifest(), drift});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  const std::string sha2 = aws::LambdaCodeSha256(*aws::LambdaPackage(src_.path()));
  EXPECT_NE(sha2, sha);
  EXPECT_EQ(LiveSha(), sha2);
  EXPECT_EQ(updated->outputs["code_sha256"], sha2);
  EXPECT_TRUE(NoDrift(function_schema_, Manifest(),
                      ObserveOne(*per_resource_, kFunction, "ingest", Manifest()).attributes));

  // Out of band: more memory. Drift on memory_size only; update restores it.
  auto oob = client_->Send("lambda", "PUT", "/2015-03-31/functions/ingest/configuration", "",
                           {{"content-type", "application/json"}}, R"({"MemorySize": 1024})");
  ASSERT_EQ(oob.status, 200) << oob.body;
  Observation drifted = ObserveOne(*bulk_, kFunction, "ingest", Manifest());
  drift = Drift(function_schema_, Manifest(), drifted.attributes);
  EXPECT_EQ(drift, (std::vector<std::string>{"memory_size"}));
  ASSERT_TRUE(bulk_
                  ->update(UpdateRequest{Address{kFunction, "ingest"}, "ingest", drifted.attributes,
                                         Manifest(), drift})
                  .ok());
  Observation fixed = ObserveOne(*bulk_, kFunction, "ingest", Manifest());
  EXPECT_TRUE(NoDrift(function_schema_, Manifest(), fixed.attributes)) << fixed.attributes.dump();
  EXPECT_EQ(LiveSha(), sha2) << "a configuration update leaves the code alone";

  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kFunction, "ingest"}, "ingest", Manifest()}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kFunction, "ingest", Manifest()).exists);
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kFunction, "ingest"}, "ingest", Manifest()}).ok());
}

TEST_F(LambdaKindsTest, AdoptsAnExistingFunction) {
  // Made out of band with other code and settings.
  TempDir other;
  other.Write("app.py", "old\n");
  Value body = {{"FunctionName", "ingest"},
                {"Runtime", "python3.11"},
                {"Role", "arn:aws:iam::123456789012:role/ingest-role"},
                {"Handler", "old.handler"},
                {"MemorySize", 2048},
                {"Code", {{"ZipFile", sandbox::Base64Encode(*aws::LambdaPackage(other.path()))}}}};
  auto made = client_->Send("lambda", "POST", "/2015-03-31/functions", "",
                            {{"content-type", "application/json"}}, body.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  auto adopted = bulk_->create(CreateRequest{Address{kFunction, "ingest"}, Manifest()});
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  Observation o = ObserveOne(*bulk_, kFunction, "ingest", Manifest());
  EXPECT_TRUE(NoDrift(function_schema_, Manifest(), o.attributes)) << o.attributes.dump();
  EXPECT_EQ(LiveSha(), aws::LambdaCodeSha256(*aws::LambdaPackage(src_.path())));
  // The live function is listed for import, its role by name.
  auto listed = bulk_->list(ListRequest{kFunction});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, "ingest");
  EXPECT_EQ((*listed)[0].attributes["memory_size"], 256);
}

TEST_F(LambdaKindsTest, CodeFromS3Object) {
  const std::string zip = *aws::LambdaPackage(src_.path());
  ASSERT_EQ(client_->Send("s3", "PUT", "/code", "", {}, "").status, 200);
  ASSERT_EQ(client_->Send("s3", "PUT", "/code/ingest.zip", "", {}, zip).status, 200);
  Value m = Manifest();
  m.erase("code_path");
  m["s3_bucket"] = "code";
  m["s3_key"] = "ingest.zip";
  auto created = bulk_->create(CreateRequest{Address{kFunction, "ingest"}, m});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->outputs["code_sha256"], aws::LambdaCodeSha256(zip));
  Observation o = ObserveOne(*per_resource_, kFunction, "ingest", m);
  EXPECT_TRUE(NoDrift(function_schema_, m, o.attributes)) << o.attributes.dump();
}

TEST_F(LambdaKindsTest, PermissionLifecycleAndS3Notification) {
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kFunction, "ingest"}, Manifest()}).ok());
  ASSERT_EQ(client_->Send("s3", "PUT", "/landing", "", {}, "").status, 200);
  Value notification = {
      {"bucket", "landing"},
      {"lambda_functions",
       {{{"lambda_function_arn", "arn:aws:lambda:us-east-1:123456789012:function:ingest"},
         {"events", {"s3:ObjectCreated:*"}}}}}};
  auto refused =
      bulk_->create(CreateRequest{Address{"aws.s3.bucket_notification", "landing"}, notification});
  ASSERT_FALSE(refused.ok()) << "S3 refuses a Lambda it may not invoke";

  auto created = bulk_->create(CreateRequest{Address{kPermission, "p"}, PermissionManifest()});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "ingest/s3-landing");
  for (Provider* p :
       {static_cast<Provider*>(bulk_.get()), static_cast<Provider*>(per_resource_.get())}) {
    Observation o = ObserveOne(*p, kPermission, "ingest/s3-landing", PermissionManifest());
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(NoDrift(permission_schema_, PermissionManifest(), o.attributes))
        << o.attributes.dump();
  }
  auto accepted =
      bulk_->create(CreateRequest{Address{"aws.s3.bucket_notification", "landing"}, notification});
  EXPECT_TRUE(accepted.ok()) << accepted.status().ToString();

  // Creating it again adopts the same statement; a different one under the id is replaced.
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kPermission, "p"}, PermissionManifest()}).ok());
  Value wider = PermissionManifest();
  wider["source_account"] = "";
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kPermission, "p"}, wider}).ok());
  Observation replaced = ObserveOne(*bulk_, kPermission, "ingest/s3-landing", wider);
  EXPECT_TRUE(NoDrift(permission_schema_, wider, replaced.attributes))
      << replaced.attributes.dump();

  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kPermission, "p"}, "ingest/s3-landing", wider}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kPermission, "ingest/s3-landing", wider).exists);
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kPermission, "p"}, "ingest/s3-landing", wider}).ok());
  // A permission of a function that does not exist is simply missing.
  Value ghost = PermissionManifest();
  ghost["function_name"] = "ghost";
  EXPECT_FALSE(ObserveOne(*per_resource_, kPermission, "ghost/s3-landing", ghost).exists);
}

TEST_F(LambdaKindsTest, RefusedRoleAndValueChecks) {
  Value m = Manifest();
  m["role"] = "nobody";
  aws::AwsProvider* impatient = nullptr;
  auto provider = NewSandboxAwsProvider(&fixture_, {{"propagation_timeout_seconds", 0}});
  impatient = provider.get();
  auto refused = impatient->create(CreateRequest{Address{kFunction, "ingest"}, m});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cannot be assumed by Lambda"), std::string::npos)
      << refused.status().message();
  Value two_sources = Manifest();
  two_sources["s3_bucket"] = "code";
  two_sources["s3_key"] = "fn.zip";
  auto ambiguous = bulk_->create(CreateRequest{Address{kFunction, "ingest"}, two_sources});
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.status().message().find("either code_path or"), std::string::npos);

  EXPECT_NE(CheckAttribute(kFunction, *function_schema_.Find("memory_size"), Value(64)), "");
  EXPECT_NE(CheckAttribute(kFunction, *function_schema_.Find("memory_size"), Value(10241)), "");
  EXPECT_EQ(CheckAttribute(kFunction, *function_schema_.Find("memory_size"), Value(10240)), "");
  EXPECT_NE(CheckAttribute(kFunction, *function_schema_.Find("timeout"), Value(901)), "");
  EXPECT_NE(CheckAttribute(kFunction, *function_schema_.Find("runtime"), Value("python2.0")), "");
  EXPECT_NE(CheckAttribute(kFunction, *function_schema_.Find("function_name"), Value("a b")), "");
  EXPECT_NE(CheckAttribute(kPermission, *permission_schema_.Find("statement_id"), Value("a/b")),
            "");
  EXPECT_NE(CheckAttribute(kPermission, *permission_schema_.Find("action"), Value("invoke")), "");
}

}  // namespace
}  // namespace causeway::testing
