// Tests for CurlHttpClient (providers/http/http_client.h) against a small HTTP/1.1 server on
// 127.0.0.1 written in this file (Debian's cpp-httplib is a compiled library the build does not
// link, and a raw server also lets the tests drop connections and count them).
#include "providers/http/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "providers/http/retry.h"

namespace causeway {
namespace {

struct ServerRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  int connection = 0;  // which accepted connection carried it (1-based)
};

struct ServerReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool drop = false;  // close the connection without answering
  std::chrono::milliseconds delay{0};
};

class LoopbackServer {
 public:
  using Handler = std::function<ServerReply(const ServerRequest&)>;
  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 16);
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~LoopbackServer() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    accept_thread_.join();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : conn_fds_) shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : conn_threads_) t.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_.load(); }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      int id = ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      conn_fds_.push_back(fd);
      conn_threads_.emplace_back([this, fd, id] { Serve(fd, id); });
    }
  }

  void Serve(int fd, int id) {
    std::string buf;
    char chunk[4096];
    while (true) {
      size_t end;
      while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
        if (n <= 0) return Close(fd);
        buf.append(chunk, n);
      }
      ServerRequest req;
      req.connection = id;
      std::string head = buf.substr(0, end);
      buf.erase(0, end + 4);
      size_t line_end = head.find("\r\n");
      std::string request_line = head.substr(0, line_end);
      size_t sp1 = request_line.find(' ');
      size_t sp2 = request_line.find(' ', sp1 + 1);
      req.method = request_line.substr(0, sp1);
      req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string line = head.substr(pos, e - pos);
        size_t colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t vstart = line.find_first_not_of(' ', colon + 1);
        req.headers[name] = vstart == std::string::npos ? "" : line.substr(vstart);
        pos = e + 2;
      }
      size_t length =
          req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
      while (buf.size() < length) {
        ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
        if (n <= 0) return Close(fd);
        buf.append(chunk, n);
      }
      req.body = buf.substr(0, length);
      buf.erase(0, length);
      ServerReply reply = handler_(req);
      if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
      if (reply.drop) return Close(fd);
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
      for (const auto& [k, v] : reply.headers) out += k + ": " + v + "\r\n";
      out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n\r\n";
      if (req.method != "HEAD") out += reply.body;
      if (send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) return Close(fd);
    }
  }

  void Close(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& f : conn_fds_) {
      if (f == fd) f = -1;
    }
    close(fd);
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex mu_;
  std::vector<int> conn_fds_;
  std::vector<std::thread> conn_threads_;
  std::thread accept_thread_;
};

ServerReply Echo(const ServerRequest& r) {
  ServerReply reply;
  reply.headers = {{"X-Echo-Method", r.method}, {"X-Mixed-Case", "  Value  "}};
  std::string ct = r.headers.count("content-type") ? r.headers.at("content-type") : "<none>";
  std::string cl = r.headers.count("content-length") ? r.headers.at("content-length") : "<none>";
  std::string custom = r.headers.count("x-custom") ? r.headers.at("x-custom") : "<none>";
  reply.body = r.method + " " + r.target + " ct=" + ct + " cl=" + cl + " custom=" + custom +
               " body=" + r.body;
  return reply;
}

struct MethodCase {
  std::string reason;
  HttpRequest request;
  std::string want_body;
};

TEST(CurlHttpClientTest, SendsMethodsHeadersAndBodies) {
  LoopbackServer server(Echo);
  auto client = NewCurlHttpClient();
  const MethodCase cases[] = {
      {"GET with a custom header",
       {"GET", server.Url("/a?x=1"), {{"X-Custom", "v1"}}, "", std::chrono::milliseconds(5000)},
       "GET /a?x=1 ct=<none> cl=<none> custom=v1 body="},
      {"POST form body with its content type",
       {"POST",
        server.Url("/"),
        {{"Content-Type", "application/x-www-form-urlencoded"}},
        "Action=ListRoles",
        std::chrono::milliseconds(5000)},
       "POST / ct=application/x-www-form-urlencoded cl=16 custom=<none> body=Action=ListRoles"},
      {"PUT without content type gets none added and an explicit zero length",
       {"PUT", server.Url("/bucket"), {}, "", std::chrono::milliseconds(5000)},
       "PUT /bucket ct=<none> cl=0 custom=<none> body="},
      {"DELETE without body",
       {"DELETE", server.Url("/k"), {}, "", std::chrono::milliseconds(5000)},
       "DELETE /k ct=<none> cl=<none> custom=<none> body="},
      {"POST JSON",
       {"POST",
        server.Url("/"),
        {{"Content-Type", "application/x-amz-json-1.1"}},
        "{}",
        std::chrono::milliseconds(5000)},
       "POST / ct=application/x-amz-json-1.1 cl=2 custom=<none> body={}"},
  };
  for (const auto& c : cases) {
    auto r = client->Send(c.request);
    ASSERT_TRUE(r.ok()) << c.reason << ": " << r.status().ToString();
    EXPECT_EQ(r->status, 200) << c.reason;
    EXPECT_EQ(r->body, c.want_body) << c.reason;
    EXPECT_EQ(r->Header("x-echo-method"), c.request.method) << c.reason;
    EXPECT_EQ(r->Header("x-mixed-case"), "Value") << c.reason << ": names lower-cased, trimmed";
  }
}

TEST(CurlHttpClientTest, HeadHasNoBodyAndErrorStatusesAreResponses) {
  LoopbackServer server([](const ServerRequest& r) {
    ServerReply reply;
    reply.status = r.target == "/missing" ? 404 : 503;
    reply.body = "err";
    return reply;
  });
  auto client = NewCurlHttpClient();
  HttpRequest req;
  req.url = server.Url("/missing");
  auto r = client->Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "err");
  req.url = server.Url("/busy");
  r = client->Send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  req.method = "HEAD";
  req.url = server.Url("/missing");
  r = client->Send(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "");
  EXPECT_EQ(r->Header("content-length"), "3");
}

TEST(CurlHttpClientTest, ReusesTheConnectionWithinAThread) {
  LoopbackServer server(Echo);
  auto client = NewCurlHttpClient();
  for (int i = 0; i < 5; ++i) {
    HttpRequest req;
    req.url = server.Url("/" + std::to_string(i));
    auto r = client->Send(req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(CurlHttpClientTest, ManyThreadsEachGetTheirOwnHandle) {
  LoopbackServer server(Echo);
  auto client = NewCurlHttpClient();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        HttpRequest req;
        req.url = server.Url("/t");
        auto r = client->Send(req);
        if (r.ok() && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 20);
  EXPECT_LE(server.connections(), 4);
}

TEST(CurlHttpClientTest, TimeoutIsReportedAsTimedOut) {
  LoopbackServer server([](const ServerRequest&) {
    ServerReply r;
    r.delay = std::chrono::milliseconds(700);
    return r;
  });
  auto client = NewCurlHttpClient();
  HttpRequest req;
  req.url = server.Url("/slow");
  req.timeout = std::chrono::milliseconds(200);
  auto r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(r.status().message().rfind(kHttpTimedOut, 0), 0u) << r.status().message();
  EXPECT_EQ(ClassifyAttempt(r, ""), AttemptClass::kTimeout);
}

TEST(CurlHttpClientTest, DroppedConnectionIsReportedAsLost) {
  LoopbackServer server([](const ServerRequest&) {
    ServerReply r;
    r.drop = true;
    return r;
  });
  auto client = NewCurlHttpClient();
  HttpRequest req;
  req.method = "POST";
  req.url = server.Url("/drop");
  req.body = "x";
  auto r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(kHttpConnectionLost, 0), 0u) << r.status().message();
  EXPECT_FALSE(IsRetryable(ClassifyAttempt(r, ""), /*idempotent=*/false));
}

TEST(CurlHttpClientTest, RefusedConnectionIsConnectFailedAndHidesTheQuery) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);  // nothing listens there now
  auto client = NewCurlHttpClient();
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/p?X-Amz-Security-Token=SECRETTOKEN";
  auto r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(kHttpConnectFailed, 0), 0u) << r.status().message();
  EXPECT_EQ(r.status().message().find("SECRETTOKEN"), std::string::npos);
  EXPECT_TRUE(IsRetryable(ClassifyAttempt(r, ""), /*idempotent=*/false));
}

struct UrlCase {
  std::string reason;
  std::string url;
  bool allow_insecure;
  bool refused;
};

TEST(CurlHttpClientTest, RefusesPlainHttpToNonLoopbackAndOtherSchemes) {
  const UrlCase cases[] = {
      {"plain http to a public host", "http://iam.amazonaws.com/", false, true},
      {"plain http to a private address", "http://10.0.0.1:8080/", false, true},
      {"non-http scheme", "file:///etc/passwd", true, true},
      {"garbage", "not a url", false, true},
  };
  for (const auto& c : cases) {
    CurlOptions opts;
    opts.allow_insecure_http_to_non_loopback = c.allow_insecure;
    auto client = NewCurlHttpClient(opts);
    HttpRequest req;
    req.url = c.url;
    auto r = client->Send(req);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument)
        << c.reason << ": " << r.status().ToString();
  }
  LoopbackServer server(Echo);
  HttpRequest req;
  req.url = "http://localhost:" + server.Url("").substr(std::string("http://127.0.0.1:").size());
  auto r = NewCurlHttpClient()->Send(req);
  EXPECT_TRUE(r.ok()) << "localhost is loopback: " << r.status().ToString();
}

TEST(CurlHttpClientTest, MissingCaFileIsATlsError) {
  CurlOptions opts;
  opts.ca_file = "/nonexistent/ca.pem";
  auto client = NewCurlHttpClient(opts);
  HttpRequest req;
  req.url = "https://127.0.0.1:1/";
  req.timeout = std::chrono::milliseconds(2000);
  auto r = client->Send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace causeway
