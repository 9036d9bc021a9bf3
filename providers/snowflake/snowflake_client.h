// SnowflakeClient: SQL statements through Snowflake's SQL API v2 (specs/snowflake/SQL_API.md),
// over the HttpClient seam with a bearer token from a TokenSource (key-pair JWT or OAuth).
//  - POST /api/v2/statements?requestId=<uuid> with {statement, timeout, role, warehouse} (and
//    database/schema when given). Every request has its own requestId; a resubmission (RetryPolicy
//    after a 429, 5xx, timeout or lost connection) carries the same requestId with retry=true, so
//    the server returns the first run's result and a statement never runs twice. That is what
//    makes a POST safe to retry here.
//  - 200: a ResultSet; every partition is fetched (GET .../{handle}?partition=N, up to eight at
//    once) into one RowSet, in order.
//  - 202: the statement is still running; its handle is polled (GET .../{handle}), backing off
//    from 100 ms to 5 s on the client's clock, until it ends.
//  - Errors become Status values with Snowflake's code kept as provider_code() and the SQL error
//    code and SQLSTATE in the message:
//      422 002003 / SQLSTATE 02000 (does not exist or not authorized) -> NotFound
//      422 002002 / 42710 (already exists)                            -> Conflict
//      422 003001 / 42501 (insufficient privileges), 401, 403          -> PermissionDenied
//      422 001003 and other SQLSTATE 42xxx (compilation errors), 400   -> InvalidArgument
//      408 (timed out, cancelled), 429 and 503 after the retries       -> Unavailable
//      anything else                                                   -> ProviderError
//    e.g. "snowflake: DROP ROLE \"R\": SQL error 002003 (SQLSTATE 02000): Role 'R' does not exist".
//  - ExecuteBatch sends independent statements as one multi-statement request
//    (parameters.multi_statement_count = N, statements joined with ";"). When statement k fails,
//    the 422 carries the statementHandles of the statements before k, which ran and stay applied
//    (no transaction is opened); the error names statement k and says which ran and which did not.
// Never logs or returns the token; statements carry no secret (passwords are never sent).
// Contract with the emulator: /work/notes/snowflake_contract.md (no deviation).
// Thread-safety: thread-safe if its HttpClient and TokenSource are.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "providers/http/http_client.h"
#include "providers/http/retry.h"
#include "providers/snowflake/row_set.h"
#include "providers/snowflake/token_source.h"
#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::snowflake {

// Maps an HTTP status and a Snowflake error code / SQLSTATE to a StatusCode.
StatusCode StatusCodeForError(int http_status, const std::string& code,
                              const std::string& sql_state);

// A random UUID (version 4), the requestId of one statement.
std::string NewRequestId();

struct SnowflakeClientOptions {
  HttpClient* http = nullptr;
  Clock* clock = nullptr;  // nullptr: RealClock()
  std::string base_url;    // scheme://host[:port], no trailing slash
  std::shared_ptr<TokenSource> token;
  std::string role;       // sent as is ("" : the user's default role)
  std::string warehouse;  // sent as is ("" : the user's default warehouse)
  int64_t statement_timeout_seconds = 3600;
  RetryOptions retry;
  // The requestId of each statement; NewRequestId when empty (tests fix it).
  std::function<std::string()> request_id;
};

// Where a statement runs; empty members are left out of the body.
struct StatementContext {
  std::string database;
  std::string schema;
};

class SnowflakeClient {
 public:
  explicit SnowflakeClient(SnowflakeClientOptions options);

  // Runs one statement and returns its rows (every partition).
  Result<RowSet> Execute(const std::string& sql, const StatementContext& where = {});

  // Runs `statements` as one multi-statement request (one statement: Execute). Returns the
  // handle of each statement. On failure `*ran` (when given) is the number of statements, from
  // the first, that ran and stay applied.
  Result<std::vector<std::string>> ExecuteBatch(const std::vector<std::string>& statements,
                                                size_t* ran = nullptr,
                                                const StatementContext& where = {});

  // The rows of a statement that has run (one statement of a batch), every partition.
  Result<RowSet> Fetch(const std::string& statement_handle);

  // HTTP exchanges sent so far (attempts, polls and partition reads included): what bulk and
  // per-resource observe are compared by.
  int64_t requests() const { return requests_.load(); }
  // Statements submitted so far (a multi-statement request counts each of its statements).
  int64_t statements() const { return statements_.load(); }

  const std::string& base_url() const { return options_.base_url; }

 private:
  struct Reply {
    int status = 0;
    Value body;
  };
  Result<Reply> Submit(const std::string& sql, int count, const StatementContext& where,
                       const std::string& what);
  Result<Reply> Get(const std::string& path, const std::string& what);
  Result<Reply> WaitWhileRunning(Reply reply, const std::string& what);
  Result<RowSet> ReadResult(const Value& body, const std::string& what);
  Status ErrorOf(const Reply& reply, const std::string& what) const;
  Result<HttpResponse> Send(HttpRequest request);

  SnowflakeClientOptions options_;
  RetryPolicy retry_;
  std::atomic<int64_t> requests_{0};
  std::atomic<int64_t> statements_{0};
};

// How errors name a statement: its first line, shortened to 120 characters.
std::string StatementLabel(const std::string& sql);

}  // namespace causeway::snowflake
