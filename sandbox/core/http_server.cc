// HTTP/1.1 request parsing, response writing and connection management over POSIX sockets.
#include "sandbox/core/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxBodyBytes = 512u * 1024 * 1024;
constexpr int kIdleTimeoutMs = 60000;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool SendAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// Buffered reader over a socket.
class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}
  // Reads more bytes into the buffer; false on EOF/error/timeout.
  bool Fill() {
    pollfd p{fd_, POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, kIdleTimeoutMs);
    } while (r < 0 && errno == EINTR);
    if (r <= 0) return false;
    char buf[16384];
    ssize_t n;
    do {
      n = ::recv(fd_, buf, sizeof(buf), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    buf_.append(buf, static_cast<size_t>(n));
    return true;
  }
  // Reads up to and including "\r\n"; returns the line without it.
  bool ReadLine(std::string* line, size_t limit) {
    while (true) {
      size_t pos = buf_.find("\r\n");
      if (pos != std::string::npos) {
        *line = buf_.substr(0, pos);
        buf_.erase(0, pos + 2);
        return true;
      }
      if (buf_.size() > limit || !Fill()) return false;
    }
  }
  bool ReadExactly(size_t n, std::string* out) {
    while (buf_.size() < n) {
      if (!Fill()) return false;
    }
    out->append(buf_, 0, n);
    buf_.erase(0, n);
    return true;
  }

 private:
  int fd_;
  std::string buf_;
};

enum class ReadResult { kOk, kClosed, kBad };

ReadResult ReadRequest(int fd, Reader& reader, HttpServerRequest* req) {
  std::string line;
  // Skip stray empty lines between keep-alive requests.
  do {
    if (!reader.ReadLine(&line, kMaxHeaderBytes)) return ReadResult::kClosed;
  } while (line.empty());
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string::npos || sp2 == sp1) return ReadResult::kBad;
  req->method = line.substr(0, sp1);
  req->target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t q = req->target.find('?');
  req->path = req->target.substr(0, q);
  req->raw_query = q == std::string::npos ? "" : req->target.substr(q + 1);
  size_t header_bytes = 0;
  while (true) {
    if (!reader.ReadLine(&line, kMaxHeaderBytes)) return ReadResult::kBad;
    if (line.empty()) break;
    header_bytes += line.size();
    if (header_bytes > kMaxHeaderBytes) return ReadResult::kBad;
    size_t colon = line.find(':');
    if (colon == std::string::npos) return ReadResult::kBad;
    std::string name = Lower(Trim(line.substr(0, colon)));
    std::string value = Trim(line.substr(colon + 1));
    auto it = req->headers.find(name);
    if (it == req->headers.end()) {
      req->headers.emplace(name, value);
    } else {
      it->second += "," + value;
    }
  }
  auto header = [&](const std::string& n) {
    auto it = req->headers.find(n);
    return it == req->headers.end() ? std::string() : it->second;
  };
  if (Lower(header("expect")) == "100-continue") {
    if (!SendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n")) return ReadResult::kClosed;
  }
  if (Lower(header("transfer-encoding")).find("chunked") != std::string::npos) {
    while (true) {
      if (!reader.ReadLine(&line, 1024)) return ReadResult::kBad;
      auto parsed = ParseInteger<size_t>(std::string_view(line).substr(0, line.find(';')), 16);
      if (!parsed) return ReadResult::kBad;
      size_t size = *parsed;
      if (req->body.size() + size > kMaxBodyBytes) return ReadResult::kBad;
      if (size == 0) {
        do {  // trailers
          if (!reader.ReadLine(&line, kMaxHeaderBytes)) return ReadResult::kBad;
        } while (!line.empty());
        break;
      }
      if (!reader.ReadExactly(size, &req->body)) return ReadResult::kBad;
      if (!reader.ReadLine(&line, 2)) return ReadResult::kBad;
    }
  } else {
    std::string cl = header("content-length");
    if (!cl.empty()) {
      auto parsed = ParseInteger<size_t>(cl);
      if (!parsed) return ReadResult::kBad;
      size_t n = *parsed;
      if (n > kMaxBodyBytes) return ReadResult::kBad;
      if (!reader.ReadExactly(n, &req->body)) return ReadResult::kBad;
    }
  }
  return ReadResult::kOk;
}

std::string Serialize(const HttpServerRequest& req, const HttpServerResponse& res,
                      bool keep_alive) {
  std::string out =
      "HTTP/1.1 " + std::to_string(res.status) + " " + HttpReason(res.status) + "\r\n";
  bool has_length = false;
  for (const auto& [k, v] : res.headers) {
    std::string lk = Lower(k);
    if (lk == "connection" || lk == "transfer-encoding") continue;
    if (lk == "content-length") has_length = true;
    out += k + ": " + v + "\r\n";
  }
  const bool no_body = req.method == "HEAD" || res.status == 204 || res.status == 304;
  if (!has_length && !(res.status == 204 || res.status == 304)) {
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  out += "\r\n";
  if (!no_body) out += res.body;
  return out;
}

}  // namespace

const char* HttpReason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

HttpServer::HttpServer(Handler handler) : handler_(std::move(handler)) {}

HttpServer::~HttpServer() { Stop(); }

Result<int> HttpServer::Start(const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    return Status::InvalidArgument("not an IPv4 address: " + host);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 128) != 0) {
    std::string err = std::strerror(errno);
    ::close(fd);
    return Status::IOError("cannot listen on " + host + ":" + std::to_string(port) + ": " + err);
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  listen_fd_ = fd;
  stopping_ = false;
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return static_cast<int>(ntohs(addr.sin_port));
}

void HttpServer::Stop() {
  if (listen_fd_ < 0) return;
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (accept_thread_.joinable()) accept_thread_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  std::list<std::unique_ptr<Connection>> connections;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& c : connections_) {
      if (c->fd >= 0) ::shutdown(c->fd, SHUT_RDWR);
    }
    connections.swap(connections_);
  }
  for (auto& c : connections) {
    if (c->thread.joinable()) c->thread.join();
  }
}

void HttpServer::ReapFinished() {
  std::list<std::unique_ptr<Connection>> finished;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if ((*it)->done) {
        finished.push_back(std::move(*it));
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : finished) c->thread.join();
}

void HttpServer::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, 200);
    if (stopping_) break;
    if (r <= 0) {
      ReapFinished();
      continue;
    }
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    ReapFinished();
    auto conn = std::make_unique<Connection>();
    conn->fd = fd;
    Connection* raw = conn.get();
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      ::close(fd);
      break;
    }
    connections_.push_back(std::move(conn));
    raw->thread = std::thread([this, raw] { Serve(raw); });
  }
}

void HttpServer::Serve(Connection* connection) {
  const int fd = connection->fd;
  Reader reader(fd);
  while (!stopping_) {
    HttpServerRequest req;
    ReadResult rr = ReadRequest(fd, reader, &req);
    if (rr == ReadResult::kClosed) break;
    if (rr == ReadResult::kBad) {
      HttpServerResponse bad;
      bad.status = 400;
      bad.body = "malformed HTTP request";
      SendAll(fd, Serialize(req, bad, false));
      break;
    }
    HttpServerResponse res = handler_(req);
    if (res.drop_connection) break;
    auto conn_it = req.headers.find("connection");
    bool keep_alive = conn_it == req.headers.end() || Lower(conn_it->second) != "close";
    if (!SendAll(fd, Serialize(req, res, keep_alive)) || !keep_alive) break;
  }
  std::lock_guard<std::mutex> lock(mu_);  // Stop() must not shut down a reused descriptor
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  connection->fd = -1;
  connection->done = true;
}

}  // namespace causeway::sandbox
