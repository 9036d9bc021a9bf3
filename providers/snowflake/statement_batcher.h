// StatementBatcher: runs the independent DDL and grants that apply's threads submit at the same
// time as one multi-statement request (SnowflakeClient::ExecuteBatch), so that a wave of 64
// CREATE SCHEMA statements costs one round trip instead of 64. Each caller still gets its own
// statement's outcome, so each resource stays its own step in the journal:
//  - the first caller to arrive leads: it waits up to `window` for others (or until `max_batch`
//    statements are pending), sends the pending statements of one StatementContext together, and
//    hands each caller its result; while its request is out, the next caller to arrive leads the
//    next batch, up to `max_requests` requests at once (the statements of one wave are
//    independent of each other, so their batches may run in any order);
//  - when statement k of a batch fails (a SQL error: Snowflake ran statements 1..k-1 and stopped),
//    callers 1..k-1 succeed, caller k gets the error, and the statements after k, which did not
//    run, go into the next batch;
//  - when the whole request fails (after the client's own retries: throttling, 5xx, network,
//    authentication), every caller of that batch gets the error; nothing ran.
// A statement is only batched when its caller needs no rows back (CREATE, ALTER, GRANT, DROP).
// Thread-safety: Execute may be called from many threads at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "providers/snowflake/snowflake_client.h"

namespace causeway::snowflake {

struct StatementBatcherOptions {
  std::chrono::milliseconds window{15};  // how long a leader waits for more statements
  size_t max_batch = 100;
  size_t max_requests = 3;  // batches in flight at once
};

class StatementBatcher {
 public:
  StatementBatcher(SnowflakeClient* client, StatementBatcherOptions options = {});

  // Runs `sql`, possibly together with other threads' statements. Errors as
  // SnowflakeClient::Execute gives them for this statement.
  Status Execute(const std::string& sql, const StatementContext& where = {});

  // Requests sent and statements run through this batcher (for tests and benchmarks).
  int64_t batches() const;

 private:
  struct Entry {
    std::string sql;
    StatementContext where;
    bool done = false;
    Status status;
  };
  // Sends pending entries until none is left; called by the leader without the lock held.
  void Lead();

  SnowflakeClient* client_;
  StatementBatcherOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Entry>> pending_;
  size_t leaders_ = 0;
  int64_t batches_ = 0;
};

}  // namespace causeway::snowflake
