// Databricks security drift end to end, through the real binary against the sandbox's Unity
// Catalog: a managed catalog and schema are applied with one declared grant; out of band, the
// Databricks JS SDK (tests/e2e/databricks_out_of_band.js, a client nobody here wrote) grants
// privileges on both to a principal nobody declared and creates a table in the schema with SQL.
// plan shows the three (privileges first) and has nothing to apply; drift exits 2 with class
// "unmanaged"; with lifecycle.exclusive on the catalog and the schema, apply revokes the grants
// and keeps the table until --allow-destroy names it; then plan and drift are clean.
// Skipped, with the reason, when node or npm is missing or the SDK cannot be installed.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "reconciler/core/value.h"
#include "sandbox/databricks/databricks_frontend.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_databricks_sdk.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kTable[] = "databricks.table.main_raw_scratch";

std::string Manifest(const std::string& endpoint, bool exclusive) {
  const std::string lifecycle = exclusive ? "lifecycle: { exclusive: true }\n" : "";
  return "kind: providers\nspec:\n  databricks:\n    endpoint: " + endpoint +
         "\n    token_env: CW_E2E_DBX_TOKEN\n    warehouse_id: " +
         sandbox::kDefaultDatabricksWarehouseId +
         "\n---\nkind: databricks.catalog\nname: main\nspec:\n  name: main\n" + lifecycle +
         "---\nkind: databricks.schema\nname: raw\nspec:\n  catalog_name: "
         "${databricks.catalog.main.name}\n  name: raw\n" +
         lifecycle +
         "---\nkind: databricks.grant\nname: analysts\nspec:\n  securable_type: schema\n"
         "  securable_name: ${databricks.schema.raw.full_name}\n  principal: analysts\n  "
         "privileges: [USE_SCHEMA]\n";
}

class DatabricksSecurityDriftE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = DatabricksSdkUnavailable();
    if (!why.empty()) GTEST_SKIP() << "Databricks SDK NOT AVAILABLE: " << why;
    auto sdk = InstallDatabricksSdk();
    if (!sdk.ok()) GTEST_SKIP() << "Databricks SDK NOT INSTALLED: " << sdk.status().ToString();
    sdk_ = *sdk;
    ASSERT_TRUE(sandbox_.Start().ok());
    client_ = sandbox_.Client();
    ::setenv("CW_E2E_DBX_TOKEN", sandbox::kDefaultDatabricksToken, 1);
  }
  // The steps (databricks_out_of_band.js) through the SDK; false with the script's output.
  bool OutOfBand(const std::vector<std::string>& steps) {
    std::string cmd =
        "env -u DATABRICKS_HOST -u DATABRICKS_TOKEN -u DATABRICKS_CONFIG_PROFILE "
        "DATABRICKS_CONFIG_FILE=/nonexistent/databrickscfg node '" +
        std::string(CAUSEWAY_SOURCE_DIR) + "/tests/e2e/databricks_out_of_band.js' '" +
        sandbox_.endpoint() + "' '" + sandbox::kDefaultDatabricksToken + "' '" +
        sandbox::kDefaultDatabricksWarehouseId + "' '" + sdk_ + "'";
    for (const auto& s : steps) cmd += " \"" + s + "\"";
    ScriptRun run = CaptureCommand(cmd);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.exit_code == 0;
  }
  Value Uc(const std::string& path) {
    auto r = client_->Raw(
        "GET", "/api/2.1/unity-catalog/" + path, "",
        {{"Authorization", std::string("Bearer ") + sandbox::kDefaultDatabricksToken}});
    Value v = Value::parse(r.body, nullptr, false);
    v["http_status"] = r.status;
    return v;
  }

  std::string sdk_;
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  CliRunner cli_;
};

TEST_F(DatabricksSecurityDriftE2eTest, OutOfBandGrantsAndTableAreShownThenRemovedWhenExclusive) {
  cli_.Write("main.yaml", Manifest(sandbox_.endpoint(), false));
  auto applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  ASSERT_TRUE(OutOfBand({"grant catalog main intruders USE_CATALOG",
                         "grant schema main.raw intruders SELECT,MODIFY",
                         "grant schema main.raw analysts SELECT",
                         "sql CREATE TABLE main.raw.scratch (id STRING) USING PARQUET "
                         "LOCATION 's3://acme-lake/scratch'"}));

  // Reported and kept: privileges first, nothing to apply.
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.out.find("4 found, 0 to remove"), std::string::npos) << plan.all();
  const size_t catalog_grant = plan.out.find(
      "privilege databricks.grant.intruders_on_main in databricks.catalog.main: principal "
      "intruders holds USE_CATALOG on catalog main");
  const size_t schema_grant = plan.out.find(
      "privilege databricks.grant.intruders_on_main_raw in databricks.schema.raw: principal "
      "intruders holds MODIFY, SELECT on schema main.raw");
  const size_t beyond_declared = plan.out.find(
      "privilege databricks.grant.analysts_on_main_raw in databricks.schema.raw: principal "
      "analysts holds SELECT on schema main.raw");
  const size_t table = plan.out.find(std::string("object ") + kTable +
                                     " in databricks.schema.raw: table main.raw.scratch");
  EXPECT_NE(catalog_grant, std::string::npos) << plan.all();
  EXPECT_NE(schema_grant, std::string::npos) << plan.all();
  EXPECT_NE(beyond_declared, std::string::npos) << plan.all();
  ASSERT_NE(table, std::string::npos) << plan.all();
  EXPECT_LT(schema_grant, table) << "privileges first";

  // What looking costs: one permissions GET per managed securable (the catalog and the schema)
  // and one tables list per managed schema, beyond what plan --no-undeclared reads.
  auto reads = [&](const std::vector<std::string>& args) {
    client_->Raw("POST", "/_sandbox/counts/reset");
    auto run = cli_.Run(args);
    EXPECT_EQ(run.exit_code, 0) << run.all();
    Value c = Value::parse(client_->Raw("GET", "/_sandbox/counts").body, nullptr, false);
    return std::pair{c["by_operation"].value("unitycatalog:GetPermissions", 0),
                     c["by_operation"].value("unitycatalog:ListTables", 0)};
  };
  auto [permissions, tables] = reads({"plan"});
  auto [permissions_without, tables_without] = reads({"plan", "--no-undeclared"});
  EXPECT_EQ(permissions - permissions_without, 2);
  EXPECT_EQ(tables - tables_without, 1);

  auto drift = cli_.Run({"drift", "--format", "json"});
  EXPECT_EQ(drift.exit_code, 2) << drift.all();
  Value report = Value::parse(drift.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << drift.all();
  EXPECT_EQ(report["summary"]["unmanaged"], 4) << drift.out;
  for (const auto& r : report["resources"]) EXPECT_EQ(r["class"], "unmanaged") << drift.out;

  // Exclusive: the grants are deletes with the reason; the table holds data and is kept.
  cli_.Write("main.yaml", Manifest(sandbox_.endpoint(), true));
  plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.all();
  EXPECT_NE(plan.out.find("4 found, 3 to remove"), std::string::npos) << plan.all();
  EXPECT_NE(plan.out.find("not declared in the manifests, and databricks.schema.raw is exclusive"),
            std::string::npos)
      << plan.all();
  EXPECT_NE(plan.out.find(std::string("--allow-destroy ") + kTable + " removes it"),
            std::string::npos)
      << plan.all();
  applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  Value schema = Uc("permissions/schema/main.raw");
  EXPECT_EQ(schema["privilege_assignments"],
            Value::parse(R"([{"principal": "analysts", "privileges": ["USE_SCHEMA"]}])"))
      << "only the declared privilege is left: " << schema.dump();
  EXPECT_EQ(Uc("permissions/catalog/main").value("privilege_assignments", Value::array()),
            Value::array());
  EXPECT_EQ(Uc("tables/main.raw.scratch")["http_status"], 200) << "kept without the opt-in";

  // The data opt-in naming the table drops it.
  applied = cli_.Run({"apply", "--auto-approve", "--allow-destroy", kTable});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  EXPECT_EQ(Uc("tables/main.raw.scratch")["http_status"], 404);

  plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.out.find("No changes. Live state matches the manifests."), std::string::npos)
      << plan.all();
  drift = cli_.Run({"drift"});
  EXPECT_EQ(drift.exit_code, 0) << drift.all();
  auto list = cli_.Run({"state", "list"});
  EXPECT_EQ(list.out.find("intruders"), std::string::npos) << list.all();
}

}  // namespace
}  // namespace causeway::testing
