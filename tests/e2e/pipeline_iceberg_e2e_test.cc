// End to end over the AWS sandbox, through the real `causeway` binary: examples/pipeline-iceberg
// (seed 003: raw bucket with a notification -> Lambda packaged from lambdas/ -> Step Functions
// state machine -> Glue job whose script is uploaded from scripts/ -> Iceberg table in a Glue
// database under Lake Formation, plus the S3 Tables variant) applies from nothing in one apply;
// a re-plan is a no-op with zero mutating requests; out-of-band changes with Debian's awscli (job
// arguments, function memory, a state machine definition, a notification filter) are exactly the
// drift a plan shows, and apply fixes them; an edited local script plans as an update of its S3
// object; `destroy` removes everything (the data kinds carry lifecycle.allow_destroy).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/awscli.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

const std::string kExample = std::string(CAUSEWAY_SOURCE_DIR) + "/examples/pipeline-iceberg";

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PipelineIcebergE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    const std::string credentials = SandboxCredentialsInEnvironment();
    // The example directory, pointed at this test's sandbox with credentials from the
    // environment.
    for (const char* sub : {"scripts", "lambdas"}) {
      std::filesystem::create_directories(cli_.dir() + "/" + sub);
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kExample)) {
      if (!entry.is_regular_file()) continue;
      const std::string name = std::filesystem::relative(entry.path(), kExample).string();
      std::string text = Read(entry.path().string());
      if (name == "main.yaml") {
        text = std::regex_replace(text, std::regex("    endpoint: sandbox\n"),
                                  "    endpoint: " + sandbox_.endpoint() + "\n" + credentials +
                                      "    propagation_timeout_seconds: 5\n");
      }
      cli_.Write(name, text);
    }
    client_ = sandbox_.Client();
  }

  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = client_->Raw(method, path, body);
    return Value::parse(r.body, nullptr, false);
  }
  int Mutating() { return Admin("GET", "/_sandbox/counts")["mutating"].get<int>(); }

  int Aws(const std::string& args) { return Awscli(sandbox_.endpoint(), args); }

  std::set<std::string> Changed() { return PlannedChanges(cli_); }

  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  CliRunner cli_;
};

TEST_F(PipelineIcebergE2eTest, OneApplyNoOpDriftFixedAndDestroy) {
  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();

  // Re-plan: no changes, and not one mutating request.
  Admin("POST", "/_sandbox/counts/reset");
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_EQ(Mutating(), 0);

  // The pieces are wired: the function names the state machine, the notification the function.
  auto state = cli_.Run({"state", "show", "aws.lambda.function.trigger"});
  EXPECT_NE(state.out.find("stateMachine:csv-to-iceberg"), std::string::npos) << state.out;

  // Out of band, with awscli.
  ASSERT_EQ(Aws("glue update-job --job-name csv-to-iceberg --job-update "
                "'{\"Role\":\"arn:aws:iam::123456789012:role/pipeline-glue-job\",\"Command\":"
                "{\"Name\":\"glueetl\",\"ScriptLocation\":\"s3://acme-pipeline-lake/scripts/"
                "csv_to_iceberg.py\"},\"GlueVersion\":\"4.0\",\"WorkerType\":\"G.1X\","
                "\"NumberOfWorkers\":2,\"MaxRetries\":1,\"Timeout\":60,\"DefaultArguments\":"
                "{\"--datalake-formats\":\"delta\"}}'"),
            0);
  ASSERT_EQ(Aws("lambda update-function-configuration --function-name pipeline-trigger "
                "--memory-size 1024"),
            0);
  ASSERT_EQ(Aws("stepfunctions update-state-machine --state-machine-arn "
                "arn:aws:states:us-east-1:123456789012:stateMachine:csv-to-iceberg --definition "
                "'{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}'"),
            0);
  ASSERT_EQ(Aws("s3api put-bucket-notification-configuration --bucket acme-pipeline-raw "
                "--notification-configuration '{\"LambdaFunctionConfigurations\":[{"
                "\"LambdaFunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:"
                "pipeline-trigger\",\"Events\":[\"s3:ObjectCreated:*\"],\"Filter\":{\"Key\":"
                "{\"FilterRules\":[{\"Name\":\"suffix\",\"Value\":\".json\"}]}}}]}'"),
            0);
  std::set<std::string> expected = {"aws.glue.job.csv_to_iceberg", "aws.lambda.function.trigger",
                                    "aws.sfn.state_machine.pipeline",
                                    "aws.s3.bucket_notification.raw"};
  EXPECT_EQ(Changed(), expected);
  auto fix = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(fix.exit_code, 0) << fix.all();
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);

  // A local edit of the job's script is an update of its S3 object.
  cli_.Write("scripts/csv_to_iceberg.py",
             Read(kExample + "/scripts/csv_to_iceberg.py") + "\n# v2\n");
  EXPECT_EQ(Changed(), (std::set<std::string>{"aws.s3.object.job_script"}));
  ASSERT_EQ(cli_.Run({"apply", "--auto-approve"}).exit_code, 0);

  auto destroy = cli_.Run({"destroy", "--auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.all();
  auto list = cli_.Run({"state", "list"});
  EXPECT_EQ(list.out.find("aws."), std::string::npos) << list.out;
  EXPECT_NE(Aws("lambda get-function --function-name pipeline-trigger"), 0);
  EXPECT_NE(Aws("s3api head-bucket --bucket acme-pipeline-raw"), 0);
}

}  // namespace
}  // namespace causeway::testing
