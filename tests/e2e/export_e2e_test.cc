// causeway export over the AWS sandbox, through the real binary: a lake built by hand with
// Debian's awscli (a bucket, a role with an inline policy naming the bucket, a Glue database and
// a table in it) is exported to manifests with references between the objects (the policy names
// ${aws.iam.role...}, the table ${aws.glue.database...}), imported into the state in one commit,
// and then a plan is a no-op. --import refuses an --out outside the manifest directory, and
// export never overwrites a file.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "tests/support/awscli.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

class ExportE2eTest : public ::testing::Test {
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
  int Aws(const std::string& args) { return Awscli(sandbox_.endpoint(), args); }

  SandboxFixture sandbox_;
  CliRunner cli_;
};

TEST_F(ExportE2eTest, HandBuiltLakeExportsImportsAndPlansAsNoOp) {
  ASSERT_EQ(Aws("s3api create-bucket --bucket hand-lake"), 0);
  ASSERT_EQ(Aws("iam create-role --role-name hand-reader --assume-role-policy-document "
                "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                "{\"Service\":\"glue.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'"),
            0);
  ASSERT_EQ(Aws("iam put-role-policy --role-name hand-reader --policy-name read --policy-document "
                "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                "\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::hand-lake/*\"}]}'"),
            0);
  ASSERT_EQ(Aws("glue create-database --database-input Name=hand_db"), 0);
  ASSERT_EQ(Aws("glue create-table --database-name hand_db --table-input "
                "'{\"Name\":\"events\",\"TableType\":\"EXTERNAL_TABLE\",\"StorageDescriptor\":"
                "{\"Columns\":[{\"Name\":\"id\",\"Type\":\"bigint\"}],\"Location\":"
                "\"s3://hand-lake/events/\"}}'"),
            0);

  const std::vector<std::string> kinds = {
      "--kind", "aws.s3.bucket",     "--kind", "aws.iam.role",  "--kind", "aws.iam.role_policy",
      "--kind", "aws.glue.database", "--kind", "aws.glue.table"};
  std::vector<std::string> refused = {"export", "aws", "--import", "--out", "/tmp/elsewhere.yaml"};
  EXPECT_EQ(cli_.Run(refused).exit_code, 1);

  std::vector<std::string> args = {"export", "aws", "--out", "adopted.yaml", "--import"};
  args.insert(args.end(), kinds.begin(), kinds.end());
  auto exported = cli_.Run(args);
  ASSERT_EQ(exported.exit_code, 0) << exported.all();
  const std::string text = cli_.ReadFile("adopted.yaml");
  EXPECT_NE(text.find("kind: aws.glue.table"), std::string::npos) << text;
  EXPECT_NE(text.find("${aws.iam.role."), std::string::npos) << "the inline policy names its "
                                                                "role by reference: "
                                                             << text;
  EXPECT_NE(text.find("${aws.glue.database."), std::string::npos) << text;

  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << "an adopted lake plans as a no-op:\n" << plan.all() << text;
  EXPECT_EQ(cli_.Run(args).exit_code, 1) << "export never overwrites a file";
}

}  // namespace
}  // namespace causeway::testing
