// Test support for the Snowflake emulator: a SQL API v2 client that signs key-pair JWTs with
// the sandbox admin's key (or any key) and submits statements over loopback HTTP, and a fixture
// option that registers Snowflake with small result partitions.
// Thread-safety: one client per test thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "reconciler/core/value.h"
#include "sandbox/core/server.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {

struct SnowflakeSubmit {
  std::string request_id;  // "" = a fresh UUID
  bool retry = false;
  bool async = false;
  int multi_statement_count = 1;
  std::string role;      // "" = the user's default
  std::string database;  // "" = none
  std::string schema;
};

class SnowflakeSqlClient {
 public:
  // Reads the admin key from the sandbox's `private_key_file` (GET /_sandbox/clouds).
  explicit SnowflakeSqlClient(const SandboxFixture& fixture);

  // POST /api/v2/statements.
  SandboxReply Submit(const std::string& statement, const SnowflakeSubmit& options = {});
  // GET /api/v2/statements/<handle>[?partition=N] (N < 0: no partition parameter).
  SandboxReply Get(const std::string& handle, int partition = -1);
  // Runs one statement and returns its rows (data), failing the test on a non-200 answer.
  Value Rows(const std::string& statement, const SnowflakeSubmit& options = {});

  // The token sent next: a fresh JWT for `user` signed with `private_pem`, issued `age` ago.
  std::string MintJwt(const std::string& user, const std::string& private_pem,
                      std::chrono::seconds age = std::chrono::seconds(0), int64_t lifetime = 3600);
  void set_token(std::string token) { token_ = std::move(token); }
  const std::string& admin_key_pem() const { return admin_pem_; }
  const std::string& private_key_file() const { return key_file_; }

 private:
  std::unique_ptr<SandboxClient> http_;
  std::string admin_pem_;
  std::string key_file_;
  std::string token_;
};

// Column index of `name` in a SQL API reply's rowType (-1 when absent).
int ColumnIndex(const Value& reply, const std::string& name);
// The cells of column `name` over every row of `reply`'s data.
std::vector<std::string> ColumnValues(const Value& reply, const std::string& name);

}  // namespace causeway::testing
