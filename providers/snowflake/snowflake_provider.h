// SnowflakeProvider ("snowflake"): the objects of one Snowflake account through the SQL API v2.
// Reads its providers.snowflake block (account, user, role, warehouse, credentials as settings.h
// resolves them, refresh_mode, page_size) and builds one SnowflakeClient; the dispatch to the
// kinds' handlers, bulk and per-resource observe are the kit's (providers/kit/kind_provider.h).
// configure() checks the block's keys itself (the same boilerplate as the AWS and Databricks
// providers; it moves to the kit when that header can change) and proves the credentials with
// one SHOW before anything is planned. Security drift: undeclared_finder.h.
// Thread-safety: configure() once, then every method may be called from many threads.
#pragma once

#include <memory>
#include <string>

#include "providers/http/http_client.h"
#include "providers/kit/kind_provider.h"
#include "providers/snowflake/kind_handler.h"
#include "providers/snowflake/settings.h"
#include "providers/snowflake/statement_batcher.h"

namespace causeway::snowflake {

struct SnowflakeProviderOptions {
  HttpClient* http = nullptr;  // nullptr: an owned libcurl client
  Clock* clock = nullptr;      // nullptr: RealClock()
  EnvLookup env;               // empty: the process environment
};

class SnowflakeProvider : public kit::KindProvider<SnowflakeContext> {
 public:
  explicit SnowflakeProvider(SnowflakeProviderOptions options = {});
  ~SnowflakeProvider() override;

  std::string name() const override { return "snowflake"; }
  // The handlers' schemas, with what lifecycle.exclusive removes from each container.
  std::vector<KindSchema> schemas() const override;
  ProviderSettingsSchema settings_schema() const override;
  Status configure(const Value& config) override;
  // Apply's concurrent creates and grants share multi-statement requests (StatementBatcher), and a
  // batch holds at most as many statements as there are steps in flight: so enough to fill every
  // batch the batcher may have out at once, not the engine's default of 16 (4,000 schemas at
  // 350 ms: about 90 s with 16; bench/RESULTS.md has the figure with this).
  int steps_in_flight() const override {
    const StatementBatcherOptions batching;
    return static_cast<int>(batching.max_batch * batching.max_requests);
  }

  // Drops the listings the previous observe kept (listing_memo.h), then observes.
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override;
  // Security drift: grants on managed securables and roles, tables in managed schemas
  // (undeclared_finder.h), reusing the table listings observe just read; then drops them.
  Result<std::vector<Undeclared>> undeclared(const std::vector<ObserveItem>& managed) override;

  // The client (nullptr before configure): tests and benchmarks read its request counts.
  SnowflakeClient* client() const { return client_.get(); }

 private:
  SnowflakeProviderOptions options_;
  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<SnowflakeClient> client_;
  std::unique_ptr<StatementBatcher> batcher_;
  ListingMemo listings_;
};

}  // namespace causeway::snowflake
