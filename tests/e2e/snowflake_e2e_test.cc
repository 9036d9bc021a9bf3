// End to end over the sandbox, through the real `causeway` binary: a manifest of every core
// Snowflake kind (a database and schema with a hostile name, a warehouse, roles, a key-pair
// service user, role grants, grants on an object, on all schemas and on future tables) applied
// from nothing in one apply; a re-plan is a no-op that leaves the account as it was;
// changes made out of band in SQL are exactly the drift plan reports and apply fixes them;
// destroy removes everything it created and leaves what it did not.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <set>

#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/sandbox_snowflake.h"

namespace causeway::testing {
namespace {

std::string PublicKeyPem() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return out;
}

// The key indented as a YAML block scalar's lines.
std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out += indent + text.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  return out;
}

class SnowflakeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    admin_ = sandbox_.Client();
    sql_ = std::make_unique<SnowflakeSqlClient>(sandbox_);
    Value clouds = Value::parse(admin_->Raw("GET", "/_sandbox/clouds").body, nullptr, false);
    ASSERT_TRUE(clouds.contains("snowflake")) << clouds.dump();
    const Value& c = clouds["snowflake"]["credentials"];
    cli_.Write("main.yaml", R"(kind: providers
spec:
  snowflake:
    endpoint: )" + sandbox_.endpoint() +
                                R"(
    account: )" + c["account"].get<std::string>() +
                                R"(
    user: )" + c["user"].get<std::string>() +
                                R"(
    role: )" + c["role"].get<std::string>() +
                                R"(
    warehouse: )" + c["warehouse"].get<std::string>() +
                                R"(
    private_key_file: )" + c["private_key_file"].get<std::string>() +
                                R"(
---
kind: snowflake.database
name: lake
spec:
  name: '"; DROP DATABASE x; --"'
  comment: "it's the lake"
---
kind: snowflake.schema
name: raw
spec:
  database: ${snowflake.database.lake.name}
  name: raw
  managed_access: true
---
kind: snowflake.warehouse
name: load
spec:
  name: load_wh
  warehouse_size: x-small
---
kind: snowflake.role
name: loader
spec:
  name: loader
  comment: loads raw
---
kind: snowflake.role
name: analyst
spec:
  name: analyst
---
kind: snowflake.user
name: svc
spec:
  name: svc_loader
  type: service
  default_role: ${snowflake.role.loader.name}
  default_warehouse: ${snowflake.warehouse.load.name}
  rsa_public_key: |
)" + Indented(PublicKeyPem(), "    ") +
                                R"(---
kind: snowflake.role_grant
name: loader_to_svc
spec:
  role: ${snowflake.role.loader.name}
  to_user: ${snowflake.user.svc.name}
---
kind: snowflake.role_grant
name: analyst_to_sysadmin
spec:
  role: ${snowflake.role.analyst.name}
  to_role: SYSADMIN
---
kind: snowflake.grant
name: loader_db
spec:
  role: ${snowflake.role.loader.name}
  on: database
  name: ${snowflake.database.lake.name}
  privileges: [usage]
---
kind: snowflake.grant
name: loader_schemas
spec:
  role: ${snowflake.role.loader.name}
  on: schemas
  scope: all
  database: ${snowflake.database.lake.name}
  privileges: [ALL]
---
kind: snowflake.grant
name: analyst_future_tables
spec:
  role: ${snowflake.role.analyst.name}
  on: table
  scope: future
  database: ${snowflake.database.lake.name}
  schema: ${snowflake.schema.raw.name}
  privileges: [select, references]
  with_grant_option: true
---
kind: snowflake.grant
name: loader_wh
spec:
  role: ${snowflake.role.loader.name}
  on: warehouse
  name: ${snowflake.warehouse.load.name}
  privileges: [usage, operate]
  mode: authoritative
)");
  }

  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return Value::parse(admin_->Raw(method, path, body).body, nullptr, false);
  }
  std::set<std::string> Changed() {
    auto r = cli_.Run({"plan", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    std::set<std::string> out;
    Value j = Value::parse(r.out, nullptr, false);
    if (j.is_discarded()) return out;
    for (const auto& c : j["changes"]) {
      if (c["action"] != "no-op") out.insert(c["address"].get<std::string>());
    }
    return out;
  }
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
