// Snowflake's driver protocol over loopback HTTP, call by call: password and key-pair logins
// and their refusals, queries whose session keeps USE across calls, heartbeats, token renewal
// with the master token, logout, expiry by the sandbox clock, async queries, and the core's
// faults as drivers see them (success=false bodies, 429).
#include <gtest/gtest.h>

#include "sandbox/snowflake/snowflake_frontend.h"
#include "tests/support/fake_clock.h"
#include "tests/support/sandbox_snowflake.h"

namespace causeway::testing {
namespace {

class SnowflakeDriverProtocolTest : public ::testing::Test {
 protected:
  SnowflakeDriverProtocolTest() : fixture_(Options()) {}
  SandboxFixture::Options Options() {
    SandboxFixture::Options o;
    o.clock = &clock_;
    return o;
  }
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    http_ = fixture_.Client();
  }

  Value Post(const std::string& path, const Value& body, const std::string& token = "",
             int* status = nullptr) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Type", "application/json"}, {"Accept", "application/snowflake"}};
    if (!token.empty()) headers.emplace_back("Authorization", "Snowflake Token=\"" + token + "\"");
    SandboxReply reply = http_->Raw("POST", path, body.dump(), headers);
    if (status != nullptr) *status = reply.status;
    return reply.Json();
  }
  Value Login(const Value& data, const std::string& query = "") {
    Value body = {{"data", data}};
    body["data"]["ACCOUNT_NAME"] = "SANDBOX";
    body["data"]["CLIENT_APP_ID"] = "test";
    return Post("/session/v1/login-request?requestId=1" + query, body);
  }
  std::string PasswordLogin() {
    const Value reply =
        Login({{"LOGIN_NAME", "sandbox_admin"}, {"PASSWORD", sandbox::kSnowflakePassword}});
    EXPECT_EQ(reply["success"], true) << reply.dump();
    return reply["data"].value("token", std::string());
  }
  Value Query(const std::string& token, const std::string& sql, bool async = false) {
    return Post("/queries/v1/query-request?requestId=2",
                {{"sqlText", sql}, {"asyncExec", async}, {"sequenceId", 1}}, token);
  }

  FakeClock clock_{FakeClock::kSleepsDoNotAdvance};
  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> http_;
};

TEST_F(SnowflakeDriverProtocolTest, PasswordLoginQueriesAndKeepsTheSessionsNamespace) {
  const Value login = Login({{"LOGIN_NAME", "SANDBOX_ADMIN"},
                             {"PASSWORD", sandbox::kSnowflakePassword},
                             {"AUTHENTICATOR", "SNOWFLAKE"}},
                            "&warehouse=SANDBOX_WH&roleName=ACCOUNTADMIN");
  ASSERT_EQ(login["success"], true) << login.dump();
  EXPECT_EQ(login["data"]["sessionInfo"]["roleName"], "ACCOUNTADMIN");
  EXPECT_EQ(login["data"]["sessionInfo"]["warehouseName"], "SANDBOX_WH");
  const std::string token = login["data"]["token"];
  EXPECT_EQ(Query(token, "CREATE DATABASE DRV")["success"], true);
  EXPECT_EQ(Query(token, "USE SCHEMA DRV.PUBLIC")["success"], true);
  const Value shown = Query(token, "SHOW SCHEMAS");
  ASSERT_EQ(shown["success"], true) << shown.dump();
  EXPECT_EQ(shown["data"]["queryResultFormat"], "json");
  EXPECT_EQ(shown["data"]["finalDatabaseName"], "DRV");
  EXPECT_EQ(shown["data"]["rowtype"][1]["name"], "name");
  EXPECT_EQ(shown["data"]["rowset"][0][1], "PUBLIC");
  EXPECT_EQ(shown["data"]["total"], 1);
  const Value failed = Query(token, "DROP DATABASE NOPE");
  EXPECT_EQ(failed["success"], false);
  EXPECT_EQ(failed["code"], "002003");
  EXPECT_EQ(failed["data"]["sqlState"], "02000");
  EXPECT_FALSE(failed["data"]["queryId"].get<std::string>().empty());
}

TEST_F(SnowflakeDriverProtocolTest, LoginsAreRefusedWithSnowflakeCodes) {
  EXPECT_EQ(Login({{"LOGIN_NAME", "SANDBOX_ADMIN"}, {"PASSWORD", "nope"}})["code"], "390100");
  EXPECT_EQ(Login({{"LOGIN_NAME", "NOBODY"}, {"PASSWORD", "x"}})["code"], "390100");
  EXPECT_EQ(Login({{"LOGIN_NAME", "SANDBOX_ADMIN"},
                   {"AUTHENTICATOR", "SNOWFLAKE_JWT"},
                   {"TOKEN", "not.a.jwt"}})["code"],
            "390144");
  const std::string admin = PasswordLogin();
  Query(admin, "CREATE ROLE R");
  Query(admin, "CREATE USER U PASSWORD = 'pw'");
  EXPECT_EQ(Login({{"LOGIN_NAME", "U"}, {"PASSWORD", "pw"}}, "&roleName=R")["code"], "390189");
  EXPECT_EQ(Login({{"LOGIN_NAME", "U"}, {"PASSWORD", "pw"}})["success"], true);
}

TEST_F(SnowflakeDriverProtocolTest, KeyPairLoginWithTheSandboxKey) {
  SnowflakeSqlClient sql(fixture_);
  const std::string jwt = sql.MintJwt("SANDBOX_ADMIN", sql.admin_key_pem());
  const Value login =
      Login({{"LOGIN_NAME", "SANDBOX_ADMIN"}, {"AUTHENTICATOR", "SNOWFLAKE_JWT"}, {"TOKEN", jwt}});
  ASSERT_EQ(login["success"], true) << login.dump();
  EXPECT_EQ(Query(login["data"]["token"], "SHOW WAREHOUSES")["data"]["rowset"][0][0], "SANDBOX_WH");
}

TEST_F(SnowflakeDriverProtocolTest, HeartbeatRenewalLogoutAndExpiry) {
  const Value login =
      Login({{"LOGIN_NAME", "SANDBOX_ADMIN"}, {"PASSWORD", sandbox::kSnowflakePassword}});
  const std::string token = login["data"]["token"];
  const std::string master = login["data"]["masterToken"];
  EXPECT_EQ(Post("/session/heartbeat", Value::object(), token)["success"], true);
  EXPECT_EQ(Post("/telemetry/send", {{"logs", Value::array()}}, token)["success"], true);
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(Query(token, "SHOW ROLES")["code"], "390112");
  const Value renewed = Post("/session/token-request",
                             {{"oldSessionToken", token}, {"requestType", "RENEW"}}, master);
  ASSERT_EQ(renewed["success"], true) << renewed.dump();
  const std::string fresh = renewed["data"]["sessionToken"];
  EXPECT_EQ(Query(fresh, "SHOW ROLES")["success"], true);
  EXPECT_EQ(Query(token, "SHOW ROLES")["code"], "390104");
  EXPECT_EQ(Post("/session?delete=true", Value::object(), fresh)["success"], true);
  EXPECT_EQ(Query(fresh, "SHOW ROLES")["code"], "390104");
  EXPECT_EQ(Post("/session/token-request", {{"oldSessionToken", fresh}}, master)["code"], "390114");
}

TEST_F(SnowflakeDriverProtocolTest, MultiStatementQueriesListTheirResultIds) {
  const std::string token = PasswordLogin();
  const Value reply = Post("/queries/v1/query-request",
                           {{"sqlText", "CREATE ROLE M1; SHOW ROLES LIKE 'M1'"},
                            {"parameters", {{"MULTI_STATEMENT_COUNT", 2}}}},
                           token);
  ASSERT_EQ(reply["success"], true) << reply.dump();
  const std::string ids = reply["data"]["resultIds"];
  const std::string second = ids.substr(ids.find(',') + 1);
  const Value shown = http_
                          ->Raw("GET", "/queries/" + second + "/result", "",
                                {{"Authorization", "Snowflake Token=\"" + token + "\""}})
                          .Json();
  EXPECT_EQ(shown["data"]["rowset"][0][1], "M1") << shown.dump();
}

TEST_F(SnowflakeDriverProtocolTest, AsyncQueriesAreFetchedByTheirResultUrl) {
  const std::string token = PasswordLogin();
  const Value accepted = Query(token, "SHOW WAREHOUSES", /*async=*/true);
  ASSERT_EQ(accepted["code"], "333334") << accepted.dump();
  const std::string url = accepted["data"]["getResultUrl"];
  const Value result =
      http_->Raw("GET", url, "", {{"Authorization", "Snowflake Token=\"" + token + "\""}}).Json();
  EXPECT_EQ(result["data"]["rowset"][0][0], "SANDBOX_WH") << result.dump();
}

TEST_F(SnowflakeDriverProtocolTest, CoreFaultsReachDriversInTheirShape) {
  const std::string token = PasswordLogin();
  ASSERT_EQ(http_
                ->Raw("POST", "/_sandbox/faults",
                      R"({"latency_ms": 3, "fail":[{"service":"snowflake_session",
                           "operation":"QueryRequest","status":422,"code":"000630",
                           "message":"Statement reached its statement or warehouse timeout"}]})")
                .status,
            200);
  int status = 0;
  const Value failed =
      Post("/queries/v1/query-request", {{"sqlText", "SHOW ROLES"}}, token, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(failed["success"], false);
  EXPECT_EQ(failed["code"], "000630");
  ASSERT_EQ(http_->Raw("POST", "/_sandbox/faults", R"({"throttle_rate": 1})").status, 200);
  Post("/queries/v1/query-request", {{"sqlText", "SHOW ROLES"}}, token, &status);
  EXPECT_EQ(status, 429);
  const Value counts = http_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(counts["failed"], 1);
  EXPECT_EQ(counts["throttled"], 1);
  EXPECT_GE(counts["injected_latency_ms"], 3);
}

}  // namespace
}  // namespace causeway::testing
