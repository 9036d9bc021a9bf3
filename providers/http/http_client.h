// HttpClient: the transport seam every provider talks through. CurlHttpClient uses libcurl with
// connection reuse (one easy handle per thread), timeouts, TLS verification on by default (a CA
// file can be given), and plain HTTP only to loopback. Retries are not done here but by
// RetryPolicy (retry.h) so that each provider decides what is safe to retry.
// Tests use a recording/fake client. Thread-safety: Send() may be called from many threads.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // full URL
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return v;
    }
    return "";
  }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // IOError for connection failures/timeouts (message says which); any HTTP status is a response.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlOptions {
  std::string ca_file;        // extra CA bundle to trust (sandbox HTTPS)
  bool allow_insecure_http_to_non_loopback = false;
};

std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options = {});

}  // namespace causeway
