// The SQL API v2 client (providers/snowflake/snowflake_client.h) against a scripted in-memory
// server: the request it sends (path, requestId, headers, body), retry=true with the same
// requestId on resubmission, every partition fetched, 202 polled, multi-statement batches and
// the statements a failed batch ran, and errors mapped with the SQL code and SQLSTATE.
#include "providers/snowflake/snowflake_client.h"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <mutex>

#include "tests/support/fake_clock.h"

namespace causeway::snowflake {
namespace {

class ScriptedServer : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;
  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(request);
    if (replies.empty()) return HttpResponse{500, {}, "{\"message\":\"unexpected request\"}"};
    Handler h = replies.front();
    replies.pop_front();
    return h(request);
  }
  void Reply(int status, const Value& body) {
    replies.push_back([=](const HttpRequest&) -> Result<HttpResponse> {
      return HttpResponse{status, {}, body.dump()};
    });
  }
  std::mutex mu_;
  std::deque<Handler> replies;
  std::vector<HttpRequest> requests;
};

Value ResultSet(const std::vector<std::string>& columns, const Value& data, int partitions = 1,
                const std::string& handle = "h-1") {
  Value row_type = Value::array();
  for (const auto& c : columns) row_type.push_back({{"name", c}, {"type", "text"}});
  Value info = Value::array();
  for (int i = 0; i < partitions; ++i) info.push_back({{"rowCount", 1}});
  return {{"resultSetMetaData",
           {{"numRows", data.size()},
            {"format", "jsonv2"},
            {"rowType", row_type},
            {"partitionInfo", info}}},
          {"data", data},
          {"code", "090001"},
          {"statementHandle", handle},
          {"statementStatusUrl", "/api/v2/statements/" + handle}};
}

std::string HeaderOf(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class SnowflakeClientTest : public ::testing::Test {
 protected:
  SnowflakeClient& Client() {
    if (!client_) {
      SnowflakeClientOptions o;
      o.http = &server_;
      o.clock = &clock_;
      o.base_url = "http://127.0.0.1:9";
      o.token = std::make_shared<StaticToken>("tok-123", "OAuth token from T");
      o.role = "ACCOUNTADMIN";
      o.warehouse = "SANDBOX_WH";
      o.retry.seed = 1;
      client_ = std::make_unique<SnowflakeClient>(o);
    }
    return *client_;
  }
  ScriptedServer server_;
  testing::FakeClock clock_;
  std::unique_ptr<SnowflakeClient> client_;
};

TEST_F(SnowflakeClientTest, PostsTheStatementWithRequestIdHeadersAndBody) {
  server_.Reply(200,
                ResultSet({"name", "comment"}, Value::parse(R"([["RAW", null], ["GOLD", "x"]])")));
  auto rows = Client().Execute("SHOW DATABASES", {"DB", "S"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(server_.requests.size(), 1u);
  const HttpRequest& r = server_.requests[0];
  EXPECT_EQ(r.method, "POST");
  ASSERT_EQ(r.url.rfind("http://127.0.0.1:9/api/v2/statements?requestId=", 0), 0u) << r.url;
  EXPECT_EQ(r.url.size(),
            std::string("http://127.0.0.1:9/api/v2/statements?requestId=").size() + 36);
  EXPECT_EQ(r.url.find("retry"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Authorization"), "Bearer tok-123");
  EXPECT_EQ(HeaderOf(r, "X-Snowflake-Authorization-Token-Type"), "OAUTH");
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(r, "Accept"), "application/json");
  Value body = Value::parse(r.body);
  EXPECT_EQ(body["statement"], "SHOW DATABASES");
  EXPECT_EQ(body["role"], "ACCOUNTADMIN");
  EXPECT_EQ(body["warehouse"], "SANDBOX_WH");
  EXPECT_EQ(body["database"], "DB");
  EXPECT_EQ(body["schema"], "S");
  EXPECT_FALSE(body.contains("parameters"));
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->Text(0, "NAME"), "RAW") << "columns are found by name, in any case";
  EXPECT_FALSE(rows->Get(0, "comment").has_value());
  EXPECT_EQ(rows->Text(1, "comment"), "x");
  EXPECT_FALSE(rows->HasColumn("owner"));
  EXPECT_EQ(rows->Text(0, "owner"), "") << "an unknown column reads as absent";
  EXPECT_EQ(rows->statement_handle(), "h-1");
}

TEST_F(SnowflakeClientTest, ResubmissionKeepsTheRequestIdAndSaysRetry) {
  server_.replies.push_back([](const HttpRequest&) -> Result<HttpResponse> {
    return Status::IOError(std::string(kHttpTimedOut) + ": after 30 s");
  });
  server_.Reply(503, {{"code", "000000"}, {"message", "service unavailable"}});
  server_.Reply(200, ResultSet({"status"}, {{"ok"}}));
  auto rows = Client().Execute("CREATE ROLE IF NOT EXISTS \"R\"");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(server_.requests.size(), 3u);
  const std::string first = server_.requests[0].url;
  EXPECT_EQ(first.find("retry=true"), std::string::npos);
  EXPECT_EQ(server_.requests[1].url, first + "&retry=true");
  EXPECT_EQ(server_.requests[2].url, first + "&retry=true");
  EXPECT_EQ(Client().statements(), 1);
  EXPECT_EQ(Client().requests(), 3);
}

TEST_F(SnowflakeClientTest, EachStatementHasItsOwnRequestId) {
  server_.Reply(200, ResultSet({"a"}, Value::array()));
  server_.Reply(200, ResultSet({"a"}, Value::array()));
  ASSERT_TRUE(Client().Execute("SELECT 1").ok());
  ASSERT_TRUE(Client().Execute("SELECT 1").ok());
  EXPECT_NE(server_.requests[0].url, server_.requests[1].url);
}

TEST_F(SnowflakeClientTest, EveryPartitionIsFetched) {
  server_.Reply(200, ResultSet({"name"}, {{"A"}, {"B"}}, 3, "h-part"));
  server_.Reply(200, {{"data", {{"C"}}}});
  server_.Reply(200, {{"data", {{"D"}, {"E"}}}});
  auto rows = Client().Execute("SHOW ROLES");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ(rows->Text(4, "name"), "E");
  ASSERT_EQ(server_.requests.size(), 3u);
  EXPECT_EQ(server_.requests[1].method, "GET");
  EXPECT_EQ(server_.requests[1].url, "http://127.0.0.1:9/api/v2/statements/h-part?partition=1");
  EXPECT_EQ(server_.requests[2].url, "http://127.0.0.1:9/api/v2/statements/h-part?partition=2");
}

TEST_F(SnowflakeClientTest, RunningStatementIsPolledUntilItEnds) {
  Value running = {{"code", "333334"},
                   {"message", "Asynchronous execution in progress."},
                   {"statementHandle", "h-async"},
                   {"statementStatusUrl", "/api/v2/statements/h-async"}};
  server_.Reply(202, running);
  server_.Reply(202, running);
  server_.Reply(200, ResultSet({"n"}, {{"1"}}, 1, "h-async"));
  auto rows = Client().Execute("SELECT 1");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->Text(0, "n"), "1");
  ASSERT_EQ(server_.requests.size(), 3u);
  EXPECT_EQ(server_.requests[1].url, "http://127.0.0.1:9/api/v2/statements/h-async");
  auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_EQ(sleeps[0], std::chrono::milliseconds(100));
  EXPECT_EQ(sleeps[1], std::chrono::milliseconds(200));
}

TEST_F(SnowflakeClientTest, SqlErrorsMapWithCodeAndSqlState) {
  struct Case {
    std::string code, state;
    StatusCode want;
  };
  for (const Case& c : {Case{"002003", "02000", StatusCode::kNotFound},
                        Case{"002002", "42710", StatusCode::kConflict},
                        Case{"003001", "42501", StatusCode::kPermissionDenied},
                        Case{"001003", "42000", StatusCode::kInvalidArgument},
                        Case{"100038", "22018", StatusCode::kProviderError}}) {
    server_.Reply(422, {{"code", c.code},
                        {"sqlState", c.state},
                        {"message", "Object 'X' does not exist or not authorized."},
                        {"statementHandle", "h-err"}});
    auto r = Client().Execute("DROP ROLE \"X\"");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.want) << c.code;
    EXPECT_EQ(r.status().provider_code(), c.code);
    EXPECT_EQ(r.status().message(), "snowflake: DROP ROLE \"X\": SQL error " + c.code +
                                        " (SQLSTATE " + c.state +
                                        "): Object 'X' does not exist or not authorized.");
  }
}

TEST_F(SnowflakeClientTest, HttpRefusalsMapToClearErrors) {
  server_.Reply(401, {{"code", "390144"}, {"message", "JWT token is invalid."}});
  auto denied = Client().Execute("SELECT 1");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(denied.status().message().find("390144: JWT token is invalid."), std::string::npos);
  EXPECT_NE(denied.status().message().find("OAuth token from T"), std::string::npos);
  EXPECT_EQ(denied.status().message().find("tok-123"), std::string::npos) << "never the token";

  server_.Reply(
      408,
      {{"code", "000630"}, {"message", "Statement reached its timeout"}, {"statementHandle", "h"}});
  auto timeout = Client().Execute("SELECT 1");
  EXPECT_EQ(timeout.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(timeout.status().message().find("was cancelled"), std::string::npos);

  for (int i = 0; i < 5; ++i) server_.Reply(429, {{"code", "000000"}, {"message", "Too many"}});
  auto throttled = Client().Execute("SELECT 1");
  EXPECT_EQ(throttled.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(throttled.status().message().find("HTTP 429"), std::string::npos);
  EXPECT_EQ(server_.requests.size(), 2u + 5u) << "429 is retried up to max_attempts";
}

TEST_F(SnowflakeClientTest, BatchSendsOneMultiStatementRequest) {
  server_.Reply(200,
                {{"resultSetMetaData", {{"rowType", {{{"name", "multiple statement execution"}}}}}},
                 {"data", {{"Multiple statements executed successfully."}}},
                 {"statementHandles", {"h1", "h2", "h3"}},
                 {"statementHandle", "h0"}});
  size_t ran = 99;
  auto handles =
      Client().ExecuteBatch({"CREATE ROLE IF NOT EXISTS \"A\"", "CREATE ROLE IF NOT EXISTS \"B;C\"",
                             "GRANT ROLE \"A\" TO ROLE \"SYSADMIN\""},
                            &ran);
  ASSERT_TRUE(handles.ok()) << handles.status().ToString();
  EXPECT_EQ(*handles, (std::vector<std::string>{"h1", "h2", "h3"}));
  EXPECT_EQ(ran, 3u);
  ASSERT_EQ(server_.requests.size(), 1u);
  Value body = Value::parse(server_.requests[0].body);
  EXPECT_EQ(body["parameters"]["multi_statement_count"], 3);
  EXPECT_EQ(body["statement"],
            "CREATE ROLE IF NOT EXISTS \"A\";\nCREATE ROLE IF NOT EXISTS \"B;C\";\n"
            "GRANT ROLE \"A\" TO ROLE \"SYSADMIN\"");
  EXPECT_EQ(Client().statements(), 3);

  server_.Reply(200, ResultSet({"status"}, {{"Role A successfully created."}}, 1, "h1"));
  auto first = Client().Fetch("h1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->Text(0, "status"), "Role A successfully created.");
  EXPECT_EQ(server_.requests[1].url, "http://127.0.0.1:9/api/v2/statements/h1");
}

TEST_F(SnowflakeClientTest, FailedBatchSaysWhichStatementsRan) {
  server_.Reply(422,
                {{"code", "002003"},
                 {"sqlState", "02000"},
                 {"message", "Statement 3 failed: Role 'NOPE' does not exist or not authorized."},
                 {"statementHandle", "h0"},
                 {"statementHandles", {"h1", "h2"}}});
  size_t ran = 99;
  auto r = Client().ExecuteBatch(
      {"CREATE ROLE IF NOT EXISTS \"A\"", "CREATE ROLE IF NOT EXISTS \"B\"",
       "GRANT ROLE \"NOPE\" TO ROLE \"A\"", "CREATE ROLE IF NOT EXISTS \"D\""},
      &ran);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ran, 2u);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message().rfind(
                "statement 3 of 4 failed (GRANT ROLE \"NOPE\" TO ROLE \"A\"); statements 1-2 ran "
                "and stay applied, statements 4-4 did not run: snowflake: a batch of 4 "
                "statements: SQL error 002003 (SQLSTATE 02000)",
                0),
            0u)
      << r.status().message();

  server_.Reply(422, {{"code", "001003"},
                      {"sqlState", "42000"},
                      {"message", "syntax error"},
                      {"statementHandle", "h0"}});
  auto first = Client().ExecuteBatch({"CREATE ROLE x y", "CREATE ROLE IF NOT EXISTS \"B\""}, &ran);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(ran, 0u);
  EXPECT_NE(first.status().message().find("no statement of the batch ran"), std::string::npos);
}

TEST_F(SnowflakeClientTest, MalformedRepliesAreErrorsNotCrashes) {
  server_.replies.push_back([](const HttpRequest&) -> Result<HttpResponse> {
    return HttpResponse{200, {}, "<html>"};
  });
  auto html = Client().Execute("SELECT 1");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.status().code(), StatusCode::kProviderError);

  server_.Reply(200, {{"resultSetMetaData", {{"rowType", {{{"name", "a"}}}}}},
                      {"data", Value::parse(R"([["x", "extra"]])")}});
  auto ragged = Client().Execute("SELECT 1");
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.status().message().find("data[0]: expected a row of 1 cells"),
            std::string::npos);
}

TEST(RequestIdTest, IsAVersion4Uuid) {
  std::string id = NewRequestId();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(id, NewRequestId());
}

}  // namespace
}  // namespace causeway::snowflake
