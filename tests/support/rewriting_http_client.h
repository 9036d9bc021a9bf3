// RewritingHttpClient: passes every request to another HttpClient and lets a test replace chosen
// replies with a successful one (status 200) of its own body, to show what a provider does with
// replies the sandbox never sends (a malformed region, a tag without a key, a grant on an LF tag).
// Thread-safety: as safe as the inner client and the rewrite function.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "providers/http/http_client.h"

namespace causeway::testing {

class RewritingHttpClient : public HttpClient {
 public:
  // The body of a 200 reply to `request` in place of the real one, or nullopt to keep that.
  using Rewrite = std::function<std::optional<std::string>(const HttpRequest& request,
                                                           const HttpResponse& response)>;
  RewritingHttpClient(HttpClient* inner, Rewrite rewrite)
      : inner_(inner), rewrite_(std::move(rewrite)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    auto response = inner_->Send(request);
    if (response.ok()) {
      if (auto body = rewrite_(request, *response)) {
        response->status = 200;
        response->body = *body;
      }
    }
    return response;
  }

 private:
  HttpClient* inner_;
  Rewrite rewrite_;
};

}  // namespace causeway::testing
