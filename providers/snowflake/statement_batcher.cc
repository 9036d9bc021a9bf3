// Coalescing of concurrent statements into multi-statement requests (see statement_batcher.h).
#include "providers/snowflake/statement_batcher.h"

#include <thread>
#include <vector>

namespace causeway::snowflake {

namespace {

bool SameContext(const StatementContext& a, const StatementContext& b) {
  return a.database == b.database && a.schema == b.schema;
}

// A SQL error of one statement (Snowflake stopped at it) rather than a failure of the request.
bool IsStatementError(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound:
    case StatusCode::kConflict:
    case StatusCode::kInvalidArgument:
      return true;
    case StatusCode::kPermissionDenied:
      // 003001 is a statement's missing privilege; 401/403 refuse the whole request.
      return s.provider_code() == "003001";
    default:
      return false;
  }
}

}  // namespace

StatementBatcher::StatementBatcher(SnowflakeClient* client, StatementBatcherOptions options)
    : client_(client), options_(options) {}

int64_t StatementBatcher::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}

Status StatementBatcher::Execute(const std::string& sql, const StatementContext& where) {
  auto entry = std::make_shared<Entry>();
  entry->sql = sql;
  entry->where = where;
  std::unique_lock<std::mutex> lock(mu_);
  pending_.push_back(entry);
  cv_.notify_all();  // a leader waiting for a full batch
  if (leaders_ < options_.max_requests) {
    ++leaders_;
    lock.unlock();
    Lead();
    lock.lock();
  }
  cv_.wait(lock, [&] { return entry->done; });
  return entry->status;
}

void StatementBatcher::Lead() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!pending_.empty()) {
    // Wait a moment for the other threads of this wave.
    cv_.wait_for(lock, options_.window, [&] { return pending_.size() >= options_.max_batch; });
    if (pending_.empty()) break;  // another leader took them
    std::vector<std::shared_ptr<Entry>> batch;
    const StatementContext where = pending_.front()->where;
    for (auto it = pending_.begin(); it != pending_.end() && batch.size() < options_.max_batch;) {
      if (SameContext((*it)->where, where)) {
        batch.push_back(*it);
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    ++batches_;
    lock.unlock();
    std::vector<std::string> statements;
    for (const auto& e : batch) statements.push_back(e->sql);
    size_t ran = 0;
    auto result = client_->ExecuteBatch(statements, &ran, where);
    lock.lock();
    std::vector<std::shared_ptr<Entry>> again;
    for (size_t i = 0; i < batch.size(); ++i) {
      Entry& e = *batch[i];
      if (result.ok() || i < ran) {
        e.status = Status::Ok();
      } else if (!IsStatementError(result.status())) {
        e.status = result.status();  // the request failed: nothing of it ran
      } else if (i == ran) {
        e.status = result.status();
      } else {
        again.push_back(batch[i]);  // did not run: into the next batch
        continue;
      }
      e.done = true;
    }
    pending_.insert(pending_.begin(), again.begin(), again.end());
    cv_.notify_all();
  }
  --leaders_;
}

}  // namespace causeway::snowflake
