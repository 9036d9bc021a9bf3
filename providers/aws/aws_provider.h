// AwsProvider ("aws"): the AWS provider. Reads its providers.aws block (region, credentials chain,
// endpoint overrides, refresh_mode, propagation_timeout_seconds) and builds one signed
// AwsClient; the dispatch to the kinds' handlers, bulk and per-resource observe and the retries
// of changes that have not propagated are the kit's (providers/kit/kind_provider.h).
// The block may also carry literal access_key_id / secret_access_key: a manifest cannot (its
// loader refuses literal secrets in a providers block); the causeway CLI sets them, with
// `endpoint`, to point the provider at an emulator with its test keys.
// Thread-safety: configure() once, then every method may be called from many threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "providers/aws/kind_handler.h"
#include "providers/http/http_client.h"
#include "providers/kit/kind_provider.h"
#include "providers/provider.h"

namespace causeway::aws {

struct AwsProviderOptions {
  HttpClient* http = nullptr;  // nullptr: an owned libcurl client
  Clock* clock = nullptr;      // nullptr: RealClock()
};

class AwsProvider : public kit::KindProvider<AwsContext> {
 public:
  explicit AwsProvider(AwsProviderOptions options = {});
  ~AwsProvider() override;

  std::string name() const override { return "aws"; }
  ProviderSettingsSchema settings_schema() const override;
  Status configure(const Value& config) override;
  // Security drift: see undeclared_finder.h.
  Result<std::vector<Undeclared>> undeclared(const std::vector<ObserveItem>& managed) override;

 private:
  AwsProviderOptions options_;
  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<AwsClient> client_;
};

}  // namespace causeway::aws
