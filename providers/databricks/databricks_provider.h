// DatabricksProvider ("databricks"): Unity Catalog objects of one Databricks workspace. Reads its
// providers.databricks block (host, credentials as settings.h resolves them, warehouse_id,
// refresh_mode, propagation_timeout_seconds) and builds one DatabricksClient; the dispatch to
// the kinds' handlers, bulk and per-resource observe and the retries of changes that have not
// propagated are the kit's (providers/kit/kind_provider.h).
// The block may carry a literal `token` only from the causeway CLI, which sets it with `endpoint`
// for `endpoint: sandbox` (the loader refuses literal secrets in a manifest's providers block).
// Thread-safety: configure() once, then every method may be called from many threads.
#pragma once

#include <memory>
#include <string>

#include "providers/databricks/kind_handler.h"
#include "providers/databricks/settings.h"
#include "providers/http/http_client.h"
#include "providers/kit/kind_provider.h"

namespace causeway::databricks {

struct DatabricksProviderOptions {
  HttpClient* http = nullptr;  // nullptr: an owned libcurl client
  Clock* clock = nullptr;      // nullptr: RealClock()
  EnvLookup env;               // empty: the process environment
};

class DatabricksProvider : public kit::KindProvider<DatabricksContext> {
 public:
  explicit DatabricksProvider(DatabricksProviderOptions options = {});
  ~DatabricksProvider() override;

  std::string name() const override { return "databricks"; }
  ProviderSettingsSchema settings_schema() const override;
  Status configure(const Value& config) override;
  // Security drift: undeclared grants on managed securables, tables in managed schemas
  // (undeclared_finder.h).
  Result<std::vector<Undeclared>> undeclared(const std::vector<ObserveItem>& managed) override;

 private:
  DatabricksProviderOptions options_;
  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<DatabricksClient> client_;
};

}  // namespace causeway::databricks
