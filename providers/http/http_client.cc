// CurlHttpClient: the libcurl implementation of HttpClient (see http_client.h). Each thread keeps
// one CURL easy handle (thread_local), reset before every request; curl_easy_reset keeps the
// handle's live connections and DNS cache, so consecutive requests from a thread reuse their
// keep-alive connection. IOError messages start with the prefixes in retry.h so the retry
// classifier can tell "never sent" from "may have been processed". Error messages name only
// scheme://host:port, never the path, query or headers (which may carry credentials).
#include "providers/http/http_client.h"
#include "reconciler/core/ascii.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "providers/http/retry.h"

namespace causeway {

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The per-thread easy handle, cleaned up at thread exit.
struct ThreadHandle {
  CURL* curl = nullptr;
  ThreadHandle() {
    GlobalInit();
    curl = curl_easy_init();
  }
  ~ThreadHandle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
  ThreadHandle(const ThreadHandle&) = delete;
  ThreadHandle& operator=(const ThreadHandle&) = delete;
};

CURL* ThreadCurl() {
  thread_local ThreadHandle handle;
  return handle.curl;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

struct UrlParts {
  std::string scheme;
  std::string host;
  std::string port;
};

Result<UrlParts> ParseUrl(const std::string& url) {
  CURLU* u = curl_url();
  if (u == nullptr) return Status::Internal("curl_url failed");
  UrlParts parts;
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), 0);
  if (rc == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    char* port = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) parts.scheme = scheme;
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) parts.host = host;
    if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) parts.port = port;
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
  }
  curl_url_cleanup(u);
  if (rc != CURLUE_OK || parts.host.empty()) {
    return Status::InvalidArgument("malformed URL (" + std::string(curl_url_strerror(rc)) + ")");
  }
  parts.scheme = Lower(parts.scheme);
  parts.host = Lower(parts.host);
  return parts;
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "[::1]" || host == "::1") return true;
  return host.rfind("127.", 0) == 0;
}

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (after 100 Continue or a redirect) starts over
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    headers->emplace_back(Lower(Trim(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  }
  return size * n;
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options) : options_(std::move(options)) { GlobalInit(); }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    CW_ASSIGN_OR_RETURN(UrlParts url, ParseUrl(request.url));
    const std::string origin = url.scheme + "://" + url.host + ":" + url.port;
    if (url.scheme != "https" && url.scheme != "http") {
      return Status::InvalidArgument("unsupported URL scheme in " + origin);
    }
    if (url.scheme == "http" && !IsLoopbackHost(url.host) &&
        !options_.allow_insecure_http_to_non_loopback) {
      return Status::InvalidArgument("refusing plain http:// to non-loopback host " + url.host +
                                     ": use https (plain http is allowed only to 127.0.0.1)");
    }
    CURL* curl = ThreadCurl();
    if (curl == nullptr) return Status::Internal("curl_easy_init failed");
    curl_easy_reset(curl);

    HttpResponse response;
    curl_slist* headers = nullptr;
    bool has_content_type = false;
    for (const auto& [name, value] : request.headers) {
      if (Lower(name) == "content-type") has_content_type = true;
      // "Name;" is curl's syntax for a header with an empty value.
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      headers = curl_slist_append(headers, line.c_str());
    }
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    if (!has_content_type) headers = curl_slist_append(headers, "Content-Type:");

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
    long timeout_ms = static_cast<long>(std::max<int64_t>(1, request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);

    const std::string& m = request.method;
    if (m == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (m == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
      if (m != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, m.c_str());
      if (m == "POST" || m == "PUT" || m == "PATCH" || !request.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      }
    }

    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) return TransportError(curl, rc, origin, request);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
  }

 private:
  static Status TransportError(CURL* curl, CURLcode rc, const std::string& origin,
                               const HttpRequest& request) {
    std::string what =
        std::string(curl_easy_strerror(rc)) + " (" + request.method + " " + origin + ")";
    switch (rc) {
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        return Status::IOError(std::string(kHttpConnectFailed) + ": " + what);
      case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connect_us = 0;
        curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_us);
        if (connect_us == 0) {
          return Status::IOError(std::string(kHttpConnectFailed) + ": timed out connecting (" +
                                 request.method + " " + origin + ")");
        }
        return Status::IOError(std::string(kHttpTimedOut) + " after " +
                               std::to_string(request.timeout.count()) + " ms: " + what);
      }
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_ISSUER_ERROR:
        return Status::IOError(std::string(kHttpTlsError) + ": " + what);
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
        return Status::IOError(std::string(kHttpConnectionLost) + ": " + what);
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        return Status::InvalidArgument(what);
      default:
        return Status::IOError(std::string(kHttpConnectionLost) + ": " + what);
    }
  }

  CurlOptions options_;
};

}  // namespace

std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace causeway
