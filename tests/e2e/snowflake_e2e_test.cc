// End to end over the sandbox, through the real `causeway` binary: examples/snowflake-core, a
// manifest of every core Snowflake kind (a database and schema with a hostile name, a warehouse,
// roles, a key-pair service user, role grants, grants on an object, on all schemas and on future
// tables) applied from nothing in one apply; a re-plan is a no-op that leaves the account as it
// was; changes made out of band in SQL are exactly the drift plan reports and apply fixes them;
// destroy removes everything it created and leaves what it did not.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/sandbox_snowflake.h"

namespace causeway::testing {
namespace {

class SnowflakeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    admin_ = sandbox_.Client();
    sql_ = std::make_unique<SnowflakeSqlClient>(sandbox_);
    Value clouds = Value::parse(admin_->Raw("GET", "/_sandbox/clouds").body, nullptr, false);
    ASSERT_TRUE(clouds.contains("snowflake")) << clouds.dump();
    const Value& c = clouds["snowflake"]["credentials"];
    // The example, pointed at this test's sandbox with its credentials.
    std::ifstream in(std::string(CAUSEWAY_SOURCE_DIR) + "/examples/snowflake-core/main.yaml");
    std::stringstream example;
    example << in.rdbuf();
    const std::string manifest = std::regex_replace(
        example.str(), std::regex("  snowflake:\n    endpoint: sandbox\n"),
        "  snowflake:\n    endpoint: " + sandbox_.endpoint() + "\n    account: " +
            c["account"].get<std::string>() + "\n    user: " + c["user"].get<std::string>() +
            "\n    role: " + c["role"].get<std::string>() +
            "\n    warehouse: " + c["warehouse"].get<std::string>() +
            "\n    private_key_file: " + c["private_key_file"].get<std::string>() + "\n");
    ASSERT_NE(manifest, example.str()) << "the example's providers block changed";
    cli_.Write("main.yaml", manifest);
  }

  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return Value::parse(admin_->Raw(method, path, body).body, nullptr, false);
  }
  std::set<std::string> Changed() { return PlannedChanges(cli_); }
  std::vector<std::string> Names(const std::string& what) {
    auto reply = sql_->Submit("SHOW " + what);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return ColumnValues(reply.Json(), "name");
  }

  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> admin_;
  std::unique_ptr<SnowflakeSqlClient> sql_;
  CliRunner cli_;
};

TEST_F(SnowflakeE2eTest, OneApplyThenNoOpThenDriftFixedThenDestroy) {
  sql_->Rows("CREATE DATABASE \"X\"");
  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  auto dbs = Names("DATABASES");
  EXPECT_NE(std::find(dbs.begin(), dbs.end(), "; DROP DATABASE x; --"), dbs.end());
  EXPECT_NE(std::find(dbs.begin(), dbs.end(), "X"), dbs.end()) << "no name ran as SQL";

  // Every SQL API statement is a POST, so the sandbox's mutating counter cannot tell reads from
  // changes: the account's dump must not move instead.
  const std::string before = Admin("GET", "/_sandbox/dump").dump();
  ASSERT_NE(before.find("LOAD_WH"), std::string::npos) << "the dump holds the account";
  auto plan = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_EQ(Admin("GET", "/_sandbox/dump").dump(), before) << "the plan changed nothing";

  // Out of band: a comment edited, a warehouse privilege added, a role grant revoked.
  sql_->Rows("ALTER ROLE \"LOADER\" SET COMMENT = 'edited in a worksheet'");
  sql_->Rows("GRANT MONITOR ON WAREHOUSE \"LOAD_WH\" TO ROLE \"LOADER\"");
  sql_->Rows("REVOKE ROLE \"ANALYST\" FROM ROLE \"SYSADMIN\"");
  auto drift = cli_.Run({"plan", "--detailed-exitcode"});
  EXPECT_EQ(drift.exit_code, 2) << drift.all();
  std::set<std::string> expected = {"snowflake.role.loader", "snowflake.grant.loader_wh",
                                    "snowflake.role_grant.analyst_to_sysadmin"};
  EXPECT_EQ(Changed(), expected);
  auto fix = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(fix.exit_code, 0) << fix.all();
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);

  auto destroy = cli_.Run({"destroy", "--auto-approve", "--allow-destroy",
                           "snowflake.database.lake", "--allow-destroy", "snowflake.schema.raw"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.all();
  dbs = Names("DATABASES");
  EXPECT_EQ(std::find(dbs.begin(), dbs.end(), "; DROP DATABASE x; --"), dbs.end());
  EXPECT_NE(std::find(dbs.begin(), dbs.end(), "X"), dbs.end());
  auto roles = Names("ROLES");
  EXPECT_EQ(std::find(roles.begin(), roles.end(), "LOADER"), roles.end());
  EXPECT_NE(std::find(roles.begin(), roles.end(), "SYSADMIN"), roles.end());
}

}  // namespace
}  // namespace causeway::testing
