// The SQL API v2 client (providers/snowflake/snowflake_client.h) against the sandbox's Snowflake
// emulator over loopback HTTP with a key-pair JWT: results in several partitions are read whole,
// a statement answered 202 is polled to its end, a dropped connection is resubmitted with the
// same requestId and retry=true and runs once, a failing multi-statement batch says which
// statements ran (and they did), and SQL errors carry their code and SQLSTATE.
#include <gtest/gtest.h>

#include "providers/snowflake/snowflake_client.h"
#include "sandbox/snowflake/snowflake_frontend.h"
#include "tests/snowflake/snowflake_sandbox_client.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using snowflake::RowSet;
using snowflake::SnowflakeClient;

SandboxFixture::Options SmallPartitions() {
  SandboxFixture::Options o;
  o.add_clouds = [](sandbox::SandboxServer* server) {
    sandbox::SnowflakeFrontendOptions options;
    options.partition_rows = 3;
    ASSERT_TRUE(sandbox::AddSnowflakeCloud(server, options).ok());
  };
  return o;
}

class SnowflakeClientSandboxTest : public ::testing::Test {
 protected:
  SnowflakeClientSandboxTest() : sandbox_(SmallPartitions()) {}

  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    admin_ = sandbox_.Client();
    RetryOptions retry;
    retry.seed = 1;
    client_ = NewSandboxSnowflakeClient(sandbox_, http_.get(), &clock_, retry);
    ASSERT_NE(client_, nullptr);
  }

  static Value Json(const SandboxReply& r) { return Value::parse(r.body, nullptr, false); }
  void Faults(const Value& config) {
    auto r = admin_->Raw("POST", "/_sandbox/faults", config.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }
  int64_t Posts() {
    Value counts = Json(admin_->Raw("GET", "/_sandbox/counts"));
    return counts.value("mutating", int64_t{0});
  }
  RowSet Run(const std::string& sql) {
    auto r = client_->Execute(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? *r : RowSet();
  }

  FakeClock clock_{FakeClock::kSleepsDoNotAdvance};
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> admin_;
  std::unique_ptr<HttpClient> http_ = NewCurlHttpClient();
  std::unique_ptr<SnowflakeClient> client_;
};

TEST_F(SnowflakeClientSandboxTest, EveryPartitionIsRead) {
  for (int i = 0; i < 8; ++i) Run("CREATE ROLE \"P" + std::to_string(i) + "\"");
  const int64_t before = client_->requests();
  RowSet roles = Run("SHOW ROLES");
  ASSERT_GE(roles.size(), 8u);
  const int64_t partitions = static_cast<int64_t>((roles.size() + 2) / 3);
  EXPECT_EQ(client_->requests() - before, partitions) << "one POST, then one GET per partition";
  std::set<std::string> names;
  for (size_t r = 0; r < roles.size(); ++r) names.insert(roles.Text(r, "name"));
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(names.count("P" + std::to_string(i)));
}

TEST_F(SnowflakeClientSandboxTest, RunningStatementIsPolled) {
  Faults({{"async", {{{"service", "snowflake"}, {"operation", "SubmitQuery"}, {"times", 1}}}}});
  RowSet rows = Run("SHOW WAREHOUSES");
  EXPECT_EQ(rows.Text(0, "name"), "SANDBOX_WH");
  EXPECT_FALSE(clock_.sleeps().empty()) << "the client waited between polls";
}

TEST_F(SnowflakeClientSandboxTest, DroppedConnectionIsResubmittedAndRunsOnce) {
  Faults({{"drop_connection",
           {{{"service", "snowflake"}, {"operation", "SubmitStatement"}, {"times", 1}}}}});
  const int64_t before = Posts();
  Run("CREATE DATABASE \"ONCE\"");  // no IF NOT EXISTS: a second run would fail
  EXPECT_EQ(Posts() - before, 2);
  EXPECT_EQ(Run("SHOW DATABASES LIKE 'ONCE'").size(), 1u);
}

TEST_F(SnowflakeClientSandboxTest, FailedBatchRanTheStatementsItSaysRan) {
  size_t ran = 99;
  auto r = client_->ExecuteBatch({"CREATE ROLE \"B1\"", "CREATE ROLE \"B;2\"",
                                  "GRANT ROLE \"NOPE\" TO ROLE \"B1\"", "CREATE ROLE \"B4\""},
                                 &ran);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ran, 2u);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
  EXPECT_NE(r.status().message().find("statement 3 of 4 failed"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("statements 1-2 ran"), std::string::npos);
  EXPECT_EQ(Run("SHOW ROLES LIKE 'B1'").size(), 1u);
  EXPECT_EQ(Run("SHOW ROLES LIKE 'B;2'").size(), 1u);
  EXPECT_EQ(Run("SHOW ROLES LIKE 'B4'").size(), 0u);

  auto ok = client_->ExecuteBatch({"CREATE ROLE \"C1\"", "CREATE ROLE \"C2\""}, &ran);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ran, 2u);
  ASSERT_EQ(ok->size(), 2u);
  auto first = client_->Fetch((*ok)[0]);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
}

TEST_F(SnowflakeClientSandboxTest, SqlErrorsCarryCodeAndSqlState) {
  auto missing = client_->Execute("DROP ROLE \"NOPE\"");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().provider_code(), "002003");
  EXPECT_NE(missing.status().message().find("SQL error 002003 (SQLSTATE 02000)"), std::string::npos)
      << missing.status().message();

  Run("CREATE ROLE \"TWICE\"");
  auto twice = client_->Execute("CREATE ROLE \"TWICE\"");
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict) << twice.status().ToString();

  auto syntax = client_->Execute("CREATE ROLE ROLE ROLE");
  EXPECT_EQ(syntax.status().code(), StatusCode::kInvalidArgument) << syntax.status().ToString();
}

}  // namespace
}  // namespace causeway::testing
