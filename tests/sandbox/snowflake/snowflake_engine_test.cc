// The Snowflake SQL engine in memory: containers, roles and users, grants and ownership, SHOW
// paging and Snowflake's errors, without any protocol in the way.
#include <gtest/gtest.h>

#include <map>

#include "sandbox/snowflake/auth/rsa_keys.h"
#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {
namespace {

class SnowflakeEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Bootstrap b{"SANDBOX_ADMIN", "ACCOUNTADMIN", "SANDBOX_WH", "", 1700000000000};
    catalog_.Reset(b);
    admin_ = {"SANDBOX_ADMIN", "ACCOUNTADMIN", "SANDBOX_WH", "", ""};
  }

  Result<ResultSet> Run(const std::string& sql, Session* session = nullptr) {
    return engine_.Execute(sql, catalog_, session ? *session : admin_, nullptr, ++now_);
  }
  ResultSet Ok(const std::string& sql, Session* session = nullptr) {
    auto r = Run(sql, session);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    return r.ok() ? *r : ResultSet{};
  }
  std::string Code(const std::string& sql, Session* session = nullptr) {
    auto r = Run(sql, session);
    return r.ok() ? "ok" : r.status().provider_code();
  }
  // The cells of column `name`.
  static std::vector<std::string> Column(const ResultSet& r, const std::string& name) {
    std::vector<std::string> out;
    for (size_t k = 0; k < r.columns.size(); ++k) {
      if (r.columns[k].name != name) continue;
      for (const auto& row : r.rows) out.push_back(row[k].value_or("<null>"));
    }
    return out;
  }

  SfCatalog catalog_;
  SqlEngine engine_;
  Session admin_;
  int64_t now_ = 1700000000000;
};

TEST_F(SnowflakeEngineTest, CreateShowAndDropDatabases) {
  ResultSet created = Ok("CREATE DATABASE IF NOT EXISTS \"RAW\" COMMENT = 'landing'");
  EXPECT_EQ(created.rows[0][0], "Database RAW successfully created.");
  EXPECT_EQ(Ok("CREATE DATABASE IF NOT EXISTS raw").rows[0][0],
            "RAW already exists, statement succeeded.");
  EXPECT_EQ(Code("CREATE DATABASE raw"), "002002");
  Ok("CREATE DATABASE \"lower db\"");
  ResultSet shown = Ok("SHOW DATABASES");
  EXPECT_EQ(Column(shown, "name"), (std::vector<std::string>{"RAW", "lower db"}));
  EXPECT_EQ(Column(shown, "comment"), (std::vector<std::string>{"landing", "<null>"}));
  EXPECT_EQ(Column(shown, "owner"), (std::vector<std::string>{"ACCOUNTADMIN", "ACCOUNTADMIN"}));
  EXPECT_EQ(Column(shown, "created_on")[0], "1700000000.001000000");
  EXPECT_EQ(Column(Ok("SHOW SCHEMAS IN DATABASE raw"), "name"),
            (std::vector<std::string>{"PUBLIC"}));
  Ok("ALTER DATABASE raw SET COMMENT = 'changed'");
  EXPECT_EQ(Column(Ok("SHOW DATABASES LIKE 'r%'"), "comment"),
            (std::vector<std::string>{"changed"}));
  Ok("ALTER DATABASE raw UNSET COMMENT");
  EXPECT_EQ(Column(Ok("SHOW DATABASES LIKE 'RAW'"), "comment"),
            (std::vector<std::string>{"<null>"}));
  EXPECT_EQ(Ok("DROP DATABASE raw").rows[0][0], "RAW successfully dropped.");
  EXPECT_EQ(Code("DROP DATABASE raw"), "002003");
  EXPECT_EQ(Code("DROP DATABASE IF EXISTS raw"), "ok");
  EXPECT_EQ(Code("SHOW SCHEMAS IN DATABASE raw"), "002003");
}

TEST_F(SnowflakeEngineTest, HostileNamesNeverRunAsSql) {
  Ok("CREATE DATABASE \"x\"\"; DROP DATABASE SAFE; --\"");
  Ok("CREATE DATABASE SAFE");
  Ok("CREATE SCHEMA \"x\"\"; DROP DATABASE SAFE; --\".\"s'--\" COMMENT = 'a''b\\'; DROP'");
  ResultSet dbs = Ok("SHOW DATABASES");
  EXPECT_EQ(Column(dbs, "name"), (std::vector<std::string>{"SAFE", "x\"; DROP DATABASE SAFE; --"}));
  ResultSet schemas = Ok("SHOW SCHEMAS IN DATABASE \"x\"\"; DROP DATABASE SAFE; --\"");
  EXPECT_EQ(Column(schemas, "name"), (std::vector<std::string>{"PUBLIC", "s'--"}));
  EXPECT_EQ(Column(schemas, "comment")[1], "a'b'; DROP");
}

TEST_F(SnowflakeEngineTest, SyntaxErrorsAndUnknownStatements) {
  EXPECT_EQ(Code("CREATE DATABASE"), "001003");
  EXPECT_EQ(Code("CREATE DATABASE a b"), "001003");
  EXPECT_EQ(Code("FROBNICATE ROLES"), "001003");
  EXPECT_EQ(Code("SHOW ROLES LIMIT x"), "001003");
}

TEST_F(SnowflakeEngineTest, WarehousesNormaliseSizeAndState) {
  Ok("CREATE WAREHOUSE IF NOT EXISTS \"W\" WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 "
     "AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE COMMENT = 'etl'");
  ResultSet shown = Ok("SHOW WAREHOUSES LIKE 'W'");
  EXPECT_EQ(Column(shown, "size"), (std::vector<std::string>{"X-Small"}));
  EXPECT_EQ(Column(shown, "state"), (std::vector<std::string>{"SUSPENDED"}));
  EXPECT_EQ(Column(shown, "auto_suspend"), (std::vector<std::string>{"60"}));
  EXPECT_EQ(Column(shown, "auto_resume"), (std::vector<std::string>{"true"}));
  Ok("ALTER WAREHOUSE \"W\" SET WAREHOUSE_SIZE = 'MEDIUM' AUTO_SUSPEND = 120");
  EXPECT_EQ(Column(Ok("SHOW WAREHOUSES LIKE 'W'"), "size"), (std::vector<std::string>{"Medium"}));
  EXPECT_EQ(Code("ALTER WAREHOUSE \"W\" SET WAREHOUSE_SIZE = 'HUGE'"), "002029");
}

TEST_F(SnowflakeEngineTest, RolesUsersAndPrivilegesAreEnforced) {
  Ok("CREATE ROLE IF NOT EXISTS \"LOADER\" COMMENT = 'loads'");
  Ok("CREATE USER IF NOT EXISTS \"BOT\" DEFAULT_ROLE = \"LOADER\" TYPE = SERVICE");
  Ok("GRANT ROLE \"LOADER\" TO USER \"BOT\"");
  Session bot{"BOT", "LOADER", "", "", ""};
  EXPECT_EQ(Code("CREATE DATABASE D1", &bot), "003001");
  Ok("GRANT CREATE DATABASE ON ACCOUNT TO ROLE \"LOADER\"");
  Ok("CREATE DATABASE D1", &bot);
  Ok("CREATE DATABASE D2");
  // The loader sees what it owns, not the admin's database.
  EXPECT_EQ(Column(Ok("SHOW DATABASES", &bot), "name"), (std::vector<std::string>{"D1"}));
  EXPECT_EQ(Code("DROP DATABASE D2", &bot), "002003");
  Ok("GRANT USAGE ON DATABASE D2 TO ROLE LOADER");
  EXPECT_EQ(Code("DROP DATABASE D2", &bot), "003001");
  EXPECT_EQ(Code("CREATE SCHEMA D2.S", &bot), "003001");
  EXPECT_EQ(Code("USE ROLE ACCOUNTADMIN", &bot), "003013");
  ResultSet grants = Ok("SHOW GRANTS TO ROLE LOADER");
  EXPECT_EQ(Column(grants, "privilege"),
            (std::vector<std::string>{"CREATE DATABASE", "OWNERSHIP", "USAGE", "OWNERSHIP"}));
  EXPECT_EQ(Column(grants, "name"), (std::vector<std::string>{"SANDBOX", "D1", "D2", "D1.PUBLIC"}));
  ResultSet of = Ok("SHOW GRANTS OF ROLE LOADER");
  EXPECT_EQ(Column(of, "grantee_name"), (std::vector<std::string>{"BOT"}));
  EXPECT_EQ(Column(of, "granted_to"), (std::vector<std::string>{"USER"}));
  Ok("REVOKE ROLE LOADER FROM USER BOT");
  EXPECT_TRUE(Ok("SHOW GRANTS OF ROLE LOADER").rows.empty());
}

TEST_F(SnowflakeEngineTest, RoleHierarchyGivesInheritedPrivilegesAndRefusesCycles) {
  Ok("CREATE ROLE A");
  Ok("CREATE ROLE B");
  Ok("GRANT ROLE A TO ROLE B");
  Ok("GRANT CREATE DATABASE ON ACCOUNT TO ROLE A");
  Ok("CREATE USER U");
  Ok("GRANT ROLE B TO USER U");
  Session u{"U", "B", "", "", ""};
  Ok("CREATE DATABASE BY_B", &u);
  EXPECT_EQ(Column(Ok("SHOW DATABASES", &u), "owner"), (std::vector<std::string>{"B"}));
  EXPECT_EQ(Code("GRANT ROLE B TO ROLE A"), "003011");
  Ok("USE ROLE A", &u);
  EXPECT_EQ(u.role, "A");
}

TEST_F(SnowflakeEngineTest, GrantsOnObjectsWithGrantOptionAndFutureSchemas) {
  Ok("CREATE ROLE R");
  Ok("CREATE DATABASE D");
  Ok("GRANT USAGE, MONITOR ON DATABASE \"D\" TO ROLE \"R\" WITH GRANT OPTION");
  ResultSet on = Ok("SHOW GRANTS ON DATABASE D");
  EXPECT_EQ(Column(on, "privilege"), (std::vector<std::string>{"MONITOR", "OWNERSHIP", "USAGE"}));
  EXPECT_EQ(Column(on, "grant_option"), (std::vector<std::string>{"true", "true", "true"}));
  Ok("REVOKE GRANT OPTION FOR USAGE ON DATABASE D FROM ROLE R");
  Ok("REVOKE MONITOR ON DATABASE D FROM ROLE R");
  on = Ok("SHOW GRANTS ON DATABASE D");
  EXPECT_EQ(Column(on, "privilege"), (std::vector<std::string>{"OWNERSHIP", "USAGE"}));
  EXPECT_EQ(Column(on, "grant_option")[1], "false");
  Ok("GRANT USAGE ON FUTURE SCHEMAS IN DATABASE D TO ROLE R");
  ResultSet future = Ok("SHOW FUTURE GRANTS IN DATABASE D");
  EXPECT_EQ(Column(future, "grant_on"), (std::vector<std::string>{"SCHEMA"}));
  EXPECT_EQ(Column(future, "name"), (std::vector<std::string>{"D.<SCHEMA>"}));
  Ok("CREATE SCHEMA D.LATER");
  ResultSet on_schema = Ok("SHOW GRANTS ON SCHEMA D.LATER");
  EXPECT_EQ(Column(on_schema, "grantee_name"), (std::vector<std::string>{"ACCOUNTADMIN", "R"}));
  Ok("GRANT ALL PRIVILEGES ON ALL SCHEMAS IN DATABASE D TO ROLE R");
  EXPECT_GT(Ok("SHOW GRANTS TO ROLE R").rows.size(), 10u);
  EXPECT_EQ(Code("GRANT USAGE ON DATABASE NOPE TO ROLE R"), "002003");
  EXPECT_EQ(Code("GRANT USAGE ON DATABASE D TO ROLE NOPE"), "002003");
}

TEST_F(SnowflakeEngineTest, PipeChainsCollectShowOutputsInOneStatement) {
  Ok("CREATE ROLE R");
  Ok("CREATE DATABASE D");
  Ok("CREATE SCHEMA D.S");
  Ok("GRANT USAGE ON DATABASE D TO ROLE R");
  Ok("GRANT USAGE, MONITOR ON SCHEMA D.S TO ROLE R");
  ResultSet both =
      Ok("SHOW GRANTS ON DATABASE \"D\" ->> SHOW GRANTS ON SCHEMA \"D\".\"S\" ->> "
         "SELECT * FROM $2 UNION ALL SELECT * FROM $1");
  EXPECT_EQ(Column(both, "granted_on"),
            (std::vector<std::string>{"DATABASE", "DATABASE", "SCHEMA", "SCHEMA", "SCHEMA"}));
  EXPECT_EQ(Column(both, "privilege"),
            (std::vector<std::string>{"OWNERSHIP", "USAGE", "MONITOR", "OWNERSHIP", "USAGE"}));
  EXPECT_EQ(both.columns.size(), Ok("SHOW GRANTS ON DATABASE D").columns.size());
  // Without a SELECT the chain answers with its last statement; ->> inside quotes is text.
  EXPECT_EQ(Column(Ok("SHOW GRANTS ON DATABASE D ->> SHOW ROLES LIKE 'R'"), "name"),
            (std::vector<std::string>{"R"}));
  EXPECT_EQ(Code("CREATE ROLE \"a->>b\""), "ok");
  // A failing statement fails the chain; references must point at an earlier statement, and
  // set operands must have as many columns.
  EXPECT_EQ(Code("SHOW GRANTS ON DATABASE NOPE ->> SELECT * FROM $1"), "002003");
  EXPECT_EQ(Code("SHOW ROLES ->> SELECT * FROM $2"), "002029");
  EXPECT_EQ(Code("SHOW ROLES ->> SHOW GRANTS ON DATABASE D ->> "
                 "SELECT * FROM $1 UNION ALL SELECT * FROM $2"),
            "002029");
  EXPECT_EQ(Code("->> SHOW ROLES"), "001003");
}

TEST_F(SnowflakeEngineTest, ShowLimitFromIsACursorOverNames) {
  for (const char* name : {"A1", "A2", "A3", "B1", "B2"}) Ok(std::string("CREATE ROLE ") + name);
  ResultSet page = Ok("SHOW ROLES LIKE '_%' LIMIT 3 FROM 'A2'");
  EXPECT_EQ(Column(page, "name"), (std::vector<std::string>{"A3", "ACCOUNTADMIN", "B1"}));
  page = Ok("SHOW ROLES LIMIT 2 FROM 'SYSADMIN'");
  EXPECT_EQ(Column(page, "name"), (std::vector<std::string>{"USERADMIN"}));
}

TEST_F(SnowflakeEngineTest, UsersKeepRsaKeysAndDescribeTheirFingerprint) {
  auto pem = GenerateRsaPrivateKeyPem();
  ASSERT_TRUE(pem.ok());
  auto pub = PublicKeyOfPrivatePem(*pem);
  ASSERT_TRUE(pub.ok());
  Ok("CREATE USER IF NOT EXISTS \"SVC\" LOGIN_NAME = 'svc_login' DISPLAY_NAME = 'Service' "
     "DEFAULT_WAREHOUSE = \"SANDBOX_WH\" RSA_PUBLIC_KEY = '" +
     *pub + "' COMMENT = 'bot'");
  ResultSet desc = Ok("DESC USER SVC");
  std::map<std::string, std::string> props;
  for (const auto& row : desc.rows) props[*row[0]] = *row[1];
  EXPECT_EQ(props["LOGIN_NAME"], "SVC_LOGIN");
  EXPECT_EQ(props["RSA_PUBLIC_KEY_FP"], *PublicKeyFingerprint(*pub));
  EXPECT_EQ(props["RSA_PUBLIC_KEY_2_FP"], "null");
  EXPECT_EQ(Code("ALTER USER SVC SET RSA_PUBLIC_KEY = 'not a key'"), "002029");
  Ok("ALTER USER SVC UNSET RSA_PUBLIC_KEY");
  EXPECT_EQ(Column(Ok("SHOW USERS LIKE 'SVC'"), "has_rsa_public_key"),
            (std::vector<std::string>{"false"}));
}

TEST_F(SnowflakeEngineTest, CatalogSurvivesDumpAndLoad) {
  Ok("CREATE ROLE R");
  Ok("CREATE DATABASE D COMMENT = 'c'");
  Ok("GRANT USAGE ON DATABASE D TO ROLE R");
  Ok("GRANT USAGE ON FUTURE SCHEMAS IN DATABASE D TO ROLE R");
  const Value dumped = catalog_.Dump();
  SfCatalog loaded;
  ASSERT_TRUE(loaded.Load(dumped).ok());
  EXPECT_EQ(loaded.Dump(), dumped);
  EXPECT_FALSE(loaded.Load(Value{{"objects", 3}}).ok());
}

}  // namespace
}  // namespace causeway::sandbox::snowflake
