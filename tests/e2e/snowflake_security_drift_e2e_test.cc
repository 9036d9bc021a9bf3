// Snowflake security drift end to end, through the real binary and Snowflake's own Node.js
// driver (snowflake-sdk) against the sandbox: a managed database, schema, role and one grant are
// applied; out of band, a worksheet grants the role more on the schema and creates a table in it.
// plan shows both in the security section (and has nothing to apply), drift exits 2 with class
// "unmanaged"; with lifecycle.exclusive on the schema, plan revokes the grant and keeps the table
// (it holds data) until --allow-destroy names it, apply removes both, and plan and drift are
// clean again.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/sandbox_node.h"
#include "tests/support/sandbox_snowflake.h"

namespace causeway::testing {
namespace {

constexpr char kGrant[] = "snowflake.grant.ANALYST_on_RAW_LANDING";
constexpr char kTable[] = "snowflake.table.RAW_LANDING_LEAK";

class SnowflakeSecurityDriftE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    admin_ = sandbox_.Client();
    sql_ = std::make_unique<SnowflakeSqlClient>(sandbox_);
    snowflake_ = admin_->Raw("GET", "/_sandbox/clouds").Json()["snowflake"]["credentials"];
  }

  void WriteManifest(bool exclusive) {
    auto c = [&](const char* key) { return snowflake_[key].get<std::string>(); };
    cli_.Write("main.yaml",
               "kind: providers\nspec:\n  snowflake:\n    endpoint: " + sandbox_.endpoint() +
                   "\n    account: " + c("account") + "\n    user: " + c("user") +
                   "\n    role: " + c("role") + "\n    warehouse: " + c("warehouse") +
                   "\n    private_key_file: " + c("private_key_file") +
                   "\n---\nkind: snowflake.database\nname: raw\nspec:\n  name: raw\n"
                   "---\nkind: snowflake.schema\nname: landing\nspec:\n"
                   "  database: ${snowflake.database.raw.name}\n  name: landing\n" +
                   (exclusive ? "lifecycle: { exclusive: true }\n" : "") +
                   "---\nkind: snowflake.role\nname: analyst\nspec:\n  name: analyst\n"
                   "---\nkind: snowflake.grant\nname: analyst_usage\nspec:\n"
                   "  role: ${snowflake.role.analyst.name}\n  on: schema\n"
                   "  database: ${snowflake.database.raw.name}\n"
                   "  name: ${snowflake.schema.landing.name}\n  privileges: [usage]\n");
  }

  // Runs `statements` through snowflake-sdk, as a person in a worksheet or a script would.
  void ThroughTheDriver(const std::vector<std::string>& statements) {
    auto sdk = InstallPinnedNodePackages(
        std::string(CAUSEWAY_SOURCE_DIR) + "/tests/sandbox/snowflake/sdk", "snowflake-sdk-node");
    ASSERT_TRUE(sdk.ok()) << sdk.status().ToString();
    std::string cmd = "node '" + std::string(CAUSEWAY_SOURCE_DIR) +
                      "/tests/e2e/snowflake_sql.js' '" + sandbox_.endpoint() + "' '" +
                      snowflake_["account"].get<std::string>() + "' '" +
                      snowflake_["user"].get<std::string>() + "' '" +
                      snowflake_["private_key_file"].get<std::string>() + "' '" + *sdk + "'";
    for (const auto& s : statements) cmd += " '" + s + "'";
    ScriptRun run = CaptureCommand(cmd);
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  std::set<std::string> Column(const std::string& statement, const std::string& column) {
    Value rows = sql_->Submit(statement).Json();
    std::set<std::string> out;
    for (const auto& v : ColumnValues(rows, column)) out.insert(v);
    return out;
  }

  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> admin_;
  std::unique_ptr<SnowflakeSqlClient> sql_;
  Value snowflake_;
  CliRunner cli_;
};

TEST_F(SnowflakeSecurityDriftE2eTest, OutOfBandGrantAndTableAreShownThenRemovedWhenExclusive) {
  if (std::string why = NodeToolsUnavailable(); !why.empty()) GTEST_SKIP() << why;
  WriteManifest(false);
  auto applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  ThroughTheDriver({"GRANT MONITOR, CREATE TABLE ON SCHEMA RAW.LANDING TO ROLE ANALYST",
                    "CREATE TABLE RAW.LANDING.LEAK (V VARCHAR)"});

  // Reported and kept: plan shows both, the privilege first, and has nothing to apply.
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.out.find("2 found, 0 to remove"), std::string::npos) << plan.all();
  const size_t grant = plan.out.find(
      "privilege " + std::string(kGrant) +
      " in snowflake.schema.landing: role ANALYST holds CREATE TABLE, MONITOR on schema "
      "RAW.LANDING");
  const size_t table =
      plan.out.find(std::string(kTable) + " in snowflake.schema.landing: table RAW.LANDING.LEAK");
  EXPECT_NE(grant, std::string::npos) << plan.all();
  EXPECT_NE(table, std::string::npos) << plan.all();
  EXPECT_LT(grant, table) << "privileges first";

  auto drift = cli_.Run({"drift", "--format", "json"});
  EXPECT_EQ(drift.exit_code, 2) << drift.all();
  Value report = Value::parse(drift.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << drift.all();
  EXPECT_EQ(report["summary"]["unmanaged"], 2) << drift.out;
  for (const auto& r : report["resources"]) EXPECT_EQ(r["class"], "unmanaged") << drift.out;

  // Exclusive: the grant is revoked; the table holds data and stays until it is named.
  WriteManifest(true);
  plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 2) << plan.all();
  EXPECT_NE(plan.out.find("2 found, 1 to remove"), std::string::npos) << plan.all();
  EXPECT_NE(plan.out.find("- " + std::string(kGrant) + " (delete)"), std::string::npos)
      << plan.all();
  EXPECT_NE(plan.out.find("--allow-destroy " + std::string(kTable) + " removes it"),
            std::string::npos)
      << plan.all();
  applied = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  EXPECT_EQ(Column("SHOW GRANTS ON SCHEMA RAW.LANDING", "privilege"),
            (std::set<std::string>{"OWNERSHIP", "USAGE"}));
  EXPECT_EQ(Column("SHOW TABLES IN SCHEMA RAW.LANDING", "name"), (std::set<std::string>{"LEAK"}));

  applied = cli_.Run({"apply", "--auto-approve", "--allow-destroy", kTable});
  ASSERT_EQ(applied.exit_code, 0) << applied.all();
  EXPECT_EQ(Column("SHOW TABLES IN SCHEMA RAW.LANDING", "name"), std::set<std::string>{});

  plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.out.find("No changes. Live state matches the manifests."), std::string::npos)
      << plan.all();
  drift = cli_.Run({"drift"});
  EXPECT_EQ(drift.exit_code, 0) << drift.all();
  EXPECT_EQ(cli_.Run({"state", "list"}).out.find("LEAK"), std::string::npos);
}

}  // namespace
}  // namespace causeway::testing
