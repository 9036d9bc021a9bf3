// HttpServer on libmicrohttpd: a daemon with one thread per connection; the URI log callback
// keeps the raw target, the access handler gathers headers and body and calls the handler once
// the request is complete.
#include "sandbox/core/http_server.h"

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <memory>
#include <optional>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

namespace {

constexpr size_t kMaxHeaderBytes = 128 * 1024;  // per-connection buffer for the request head
constexpr size_t kMaxBodyBytes = 512u * 1024 * 1024;
constexpr unsigned kIdleTimeoutSeconds = 60;

// What is known of a request while libmicrohttpd reads it.
struct PendingRequest {
  HttpServerRequest request;
  bool head_read = false;  // headers gathered; the next calls carry the body
  bool too_large = false;
};

std::string Trim(const char* value) {
  std::string s = value == nullptr ? "" : value;
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  auto* headers = static_cast<HeaderMap*>(cls);
  std::string name = Lower(key == nullptr ? "" : key);
  std::string v = Trim(value);
  auto [it, inserted] = headers->emplace(name, v);
  if (!inserted) it->second += "," + v;
  return MHD_YES;
}

void* OnRequestLine(void* /*cls*/, const char* uri, MHD_Connection* /*connection*/) {
  auto* pending = new PendingRequest();
  pending->request.target = uri == nullptr ? "" : uri;
  return pending;
}

void OnCompleted(void* /*cls*/, MHD_Connection* /*connection*/, void** req_cls,
                 MHD_RequestTerminationCode /*code*/) {
  delete static_cast<PendingRequest*>(*req_cls);
  *req_cls = nullptr;
}

ssize_t NoBody(void* /*cls*/, uint64_t /*pos*/, char* /*buf*/, size_t /*max*/) {
  return MHD_CONTENT_READER_END_WITH_ERROR;
}

MHD_Result Reply(MHD_Connection* connection, const HttpServerRequest& request,
                 const HttpServerResponse& reply) {
  // The library writes Content-Length itself; a handler's value is kept for HEAD replies, which
  // announce the length of a body they do not carry.
  std::optional<uint64_t> declared_length;
  for (const auto& [name, value] : reply.headers) {
    if (Lower(name) != "content-length") continue;
    if (auto n = ParseInteger<uint64_t>(value); n.has_value()) declared_length = *n;
  }
  MHD_Response* response = nullptr;
  if (request.method == "HEAD" && declared_length.has_value()) {
    response = MHD_create_response_from_callback(*declared_length, 4096, &NoBody, nullptr, nullptr);
  } else {
    response = MHD_create_response_from_buffer(
        reply.body.size(), const_cast<char*>(reply.body.data()), MHD_RESPMEM_MUST_COPY);
  }
  if (response == nullptr) return MHD_NO;
  for (const auto& [name, value] : reply.headers) {
    if (Lower(name) == "content-length") continue;
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(reply.status), response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result OnAccess(void* cls, MHD_Connection* connection, const char* /*url*/, const char* method,
                    const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                    void** req_cls) {
  auto* pending = static_cast<PendingRequest*>(*req_cls);
  if (pending == nullptr) return MHD_NO;  // the URI log callback always runs first
  HttpServerRequest& request = pending->request;
  if (!pending->head_read) {
    // First call: the head is read. Answering MHD_YES lets the library send "100 Continue".
    pending->head_read = true;
    request.method = method == nullptr ? "" : method;
    size_t q = request.target.find('?');
    request.path = request.target.substr(0, q);
    request.raw_query = q == std::string::npos ? "" : request.target.substr(q + 1);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request.headers);
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (request.body.size() + *upload_data_size > kMaxBodyBytes) {
      pending->too_large = true;
    } else {
      request.body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (pending->too_large) {
    HttpServerResponse refusal;
    refusal.status = 413;
    refusal.body = "request body larger than the sandbox accepts";
    return Reply(connection, request, refusal);
  }
  const auto* server = static_cast<const HttpServer*>(cls);
  HttpServerResponse reply = server->handler()(request);
  if (reply.drop_connection) return MHD_NO;  // closes the connection with nothing written
  return Reply(connection, request, reply);
}

// The IPv4 address `host` names.
Result<sockaddr_in> Resolve(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr) {
    return Status::IOError("sandbox: cannot resolve listen address '" + host +
                           "': " + ::gai_strerror(rc));
  }
  sockaddr_in addr{};
  std::memcpy(&addr, found->ai_addr, sizeof(addr));
  ::freeaddrinfo(found);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

}  // namespace

HttpServer::HttpServer(Handler handler) : handler_(std::move(handler)) {}

HttpServer::~HttpServer() { Stop(); }

Result<int> HttpServer::Start(const std::string& host, int port) {
  auto addr = Resolve(host, port);
  if (!addr.ok()) return addr.status();
  // The sandbox writes its own Date header, from its clock.
  const unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                         MHD_USE_POLL | MHD_USE_SUPPRESS_DATE_NO_CLOCK;
  daemon_ = MHD_start_daemon(flags, static_cast<uint16_t>(port), nullptr, nullptr, &OnAccess, this,
                             MHD_OPTION_SOCK_ADDR, reinterpret_cast<const sockaddr*>(&*addr),
                             MHD_OPTION_LISTENING_ADDRESS_REUSE, 1U, MHD_OPTION_URI_LOG_CALLBACK,
                             &OnRequestLine, nullptr, MHD_OPTION_NOTIFY_COMPLETED, &OnCompleted,
                             nullptr, MHD_OPTION_CONNECTION_MEMORY_LIMIT, kMaxHeaderBytes,
                             MHD_OPTION_CONNECTION_TIMEOUT, kIdleTimeoutSeconds, MHD_OPTION_END);
  if (daemon_ == nullptr) {
    return Status::IOError("sandbox: cannot listen on " + host + ":" + std::to_string(port) +
                           " (address in use or not available)");
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
  if (info == nullptr || info->port == 0) {
    Stop();
    return Status::IOError("sandbox: cannot tell the port it listens on");
  }
  return static_cast<int>(info->port);
}

void HttpServer::Stop() {
  if (daemon_ == nullptr) return;
  MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
}

}  // namespace causeway::sandbox
