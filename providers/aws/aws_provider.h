// AwsProvider ("aws"): the AWS provider. Reads its providers.aws block (region, credentials chain,
// endpoint overrides, refresh_mode, propagation_timeout_seconds) and builds one signed
// AwsClient; the dispatch to the kinds' handlers, bulk and per-resource observe and the retries
// of changes that have not propagated are the kit's (providers/kit/kind_provider.h).
// `endpoint: sandbox` means the local emulators: the provider asks the SandboxLauncher seam for
// their URL and credentials (starting them if needed).
// Thread-safety: configure() once, then every method may be called from many threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "providers/aws/kind_handler.h"
#include "providers/kit/kind_provider.h"
#include "providers/http/http_client.h"
#include "providers/provider.h"

namespace causeway::aws {

// Where a sandbox runs and how to sign for it.
struct SandboxEndpoint {
  std::string url;  // "http://127.0.0.1:4566"
  std::string access_key_id;
  std::string secret_access_key;
};
// Starts (if needed) and locates the local sandbox. Set by the CLI; tests point it at theirs.
using SandboxLauncher = std::function<Result<SandboxEndpoint>()>;

struct AwsProviderOptions {
  HttpClient* http = nullptr;  // nullptr: an owned libcurl client
  Clock* clock = nullptr;      // nullptr: RealClock()
  SandboxLauncher sandbox;     // needed only for `endpoint: sandbox`
};

class AwsProvider : public kit::KindProvider<AwsContext> {
 public:
  explicit AwsProvider(AwsProviderOptions options = {});
  ~AwsProvider() override;

  std::string name() const override { return "aws"; }
  ProviderSettingsSchema settings_schema() const override;
  Status configure(const Value& config) override;

 private:
  AwsProviderOptions options_;
  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<AwsClient> client_;
};

}  // namespace causeway::aws
