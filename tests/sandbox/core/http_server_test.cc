// What the sandbox needs of its HTTP server (sandbox/core/http_server.h), one test per
// requirement, run over raw sockets so that nothing between the test and the server (such as
// libcurl) hides what was sent: keep-alive, chunked request bodies, "Expect: 100-continue" as
// botocore sends it for S3 uploads, dropping a connection without any response (fault
// injection), the raw undecoded request target (SigV4 signs it byte for byte), HEAD replies
// without a body, and header names lower-cased with repeated headers joined.
#include "sandbox/core/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <vector>

namespace causeway::sandbox {
namespace {

// One TCP connection to the server, speaking HTTP/1.1 by hand.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }

  void Send(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  // Reads until `marker` is buffered or the peer closes / `timeout_ms` passes.
  bool ReadUntil(const std::string& marker, int timeout_ms = 5000) {
    while (buffer_.find(marker) == std::string::npos) {
      if (!Fill(timeout_ms)) return false;
    }
    return true;
  }

  // One response: status line and headers, then Content-Length bytes of body unless `head`.
  struct Response {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string Header(const std::string& lower) const {
      for (const auto& [k, v] : headers) {
        std::string lk = k;
        for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lk == lower) return v;
      }
      return "";
    }
    int Count(const std::string& lower) const {
      int n = 0;
      for (const auto& [k, v] : headers) {
        std::string lk = k;
        for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        n += lk == lower;
      }
      return n;
    }
  };
  Response ReadResponse(bool head = false) {
    Response r;
    if (!ReadUntil("\r\n\r\n")) return r;
    size_t end = buffer_.find("\r\n\r\n");
    std::string head_text = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    size_t eol = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, eol);
    r.status = std::atoi(status_line.substr(9, 3).c_str());
    size_t pos = eol == std::string::npos ? head_text.size() : eol + 2;
    while (pos < head_text.size()) {
      size_t e = head_text.find("\r\n", pos);
      if (e == std::string::npos) e = head_text.size();
      std::string line = head_text.substr(pos, e - pos);
      size_t colon = line.find(':');
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers.emplace_back(line.substr(0, colon), value);
      pos = e + 2;
    }
    if (head) return r;
    size_t length = std::strtoul(r.Header("content-length").c_str(), nullptr, 10);
    while (buffer_.size() < length && Fill(5000)) {
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, std::min(length, buffer_.size()));
    return r;
  }

  // True when the peer closed the connection; `received` gets whatever came before.
  bool ClosedByPeer(std::string* received, int timeout_ms = 5000) {
    while (Fill(timeout_ms)) {
    }
    *received = buffer_;
    return closed_;
  }
  const std::string& buffer() const { return buffer_; }

 private:
  bool Fill(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string buffer_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<HttpServer>([this](const HttpServerRequest& r) {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back(r);
      return reply_(r);
    });
    auto port = server_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }
  void TearDown() override { server_->Stop(); }
  std::vector<HttpServerRequest> Seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  std::function<HttpServerResponse(const HttpServerRequest&)> reply_ =
      [](const HttpServerRequest& r) {
        HttpServerResponse out;
        out.headers.emplace_back("Content-Type", "text/plain");
        out.body = r.method + " " + r.target + " " + r.body;
        return out;
      };
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<HttpServerRequest> seen_;
};

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    std::string body = "n=" + std::to_string(i);
    c.Send("POST /k HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body);
    auto r = c.ReadResponse();
    ASSERT_EQ(r.status, 200) << "request " << i << " on the same connection";
    EXPECT_EQ(r.body, "POST /k " + body);
  }
  EXPECT_EQ(Seen().size(), 3u);
}

TEST_F(HttpServerTest, ChunkedRequestBodyIsDecoded) {
  RawConnection c(port_);
  c.Send(
      "PUT /bucket/key HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nx-trailer: t\r\n\r\n");
  auto r = c.ReadResponse();
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].body, "hello, world");
}

TEST_F(HttpServerTest, Expect100ContinueIsAnsweredBeforeTheBody) {
  RawConnection c(port_);
  c.Send(
      "PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  // botocore waits for the interim response before it sends the body.
  ASSERT_TRUE(c.ReadUntil("\r\n\r\n")) << "no interim response: " << c.buffer();
  EXPECT_EQ(c.buffer().rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << c.buffer();
  c.Send("data");
  ASSERT_EQ(c.ReadResponse().status, 100) << "the interim response comes first";
  auto r = c.ReadResponse();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "PUT /bucket/key data");
}

TEST_F(HttpServerTest, DroppedConnectionSendsNothing) {
  reply_ = [](const HttpServerRequest&) {
    HttpServerResponse out;
    out.drop_connection = true;
    return out;
  };
  RawConnection c(port_);
  c.Send("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string received;
  EXPECT_TRUE(c.ClosedByPeer(&received)) << "the server must close the connection";
  EXPECT_EQ(received, "") << "and send no byte of a response";
  EXPECT_EQ(Seen().size(), 1u);
}

TEST_F(HttpServerTest, RawTargetReachesTheHandlerUndecoded) {
  RawConnection c(port_);
  const std::string target = "/b/a%20b/c%2Fd+e%7E?x=%2F&y=a+b&empty=&flag";
  c.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(c.ReadResponse().status, 200);
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].target, target);
  EXPECT_EQ(Seen()[0].path, "/b/a%20b/c%2Fd+e%7E");
  EXPECT_EQ(Seen()[0].raw_query, "x=%2F&y=a+b&empty=&flag");
}

TEST_F(HttpServerTest, HeadRepliesCarryHeadersOnly) {
  reply_ = [](const HttpServerRequest& r) {
    HttpServerResponse out;
    out.body = "0123456789";
    if (r.path == "/declared") out.headers.emplace_back("Content-Length", "42");
    return out;
  };
  RawConnection c(port_);
  c.Send("HEAD /sized HTTP/1.1\r\nHost: x\r\n\r\n");
  auto sized = c.ReadResponse(/*head=*/true);
  ASSERT_EQ(sized.status, 200);
  EXPECT_EQ(sized.Header("content-length"), "10") << "the length of the GET body";
  c.Send("HEAD /declared HTTP/1.1\r\nHost: x\r\n\r\n");
  auto declared = c.ReadResponse(/*head=*/true);
  ASSERT_EQ(declared.status, 200) << "no body bytes were left before this reply";
  EXPECT_EQ(declared.Header("content-length"), "42") << "a length the handler set is kept";
  EXPECT_EQ(declared.Count("content-length"), 1);
  c.Send("GET /sized HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.ReadResponse().body, "0123456789");
}

TEST_F(HttpServerTest, HeaderNamesAreLowerCasedAndRepeatedOnesJoined) {
  RawConnection c(port_);
  c.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Amz-Meta-A: 1\r\nx-amz-meta-a: 2\r\nX-Other:  v \r\n\r\n");
  ASSERT_EQ(c.ReadResponse().status, 200);
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].headers.at("x-amz-meta-a"), "1,2");
  EXPECT_EQ(Seen()[0].headers.at("x-other"), "v");
}

TEST_F(HttpServerTest, ReplyHeadersAndStatusAreSentAsGiven) {
  reply_ = [](const HttpServerRequest&) {
    HttpServerResponse out;
    out.status = 404;
    out.headers.emplace_back("x-amz-request-id", "r1");
    out.headers.emplace_back("Content-Type", "application/xml");
    out.body = "<Error/>";
    return out;
  };
  RawConnection c(port_);
  c.Send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = c.ReadResponse();
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("x-amz-request-id"), "r1");
  EXPECT_EQ(r.Header("content-type"), "application/xml");
  EXPECT_EQ(r.Count("content-type"), 1);
  EXPECT_EQ(r.body, "<Error/>");
}

TEST_F(HttpServerTest, LargeBodyArrivingInPiecesIsWhole) {
  std::string body(3 * 1024 * 1024 + 17, 'x');
  for (size_t i = 0; i < body.size(); i += 4096) body[i] = static_cast<char>('a' + (i / 4096) % 26);
  reply_ = [](const HttpServerRequest& r) {
    HttpServerResponse out;
    out.body = std::to_string(r.body.size());
    return out;
  };
  RawConnection c(port_);
  c.Send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body);
  auto r = c.ReadResponse();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::to_string(body.size()));
  ASSERT_EQ(Seen().size(), 1u);
  EXPECT_EQ(Seen()[0].body, body);
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnections) {
  RawConnection c(port_);
  c.Send("GET /k HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(c.ReadResponse().status, 200);
  // The connection is now idle, kept alive for a next request that never comes.
  server_->Stop();
  std::string received;
  EXPECT_TRUE(c.ClosedByPeer(&received, 2000)) << "Stop() must close idle connections";
  EXPECT_EQ(received, "");
}

}  // namespace
}  // namespace causeway::sandbox
