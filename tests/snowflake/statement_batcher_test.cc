// StatementBatcher against the sandbox's Snowflake emulator: statements submitted by many threads
// at once go out in a few multi-statement requests and all run; when one statement of a batch
// fails, its caller alone gets the error, those before it ran, and those after it run in a later
// batch; a request refused as a whole fails every caller of that batch.
#include "providers/snowflake/statement_batcher.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "sandbox/snowflake/snowflake_frontend.h"
#include "tests/snowflake/snowflake_sandbox_client.h"
#include "tests/support/fake_clock.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using snowflake::SnowflakeClient;
using snowflake::StatementBatcher;

class StatementBatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    admin_ = sandbox_.Client();
    RetryOptions retry;
    retry.max_attempts = 1;
    client_ = NewSandboxSnowflakeClient(sandbox_, http_.get(), &clock_, retry);
    ASSERT_NE(client_, nullptr);
  }

  // Runs statements[i] on thread i, all released at once; the statuses.
  std::vector<Status> RunConcurrently(StatementBatcher& batcher,
                                      const std::vector<std::string>& statements) {
    std::vector<Status> out(statements.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < statements.size(); ++i) {
      threads.emplace_back([&, i] { out[i] = batcher.Execute(statements[i]); });
    }
    for (auto& t : threads) t.join();
    return out;
  }
  std::set<std::string> Databases() {
    auto rows = client_->Execute("SHOW DATABASES");
    EXPECT_TRUE(rows.ok());
    std::set<std::string> out;
    for (size_t r = 0; rows.ok() && r < rows->size(); ++r) out.insert(rows->Text(r, "name"));
    return out;
  }

  FakeClock clock_{FakeClock::kSleepsDoNotAdvance};
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> admin_;
  std::unique_ptr<HttpClient> http_ = NewCurlHttpClient();
  std::unique_ptr<SnowflakeClient> client_;
};

TEST_F(StatementBatcherTest, ConcurrentStatementsShareRequests) {
  StatementBatcher batcher(client_.get(), {std::chrono::milliseconds(200), 100});
  std::vector<std::string> statements;
  for (int i = 0; i < 24; ++i) {
    statements.push_back("CREATE DATABASE IF NOT EXISTS \"B" + std::to_string(i) + "\"");
  }
  const int64_t before = client_->requests();
  for (const auto& s : RunConcurrently(batcher, statements)) EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_LE(batcher.batches(), 4) << "24 statements in a few requests";
  EXPECT_LE(client_->requests() - before, 4);
  auto dbs = Databases();
  for (int i = 0; i < 24; ++i) EXPECT_TRUE(dbs.count("B" + std::to_string(i))) << i;
}

TEST_F(StatementBatcherTest, OneFailingStatementFailsOnlyItsCaller) {
  StatementBatcher batcher(client_.get(), {std::chrono::milliseconds(200), 100});
  std::vector<std::string> statements;
  for (int i = 0; i < 6; ++i) {
    statements.push_back("CREATE DATABASE IF NOT EXISTS \"F" + std::to_string(i) + "\"");
  }
  statements[3] = "CREATE SCHEMA \"NO_SUCH_DB\".\"S\"";
  auto statuses = RunConcurrently(batcher, statements);
  auto dbs = Databases();
  for (int i = 0; i < 6; ++i) {
    if (i == 3) {
      EXPECT_EQ(statuses[i].code(), StatusCode::kNotFound) << statuses[i].message();
    } else {
      EXPECT_TRUE(statuses[i].ok()) << i << ": " << statuses[i].message();
      EXPECT_TRUE(dbs.count("F" + std::to_string(i))) << i;
    }
  }
}

TEST_F(StatementBatcherTest, ARefusedRequestFailsEveryCallerOfItsBatch) {
  StatementBatcher batcher(client_.get(), {std::chrono::milliseconds(200), 100});
  auto r = admin_->Raw("POST", "/_sandbox/faults", R"({"throttle_rate": 1.0})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto statuses = RunConcurrently(batcher, {"CREATE DATABASE \"T1\"", "CREATE DATABASE \"T2\""});
  for (const auto& s : statuses) EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.message();
  admin_->Raw("POST", "/_sandbox/faults", "{}");
  EXPECT_EQ(Databases().count("T1"), 0u);
}

}  // namespace
}  // namespace causeway::testing
