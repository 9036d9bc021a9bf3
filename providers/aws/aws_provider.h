// AwsProvider ("aws"): the AWS provider. Reads its providers.aws block (region, credentials chain,
// endpoint overrides, refresh_mode, propagation_timeout_seconds), builds one signed AwsClient and
// dispatches each kind to its KindHandler. observe() groups items by kind and reads each group in
// bulk, or one by one on 10 threads with `refresh_mode: per-resource` (the baseline the
// benchmarks compare against). Mutations that fail because an IAM change has not propagated yet
// are retried with backoff up to the propagation timeout.
// The block may also carry literal access_key_id / secret_access_key: a manifest cannot (its
// loader refuses literal secrets in a providers block); the causeway CLI sets them, with
// `endpoint`, to point the provider at an emulator with its test keys.
// Thread-safety: configure() once, then every method may be called from many threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "providers/aws/kind_handler.h"
#include "providers/http/http_client.h"
#include "providers/provider.h"

namespace causeway::aws {

struct AwsProviderOptions {
  HttpClient* http = nullptr;  // nullptr: an owned libcurl client
  Clock* clock = nullptr;      // nullptr: RealClock()
};

class AwsProvider : public Provider {
 public:
  explicit AwsProvider(AwsProviderOptions options = {});
  ~AwsProvider() override;

  std::string name() const override { return "aws"; }
  std::vector<KindSchema> schemas() const override;
  Status configure(const Value& config) override;
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override;
  Result<ResourceResult> create(const CreateRequest& request) override;
  Result<ResourceResult> update(const UpdateRequest& request) override;
  Status remove(const DeleteRequest& request) override;
  Result<std::vector<Observation>> list(const ListRequest& request) override;

 private:
  KindHandler* Handler(const std::string& kind) const;
  Status EnsureConfigured() const;
  // Runs `call`, retrying while the handler says the failure is IAM propagation delay.
  template <typename T>
  Result<T> WithPropagationRetry(KindHandler* h, const std::string& what,
                                 const std::function<Result<T>()>& call);

  AwsProviderOptions options_;
  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<AwsClient> client_;
  AwsContext ctx_;
  bool configured_ = false;
  bool per_resource_ = false;
  std::map<std::string, std::unique_ptr<KindHandler>> handlers_;
};

}  // namespace causeway::aws
