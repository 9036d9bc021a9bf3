// The Snowflake SQL API v2 over loopback HTTP: key-pair JWTs (good, expired, wrong key,
// milliseconds), 422 error shapes, async 202 + polling, result partitions, requestId retries,
// multi-statement requests, faults (async, throttling, latency, a failing statement), the
// sandbox's listing of the test identity, and state and key surviving a restart.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "sandbox/snowflake/auth/keypair_jwt.h"
#include "sandbox/snowflake/auth/rsa_keys.h"
#include "sandbox/snowflake/snowflake_frontend.h"
#include "tests/support/sandbox_snowflake.h"

namespace causeway::testing {
namespace {

SandboxFixture::Options SmallPartitions() {
  SandboxFixture::Options o;
  o.add_clouds = [](sandbox::SandboxServer* server) {
    sandbox::SnowflakeFrontendOptions options;
    options.partition_rows = 2;
    ASSERT_TRUE(sandbox::AddSnowflakeCloud(server, options).ok());
  };
  return o;
}

class SnowflakeSqlApiTest : public ::testing::Test {
 protected:
  SnowflakeSqlApiTest() : fixture_(SmallPartitions()) {}
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = std::make_unique<SnowflakeSqlClient>(fixture_);
    admin_ = fixture_.Client();
  }

  SandboxFixture fixture_;
  std::unique_ptr<SnowflakeSqlClient> client_;
  std::unique_ptr<SandboxClient> admin_;
};

TEST_F(SnowflakeSqlApiTest, AdminJwtRunsStatementsAndGetsResultSets) {
  SandboxReply reply = client_->Submit("SHOW WAREHOUSES");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const Value json = reply.Json();
  EXPECT_EQ(json["code"], "090001");
  EXPECT_EQ(json["resultSetMetaData"]["format"], "jsonv2");
  EXPECT_EQ(ColumnValues(json, "name"), (std::vector<std::string>{"SANDBOX_WH"}));
  EXPECT_EQ(json["resultSetMetaData"]["rowType"][ColumnIndex(json, "created_on")]["type"],
            "timestamp_ltz");
  EXPECT_FALSE(json["statementHandle"].get<std::string>().empty());
}

TEST_F(SnowflakeSqlApiTest, BadTokensAreRefusedWithSnowflakeCodes) {
  // Expired: issued two hours ago for one hour.
  client_->set_token(
      client_->MintJwt("SANDBOX_ADMIN", client_->admin_key_pem(), std::chrono::hours(2)));
  SandboxReply expired = client_->Submit("SHOW ROLES");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.Json()["code"], "390144");
  EXPECT_NE(expired.Json()["message"].get<std::string>().find("JWT token is invalid."),
            std::string::npos);
  // Signed by a key the user does not have: the fingerprint matches nothing.
  auto other = sandbox::snowflake::GenerateRsaPrivateKeyPem();
  ASSERT_TRUE(other.ok());
  client_->set_token(client_->MintJwt("SANDBOX_ADMIN", *other));
  EXPECT_EQ(client_->Submit("SHOW ROLES").Json()["code"], "390144");
  // A lifetime over an hour.
  client_->set_token(
      client_->MintJwt("SANDBOX_ADMIN", client_->admin_key_pem(), std::chrono::seconds(0), 7200));
  EXPECT_EQ(client_->Submit("SHOW ROLES").status, 401);
  client_->set_token("not-a-jwt");
  EXPECT_EQ(client_->Submit("SHOW ROLES").status, 401);
  SandboxReply no_header = admin_->Raw("POST", "/api/v2/statements", "{\"statement\":\"x\"}",
                                       {{"Content-Type", "application/json"}});
  EXPECT_EQ(no_header.status, 401);
}

TEST_F(SnowflakeSqlApiTest, MillisecondClaimsAsSnowflakeSdkSendsThemAreAccepted) {
  namespace sf = sandbox::snowflake;
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto pub = sf::PublicKeyOfPrivatePem(client_->admin_key_pem());
  ASSERT_TRUE(pub.ok());
  const std::string who = "SANDBOX.SANDBOX_ADMIN";
  const Value claims = {{"iss", who + "." + *sf::PublicKeyFingerprint(*pub)},
                        {"sub", who},
                        {"iat", now_ms},
                        {"exp", now_ms + 3600 * 1000}};
  const std::string input = sf::Base64UrlEncode(Value{{"alg", "RS256"}, {"typ", "JWT"}}.dump()) +
                            "." + sf::Base64UrlEncode(claims.dump());
  auto sig = sf::SignRs256(client_->admin_key_pem(), input);
  ASSERT_TRUE(sig.ok());
  client_->set_token(input + "." + sf::Base64UrlEncode(*sig));
  EXPECT_EQ(client_->Submit("SHOW ROLES").status, 200);
}

TEST_F(SnowflakeSqlApiTest, SqlErrorsAre422WithCodeSqlStateAndHandle) {
  const Value missing = client_->Submit("DROP DATABASE \"NOPE\"").Json();
  EXPECT_EQ(missing["code"], "002003");
  EXPECT_EQ(missing["sqlState"], "02000");
  EXPECT_NE(missing["message"].get<std::string>().find("does not exist or not authorized"),
            std::string::npos);
  EXPECT_FALSE(missing["statementHandle"].get<std::string>().empty());
  SandboxReply syntax = client_->Submit("CREATE DATABSE X");
  EXPECT_EQ(syntax.status, 422);
  EXPECT_EQ(syntax.Json()["code"], "001003");
  EXPECT_EQ(syntax.Json()["sqlState"], "42000");
  client_->Rows("CREATE DATABASE D");
  const Value dup = client_->Submit("CREATE DATABASE D").Json();
  EXPECT_EQ(dup["code"], "002002");
  EXPECT_EQ(dup["sqlState"], "42710");
  EXPECT_EQ(
      admin_->Raw("POST", "/api/v2/statements", "not json", {{"Authorization", "Bearer x"}}).status,
      401);
}

TEST_F(SnowflakeSqlApiTest, AsyncStatementsAnswer202UntilPolledToCompletion) {
  SnowflakeSubmit async;
  async.async = true;
  SandboxReply accepted = client_->Submit("CREATE ROLE ASYNC_ROLE", async);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  EXPECT_EQ(accepted.Json()["code"], "333334");
  const std::string handle = accepted.Json()["statementHandle"];
  EXPECT_EQ(client_->Get(handle).status, 202);
  SandboxReply done = client_->Get(handle);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json()["data"][0][0], "Role ASYNC_ROLE successfully created.");
}

TEST_F(SnowflakeSqlApiTest, AsyncFaultTurnsAFinishedReplyInto202) {
  ASSERT_EQ(admin_
                ->Raw("POST", "/_sandbox/faults",
                      R"({"async":[{"service":"snowflake","operation":"SubmitQuery"}]})")
                .status,
            200);
  SandboxReply accepted = client_->Submit("SHOW ROLES LIKE 'PUBLIC'");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  SandboxReply done = client_->Get(accepted.Json()["statementHandle"]);
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(ColumnValues(done.Json(), "name"), (std::vector<std::string>{"PUBLIC"}));
  EXPECT_EQ(client_->Submit("SHOW ROLES").status, 200);  // the rule fired once
}

TEST_F(SnowflakeSqlApiTest, LargeResultsComeInPartitions) {
  SandboxReply reply = client_->Submit("SHOW ROLES");  // five system roles
  ASSERT_EQ(reply.status, 200);
  const Value json = reply.Json();
  EXPECT_EQ(json["resultSetMetaData"]["numRows"], 5);
  ASSERT_EQ(json["resultSetMetaData"]["partitionInfo"].size(), 3u);
  EXPECT_EQ(json["resultSetMetaData"]["partitionInfo"][2]["rowCount"], 1);
  EXPECT_EQ(json["data"].size(), 2u);
  std::vector<std::string> names = ColumnValues(json, "name");
  const int name_column = ColumnIndex(json, "name");
  for (int partition = 1; partition < 3; ++partition) {
    SandboxReply more = client_->Get(json["statementHandle"], partition);
    ASSERT_EQ(more.status, 200);
    const Value page = more.Json();
    EXPECT_FALSE(page.contains("resultSetMetaData"));
    for (const auto& row : page["data"]) names.push_back(row[name_column]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"ACCOUNTADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN",
                                             "USERADMIN"}));
  EXPECT_EQ(client_->Get(json["statementHandle"], 3).status, 422);
  EXPECT_EQ(client_->Get("no-such-handle").status, 404);
}

TEST_F(SnowflakeSqlApiTest, RetriedRequestIdReturnsTheFirstResultWithoutRunningAgain) {
  SnowflakeSubmit first;
  first.request_id = "8f2c1f0e-0000-4000-8000-000000000001";
  SandboxReply created = client_->Submit("CREATE DATABASE ONCE", first);
  ASSERT_EQ(created.status, 200);
  SnowflakeSubmit retry = first;
  retry.retry = true;
  SandboxReply again = client_->Submit("CREATE DATABASE ONCE", retry);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["statementHandle"], created.Json()["statementHandle"]);
  // Without retry=true the statement runs again.
  EXPECT_EQ(client_->Submit("CREATE DATABASE ONCE", first).Json()["code"], "002002");
}

TEST_F(SnowflakeSqlApiTest, MultiStatementRequestsRunInOrderAndReportFailures) {
  SnowflakeSubmit three;
  three.multi_statement_count = 3;
  SandboxReply ok = client_->Submit(
      "CREATE DATABASE M; CREATE SCHEMA M.\"s;1\"; SHOW SCHEMAS IN DATABASE M", three);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["data"][0][0], "Multiple statements executed successfully.");
  const Value handles = ok.Json()["statementHandles"];
  ASSERT_EQ(handles.size(), 3u);
  SandboxReply third = client_->Get(handles[2]);
  EXPECT_EQ(ColumnValues(third.Json(), "name"), (std::vector<std::string>{"PUBLIC", "s;1"}));

  SandboxReply failed = client_->Submit("CREATE ROLE M1; CREATE ROLE M1; CREATE ROLE M3", three);
  ASSERT_EQ(failed.status, 422) << failed.body;
  EXPECT_EQ(failed.Json()["code"], "002002");
  EXPECT_NE(failed.Json()["message"].get<std::string>().find("Statement 2 of 3"),
            std::string::npos);
  EXPECT_EQ(failed.Json()["statementHandles"].size(), 1u);
  EXPECT_EQ(client_->Rows("SHOW ROLES LIKE 'M%'").size(), 1u);  // M1 stays, M3 never ran

  SnowflakeSubmit two;
  two.multi_statement_count = 2;
  EXPECT_EQ(client_->Submit("SHOW ROLES", two).Json()["code"], "000008");
  EXPECT_EQ(client_->Submit("SHOW ROLES; SHOW USERS").Json()["code"], "000008");
}

TEST_F(SnowflakeSqlApiTest, ReadsAreNotCountedAsChanges) {
  admin_->Raw("POST", "/_sandbox/counts/reset");
  SnowflakeSubmit two;
  two.multi_statement_count = 2;
  client_->Submit("CREATE ROLE \"COUNTED\"");
  client_->Submit("SHOW ROLES; DESC USER \"SANDBOX_ADMIN\"", two);
  client_->Submit("SHOW ROLES; DROP ROLE \"COUNTED\"", two);
  client_->Submit("  -- a comment first\nSELECT CURRENT_ROLE()");
  const Value counts = admin_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(counts["by_operation"]["snowflake:SubmitStatement"], 2) << counts.dump();
  EXPECT_EQ(counts["by_operation"]["snowflake:SubmitQuery"], 2) << counts.dump();
  EXPECT_EQ(counts["mutating"], 2);
}

TEST_F(SnowflakeSqlApiTest, CoreFaultsCoverSnowflake) {
  ASSERT_EQ(admin_
                ->Raw("POST", "/_sandbox/faults",
                      R"({"latency_ms": 5, "fail":[{"service":"snowflake",
                            "operation":"SubmitQuery","status":422,"code":"002003",
                            "message":"injected"}]})")
                .status,
            200);
  SandboxReply failed = client_->Submit("SHOW ROLES");
  EXPECT_EQ(failed.status, 422);
  EXPECT_EQ(failed.Json()["sqlState"], "02000");
  EXPECT_EQ(failed.Json()["message"], "injected");
  ASSERT_EQ(admin_->Raw("POST", "/_sandbox/faults", R"({"throttle_rate": 1})").status, 200);
  SandboxReply throttled = client_->Submit("SHOW ROLES");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(throttled.Json()["message"].get<std::string>().empty());
  const Value counts = admin_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(counts["by_operation"]["snowflake:SubmitQuery"], 2) << "SHOW only reads";
  EXPECT_EQ(counts["mutating"], 0);
  EXPECT_EQ(counts["throttled"], 1);
  EXPECT_GE(counts["injected_latency_ms"], 5);
}

TEST_F(SnowflakeSqlApiTest, SandboxListsTheTestIdentityAndEnvironment) {
  const Value clouds = admin_->Raw("GET", "/_sandbox/clouds").Json();
  const Value& creds = clouds["snowflake"]["credentials"];
  EXPECT_EQ(creds["account"], "SANDBOX");
  EXPECT_EQ(creds["user"], "SANDBOX_ADMIN");
  EXPECT_EQ(creds["role"], "ACCOUNTADMIN");
  EXPECT_EQ(creds["warehouse"], "SANDBOX_WH");
  EXPECT_EQ(creds["password"], "sandbox-test-password");
  EXPECT_EQ(creds["private_key_file"], fixture_.state_dir() + "/snowflake/sandbox_admin_key.p8");
  struct stat st {};
  ASSERT_EQ(stat(client_->private_key_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  const Value& env = clouds["snowflake"]["environment"];
  EXPECT_EQ(env["SNOWFLAKE_AUTHENTICATOR"], "SNOWFLAKE_JWT");
  EXPECT_EQ(env["SNOWFLAKE_HOST"], "127.0.0.1:" + std::to_string(fixture_.port()));
  EXPECT_EQ(env["SNOWFLAKE_PROTOCOL"], "http");
}

TEST_F(SnowflakeSqlApiTest, StateAndKeySurviveARestart) {
  client_->Rows("CREATE DATABASE KEPT COMMENT = 'still here'");
  const std::string pem = client_->admin_key_pem();
  ASSERT_TRUE(fixture_.Restart().ok());
  SnowflakeSqlClient after(fixture_);
  EXPECT_EQ(after.admin_key_pem(), pem);
  const Value dbs = after.Submit("SHOW DATABASES LIKE 'KEPT'").Json();
  EXPECT_EQ(ColumnValues(dbs, "comment"), (std::vector<std::string>{"still here"}));
  const Value dump = fixture_.Client()->Raw("GET", "/_sandbox/dump?service=snowflake").Json();
  EXPECT_TRUE(dump["snowflake"].contains("objects")) << dump.dump();
}

}  // namespace
}  // namespace causeway::testing
