// End to end over the AWS sandbox, through the real `causeway` binary: the examples/aws-lake
// manifest set (role + inline policy + bucket + Glue database + partitioned table + crawler run on
// create + Lake Formation registration and grants + Athena workgroup) is applied from nothing;
// a re-plan is a no-op that sends zero mutating requests; out-of-band changes made with Debian's
// awscli (trust policy edited, a column added, a grant revoked) show up as exactly those drifts
// and apply fixes them; throttling and 500s are retried; a failure in the middle rolls back so
// that the sandbox dump equals the one before the apply; and (issue 17) with the sandbox writing
// null for every member it leaves unset, as several AWS-compatible emulators do, plan and
// refresh read the lake exactly as before instead of aborting.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/awscli.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

std::string ReadExample() {
  std::ifstream in(std::string(CAUSEWAY_SOURCE_DIR) + "/examples/aws-lake/main.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AwsLakeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    const std::string credentials = SandboxCredentialsInEnvironment();
    // The example, pointed at this test's sandbox with credentials from the environment.
    std::string manifest =
        std::regex_replace(ReadExample(), std::regex("    endpoint: sandbox\n"),
                           "    endpoint: " + sandbox_.endpoint() + "\n" + credentials +
                               "    propagation_timeout_seconds: 5\n");
    cli_.Write("main.yaml", manifest);
    client_ = sandbox_.Client();
  }

  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = client_->Raw(method, path, body);
    return Value::parse(r.body, nullptr, false);
  }
  int Mutating() { return Admin("GET", "/_sandbox/counts")["mutating"].get<int>(); }
  std::string Dump() { return CanonicalJson(Admin("GET", "/_sandbox/dump")); }

  int Aws(const std::string& args) { return Awscli(sandbox_.endpoint(), args); }

  std::set<std::string> Changed() { return PlannedChanges(cli_); }

  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  CliRunner cli_;
};

TEST_F(AwsLakeE2eTest, ApplyThenNoOpThenDriftFixed) {
  // The plan says that steps depending on the new role will wait for IAM to propagate.
  auto first = cli_.Run({"plan"});
  ASSERT_EQ(first.exit_code, 0) << first.all();
  EXPECT_NE(first.out.find("IAM changes take seconds to propagate"), std::string::npos)
      << first.out;

  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();

  // Re-plan: no changes, and not one mutating request.
  Admin("POST", "/_sandbox/counts/reset");
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_EQ(Mutating(), 0);

  // Out-of-band changes with awscli.
  ASSERT_EQ(Aws("iam update-assume-role-policy --role-name lake-crawler --policy-document "
                "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'"),
            0);
  ASSERT_EQ(
      Aws("glue update-table --database-name trips_db --table-input "
          "'{\"Name\":\"trips\",\"TableType\":\"EXTERNAL_TABLE\",\"PartitionKeys\":[{\"Name\":"
          "\"date\",\"Type\":\"string\"}],\"Parameters\":{\"classification\":\"parquet\"},"
          "\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"trip_id\",\"Type\":\"string\"},"
          "{\"Name\":\"pickup_ts\",\"Type\":\"timestamp\"},{\"Name\":\"fare_amount\",\"Type\":"
          "\"decimal(10,2)\"},{\"Name\":\"tip\",\"Type\":\"double\"}],\"Location\":"
          "\"s3://acme-lake/trips/\",\"InputFormat\":\"org.apache.hadoop.hive.ql.io.parquet."
          "MapredParquetInputFormat\",\"OutputFormat\":\"org.apache.hadoop.hive.ql.io.parquet."
          "MapredParquetOutputFormat\",\"SerdeInfo\":{\"SerializationLibrary\":\"org.apache."
          "hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\"}}}'"),
      0);
  ASSERT_EQ(Aws("lakeformation revoke-permissions --principal "
                "DataLakePrincipalIdentifier=arn:aws:iam::123456789012:role/lake-crawler "
                "--resource '{\"Database\":{\"Name\":\"trips_db\"}}' --permissions DROP"),
            0);
  std::set<std::string> expected = {"aws.iam.role.crawler", "aws.glue.table.trips",
                                    "aws.lakeformation.permissions.crawler_db"};
  EXPECT_EQ(Changed(), expected);

  auto fix = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(fix.exit_code, 0) << fix.all();
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(AwsLakeE2eTest, NullUnsetMembersReadAsAbsent) {
  auto applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  auto faults = client_->Raw("POST", "/_sandbox/faults", R"({"null_unset_members": true})");
  ASSERT_EQ(faults.status, 200) << faults.body;
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << "nulls for unset members are not drift: " << plan.all();
  auto per_resource = cli_.Run({"--refresh-mode", "per-resource", "plan", "--detailed-exitcode"});
  EXPECT_EQ(per_resource.exit_code, 0) << per_resource.all();
  auto refresh = cli_.Run({"refresh"});
  EXPECT_EQ(refresh.exit_code, 0) << refresh.all();
  client_->Raw("DELETE", "/_sandbox/faults");
  EXPECT_TRUE(Changed().empty()) << "refresh under the fault recorded nothing false";
}

TEST_F(AwsLakeE2eTest, ThrottlingAndServerErrorsAreRetried) {
  // Throttling anywhere (the request was not processed, so even creates are retried) and 500s
  // on reads. A 500 on a create is not retried blindly: the create may have happened.
  Admin("POST", "/_sandbox/faults",
        R"({"throttle_rate": 0.2, "seed": 7,
            "fail": [{"service": "glue", "operation": "GetDatabases", "nth": 1, "status": 500,
                      "code": "InternalServiceException", "message": "injected", "times": 2},
                     {"service": "s3", "operation": "ListBuckets", "nth": 1, "status": 503,
                      "code": "ServiceUnavailable", "message": "injected"}]})");
  auto apply = cli_.Run({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 0) << apply.all();
  Value counts = Admin("GET", "/_sandbox/counts");
  Admin("DELETE", "/_sandbox/faults");
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);
  EXPECT_GT(counts["total"].get<int>(), 0);
}

TEST_F(AwsLakeE2eTest, FailureInTheMiddleRollsBackToTheSameDump) {
  std::string before = Dump();
  Admin("POST", "/_sandbox/faults",
        R"({"fail": [{"service": "athena", "operation": "CreateWorkGroup", "nth": 1,
                      "status": 400, "code": "InvalidRequestException",
                      "message": "injected failure", "times": 100}]})");
  auto apply = cli_.Run({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 1) << apply.all();
  EXPECT_NE(apply.err.find("aws.athena.workgroup.analysts"), std::string::npos) << apply.err;
  Admin("DELETE", "/_sandbox/faults");
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(cli_.Run({"state", "list"}).out, "");
}

}  // namespace
}  // namespace causeway::testing
