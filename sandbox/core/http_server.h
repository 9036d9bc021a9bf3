// HttpServer: the HTTP/1.1 server of causeway-sandbox, on libmicrohttpd (libmicrohttpd-dev). It
// hands the handler the request exactly as sent (raw target, so SigV4 can be verified byte for
// byte), supports keep-alive, chunked request bodies (with trailers) and "Expect: 100-continue"
// (botocore sends it for S3 uploads), strips bodies from HEAD responses, and can drop a
// connection without any response (fault injection); Stop() closes idle keep-alive connections
// at once. tests/sandbox/core/http_server_test.cc states each of these as a test.
// Why this library: cpp-httplib 0.11 (libcpp-httplib-dev), run behind this same interface, failed
// two of those tests (a handler cannot drop a connection without a reply; a chunked body with
// trailer fields is refused with 400). libmicrohttpd passes them all: the URI log callback sees
// the raw target, and an access handler that answers MHD_NO closes the connection unanswered.
// Thread-safety: one thread per connection; the handler must be thread-safe. Start/Stop from the
// owning thread only.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "reconciler/core/status.h"
#include "sandbox/core/service.h"

struct MHD_Daemon;

namespace causeway::sandbox {

struct HttpServerRequest {
  std::string method;
  std::string target;     // raw request target, e.g. "/bucket/a%20b?list-type=2"
  std::string path;       // raw path part of target
  std::string raw_query;  // raw query part of target (no '?')
  HeaderMap headers;      // lower-cased names; repeated headers joined with ','
  std::string body;       // de-chunked when Transfer-Encoding: chunked
};

struct HttpServerResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Close the socket without writing anything (fault injection).
  bool drop_connection = false;
};

class HttpServer {
 public:
  using Handler = std::function<HttpServerResponse(const HttpServerRequest&)>;

  explicit HttpServer(Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens on host:port (port 0 picks a free port) and starts serving on background
  // threads. Returns the bound port; IOError when the address is unavailable.
  Result<int> Start(const std::string& host, int port);
  // Stops accepting, closes every connection and joins all threads. Idempotent.
  void Stop();

  // The request handler, for the library's callbacks.
  const Handler& handler() const { return handler_; }

 private:
  Handler handler_;
  MHD_Daemon* daemon_ = nullptr;
};

}  // namespace causeway::sandbox
