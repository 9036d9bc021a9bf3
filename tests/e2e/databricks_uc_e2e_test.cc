// End to end over the sandbox, through the real `causeway` binary: examples/databricks-uc (the
// catalog side of seed 000: bucket, IAM role with the Unity Catalog trust wired to the storage
// credential's outputs, storage credential, external location, catalog, schema, grants) applied
// from nothing in one apply; a re-plan is a no-op that sends zero mutating requests; changes made
// out of band through the Unity Catalog API (a schema's comment and properties, a grant added in
// the "UI", a managed privilege revoked) are exactly the drift plan reports, and apply fixes them;
// a failure in the middle rolls back so that the sandbox dump equals the one before.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

std::string ReadExample() {
  std::ifstream in(std::string(CAUSEWAY_SOURCE_DIR) + "/examples/databricks-uc/main.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class DatabricksUcE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    client_ = sandbox_.Client();
    auto creds = SandboxFixture::DefaultCredentials();
    ::setenv("CW_E2E_AKID", creds.access_key_id.c_str(), 1);
    ::setenv("CW_E2E_SECRET", creds.secret_access_key.c_str(), 1);
    Value clouds = Admin("GET", "/_sandbox/clouds");
    ASSERT_TRUE(clouds.contains("databricks")) << clouds.dump();
    token_ = clouds["databricks"]["credentials"]["token"].get<std::string>();
    const std::string warehouse =
        clouds["databricks"]["credentials"]["warehouse_id"].get<std::string>();
    ::setenv("CW_E2E_DBX_TOKEN", token_.c_str(), 1);
    // The example, pointed at this test's sandbox with credentials from the environment.
    std::string manifest = ReadExample();
    manifest = std::regex_replace(
        manifest, std::regex("  aws:\n    region: us-east-1\n    endpoint: sandbox\n"),
        "  aws:\n    region: us-east-1\n    endpoint: " + sandbox_.endpoint() +
            "\n    access_key_id_env: CW_E2E_AKID\n    secret_access_key_env: CW_E2E_SECRET\n"
            "    propagation_timeout_seconds: 5\n");
    manifest = std::regex_replace(
        manifest, std::regex("  databricks:\n    endpoint: sandbox\n"),
        "  databricks:\n    endpoint: " + sandbox_.endpoint() +
            "\n    token_env: CW_E2E_DBX_TOKEN\n    warehouse_id: " + warehouse + "\n");
    cli_.Write("main.yaml", manifest);
  }

  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = client_->Raw(method, path, body);
    return Value::parse(r.body, nullptr, false);
  }
  int Mutating() { return Admin("GET", "/_sandbox/counts")["mutating"].get<int>(); }
  std::string Dump() { return CanonicalJson(Admin("GET", "/_sandbox/dump")); }
  int Uc(const std::string& method, const std::string& path, const Value& body) {
    auto r =
        client_->Raw(method, "/api/2.1/unity-catalog/" + path, body.dump(),
                     {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
    return r.status;
  }

  std::set<std::string> Changed() { return PlannedChanges(cli_); }

  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  std::string token_;
  CliRunner cli_;
};

TEST_F(DatabricksUcE2eTest, OneApplyThenNoOpThenDriftFixed) {
  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  EXPECT_NE(apply.out.find("databricks.storage_credential.lake"), std::string::npos) << apply.out;

  // The role's trust names the credential's Unity Catalog principal and external id.
  auto role = client_->Query("iam", "GetRole", {{"RoleName", "uc-access"}});
  ASSERT_EQ(role.status, 200) << role.body;
  auto cred = client_->Raw("GET", "/api/2.1/unity-catalog/storage-credentials/lake_credential", "",
                           {{"Authorization", "Bearer " + token_}});
  Value credential = Value::parse(cred.body, nullptr, false);
  std::string external_id = credential["aws_iam_role"]["external_id"].get<std::string>();
  EXPECT_NE(role.body.find(external_id), std::string::npos) << role.body;

  Admin("POST", "/_sandbox/counts/reset");
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_EQ(Mutating(), 0);

  // Out of band: a comment edited, a grant added in the UI, a managed privilege revoked.
  ASSERT_EQ(Uc("PATCH", "schemas/sales.raw",
               {{"comment", "edited in the UI"}, {"properties", {{"layer", "silver"}}}}),
            200);
  ASSERT_EQ(Uc("PATCH", "permissions/catalog/sales",
               {{"changes", {{{"principal", "intern"}, {"add", {"ALL_PRIVILEGES"}}}}}}),
            200);
  ASSERT_EQ(Uc("PATCH", "permissions/schema/sales.raw",
               {{"changes", {{{"principal", "analysts"}, {"remove", {"SELECT"}}}}}}),
            200);
  auto drift = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(drift.exit_code, 2) << drift.all();
  EXPECT_NE(drift.out.find("comment"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("properties"), std::string::npos) << drift.out;
  std::set<std::string> expected = {"databricks.schema.raw", "databricks.grants.sales_catalog",
                                    "databricks.grant.analysts_raw"};
  EXPECT_EQ(Changed(), expected);

  auto fix = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(fix.exit_code, 0) << fix.all();
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(DatabricksUcE2eTest, FailureInTheMiddleRollsBackToTheSameDump) {
  std::string before = Dump();
  Admin("POST", "/_sandbox/faults",
        R"({"fail": [{"service": "unitycatalog", "operation": "CreateSchema", "nth": 1,
                      "status": 400, "code": "INVALID_PARAMETER_VALUE",
                      "message": "injected failure", "times": 100}]})");
  auto apply = cli_.Run({"apply", "--auto-approve"});
  EXPECT_EQ(apply.exit_code, 1) << apply.all();
  EXPECT_NE(apply.err.find("databricks.schema.raw"), std::string::npos) << apply.err;
  Admin("DELETE", "/_sandbox/faults");
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(cli_.Run({"state", "list"}).out, "");
}

TEST_F(DatabricksUcE2eTest, PartitionsLandedLaterAreSyncedOnTheNextChange) {
  ASSERT_EQ(cli_.Run({"apply", "--auto-approve"}).exit_code, 0);
  for (const char* key : {"/acme-uc-lake/sales/orders/year=2024/month=1/part-0.parquet",
                          "/acme-uc-lake/sales/orders/year=2024/month=2/part-0.parquet"}) {
    ASSERT_EQ(client_->Send("s3", "PUT", key, "", {}, "data").status, 200) << key;
  }
  // A table property added in the manifest: an ALTER, then MSCK REPAIR finds the partitions.
  std::string manifest = cli_.ReadFile("main.yaml");
  manifest = std::regex_replace(manifest, std::regex("  sync_partitions: true\n"),
                                "  sync_partitions: true\n  properties: { layer: bronze }\n");
  cli_.Write("main.yaml", manifest);
  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  Value clouds = Admin("GET", "/_sandbox/clouds");
  auto shown =
      client_->Raw("POST", "/api/2.0/sql/statements",
                   Value{{"statement", "SHOW PARTITIONS sales.raw.orders"},
                         {"warehouse_id", clouds["databricks"]["credentials"]["warehouse_id"]}}
                       .dump(),
                   {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
  Value v = Value::parse(shown.body, nullptr, false);
  ASSERT_TRUE(v.contains("result")) << shown.body;
  std::set<std::string> partitions;
  for (const auto& row : v["result"]["data_array"]) partitions.insert(row[0].get<std::string>());
  EXPECT_EQ(partitions, (std::set<std::string>{"year=2024/month=1", "year=2024/month=2"}));
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);
}

}  // namespace
}  // namespace causeway::testing
