// Security drift end to end, through the real binary and Debian's awscli against the AWS
// sandbox, as issue 21 tells it: a managed role and a managed Glue database are applied; out of
// band, `aws iam put-role-policy` adds an inline policy allowing * on * to the role and `aws
// lakeformation grant-permissions` gives ALL on the database to a role nobody declared. plan
// shows both (and still has no changes to apply: exit 0 with --detailed-exitcode), drift exits 2
// with class "unmanaged"; with lifecycle.exclusive on the role and the database, plan lists both
// as deletes with the reason, apply removes them, and plan and drift are clean again. And a
// statement added to a managed bucket's policy: drift of the bucket that apply removes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>

#include "reconciler/core/value.h"
#include "tests/support/awscli.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

std::string Manifest(bool exclusive) {
  const std::string lifecycle = exclusive ? "lifecycle: { exclusive: true }\n" : "";
  return "kind: aws.iam.role\nname: etl\nspec:\n  role_name: etl\n  assume_role_policy:\n"
         "    Version: \"2012-10-17\"\n    Statement:\n      - Effect: Allow\n"
         "        Principal: { Service: glue.amazonaws.com }\n        Action: sts:AssumeRole\n" +
         lifecycle + "---\nkind: aws.glue.database\nname: raw\nspec:\n  name: raw\n" + lifecycle;
}

class SecurityDriftE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!AwscliAvailable()) GTEST_SKIP() << "awscli is not installed";
    ASSERT_TRUE(sandbox_.Start().ok());
    const std::string credentials = SandboxCredentialsInEnvironment();
    cli_.Write("providers.yaml",
               "kind: providers\nspec:\n  aws:\n    region: us-east-1\n"
               "    endpoint: " +
                   sandbox_.endpoint() + "\n" + credentials);
  }
  int Aws(const std::string& args, std::string* out = nullptr) {
    return Awscli(sandbox_.endpoint(), args, out);
  }

  SandboxFixture sandbox_;
  CliRunner cli_;
};

TEST_F(SecurityDriftE2eTest, OutOfBandPolicyAndGrantAreShownThenRemovedWhenExclusive) {
  cli_.Write("main.yaml", Manifest(false));
  auto applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  ASSERT_EQ(Aws("iam create-role --role-name nobody --assume-role-policy-document "
                "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                "{\"Service\":\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'"),
            0);
  std::string said;
  ASSERT_EQ(Aws("iam put-role-policy --role-name etl --policy-name admin --policy-document "
                "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                "\"*\",\"Resource\":\"*\"}]}'",
                &said),
            0)
      << said;
  ASSERT_EQ(Aws("lakeformation grant-permissions --principal "
                "DataLakePrincipalIdentifier=arn:aws:iam::123456789012:role/nobody "
                "--permissions ALL --resource '{\"Database\":{\"Name\":\"raw\"}}'",
                &said),
            0)
      << said;

  // Reported and kept: plan shows both, privileges, and has nothing to apply.
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.out.find("2 found, 0 to remove"), std::string::npos) << plan.all();
  EXPECT_NE(plan.out.find("privilege aws.iam.role_policy.etl_admin in aws.iam.role.etl: inline "
                          "policy \"admin\" allows * on *"),
            std::string::npos)
      << plan.all();
  EXPECT_NE(plan.out.find("in aws.glue.database.raw: Lake Formation ALL on database raw to "
                          "arn:aws:iam::123456789012:role/nobody"),
            std::string::npos)
      << plan.all();

  auto drift = cli_.Run({"drift", "--format", "json"});
  EXPECT_EQ(drift.exit_code, 2) << drift.all();
  Value report = Value::parse(drift.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << drift.all();
  EXPECT_EQ(report["format_version"], 2);
  EXPECT_EQ(report["summary"]["unmanaged"], 2) << drift.out;
  for (const auto& r : report["resources"]) EXPECT_EQ(r["class"], "unmanaged") << drift.out;

  // --no-undeclared: not looked for.
  auto skipped = cli_.Run({"drift", "--no-undeclared"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.all();

  // Exclusive: both are deletes with the reason; apply removes them.
  cli_.Write("main.yaml", Manifest(true));
  plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.all();
  EXPECT_NE(plan.out.find("2 found, 2 to remove"), std::string::npos) << plan.all();
  EXPECT_NE(plan.out.find("- aws.iam.role_policy.etl_admin (delete)"), std::string::npos)
      << plan.all();
  EXPECT_NE(plan.out.find("not declared in the manifests, and aws.iam.role.etl is exclusive"),
            std::string::npos)
      << plan.all();
  EXPECT_NE(plan.out.find("Plan: 0 to create, 0 to update, 0 to replace, 2 to delete."),
            std::string::npos)
      << plan.all();
  applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  EXPECT_NE(Aws("iam get-role-policy --role-name etl --policy-name admin"), 0)
      << "the inline policy is gone";
  std::string grants;
  ASSERT_EQ(Aws("lakeformation list-permissions --resource-type DATABASE", &grants), 0) << grants;
  EXPECT_EQ(grants.find("role/nobody"), std::string::npos) << grants;

  plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.out.find("No changes. Live state matches the manifests."), std::string::npos)
      << plan.all();
  drift = cli_.Run({"drift"});
  EXPECT_EQ(drift.exit_code, 0) << drift.all();
  // The state never recorded what was removed.
  auto list = cli_.Run({"state", "list"});
  EXPECT_EQ(list.out.find("etl_admin"), std::string::npos) << list.all();
}

// A bucket policy is the `policy` attribute of the managed bucket (omitted: no policy), so a
// statement added out of band with `aws s3api put-bucket-policy` is drift of that attribute,
// shown line by line, and apply takes it out again without any exclusive flag.
TEST_F(SecurityDriftE2eTest, AStatementAddedToAManagedBucketPolicyIsDriftApplyRemoves) {
  const std::string reader =
      "{\"Sid\":\"Readers\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
      "\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:GetObject\",\"Resource\":"
      "\"arn:aws:s3:::lake-raw/*\"}";
  cli_.Write("main.yaml",
             "kind: aws.s3.bucket\nname: raw\nspec:\n  bucket: lake-raw\n  policy:\n"
             "    Version: \"2012-10-17\"\n    Statement: [" +
                 reader + "]\n");
  auto applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  const std::string backdoor =
      "{\"Sid\":\"Backdoor\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\","
      "\"Resource\":\"arn:aws:s3:::lake-raw/*\"}";
  std::string said;
  ASSERT_EQ(Aws("s3api put-bucket-policy --bucket lake-raw --policy '{\"Version\":\"2012-10-17\","
                "\"Statement\":[" +
                    reader + "," + backdoor + "]}'",
                &said),
            0)
      << said;

  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.all();
  EXPECT_NE(plan.out.find("aws.s3.bucket.raw"), std::string::npos) << plan.all();
  bool marked = false;  // the added statement's lines carry the diff's "-" (apply removes them)
  std::istringstream lines(plan.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("Backdoor") != std::string::npos) {
      marked = line.find("- ") != std::string::npos || line.find("-   ") != std::string::npos;
    }
  }
  EXPECT_TRUE(marked) << plan.out;
  auto drift = cli_.Run({"drift", "--format", "json"});
  EXPECT_EQ(drift.exit_code, 2) << drift.all();
  EXPECT_NE(drift.out.find("\"changed\""), std::string::npos) << drift.out;

  applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  std::string policy;
  ASSERT_EQ(Aws("s3api get-bucket-policy --bucket lake-raw", &policy), 0) << policy;
  EXPECT_EQ(policy.find("Backdoor"), std::string::npos) << policy;
  EXPECT_NE(policy.find("Readers"), std::string::npos) << policy;
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);
}

}  // namespace
}  // namespace causeway::testing
