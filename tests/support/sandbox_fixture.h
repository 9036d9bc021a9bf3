// Test support for the sandbox: SandboxFixture starts causeway-sandbox in-process (SandboxServer
// with every compiled-in emulator) or as a child process, on a free port with a temporary state
// directory; SandboxClient sends SigV4-signed requests to it with libcurl (Query, JSON 1.1 and
// raw REST calls) and unsigned admin calls; SandboxTestClock is a manual clock whose sleeps are
// recorded rather than slept. Thread-safety: one fixture/client per test thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/aws/aws_provider.h"
#include "providers/aws_sigv4/sigv4.h"
#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"
#include "sandbox/aws/aws_frontend.h"
#include "sandbox/core/server.h"

namespace causeway::testing {

// Manual clock: Now() only moves through Advance() or SleepFor() (which records the total).
class SandboxTestClock : public Clock {
 public:
  SandboxTestClock() : now_(std::chrono::system_clock::now()) {}
  std::chrono::system_clock::time_point Now() override;
  void SleepFor(std::chrono::milliseconds d) override;
  void Advance(std::chrono::milliseconds d);
  std::chrono::milliseconds slept() const { return std::chrono::milliseconds(slept_ms_.load()); }

 private:
  std::atomic<int64_t> offset_ms_{0};
  std::atomic<int64_t> slept_ms_{0};
  std::chrono::system_clock::time_point now_;
};

struct SandboxReply {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  std::string transport_error;  // curl's message when status == 0
  Value Json() const;           // parsed body; discarded value when not JSON
};

// First text of element `name` anywhere in `xml` ("" when missing).
std::string XmlText(const std::string& xml, const std::string& name);
// All texts of elements `name` in document order.
std::vector<std::string> XmlTexts(const std::string& xml, const std::string& name);

class SandboxClient {
 public:
  SandboxClient(std::string endpoint, aws::Credentials credentials, Clock* clock = nullptr);
  ~SandboxClient();
  SandboxClient(const SandboxClient&) = delete;
  SandboxClient& operator=(const SandboxClient&) = delete;

  void set_credentials(aws::Credentials credentials) { credentials_ = std::move(credentials); }
  // Signs with this time instead of the clock's (stale-date tests).
  void set_sign_time(std::optional<std::chrono::system_clock::time_point> t) { sign_time_ = t; }
  // Signs for this region (default us-east-1).
  void set_region(std::string region) { region_ = std::move(region); }

  // A SigV4-signed request; `query` is the raw query string.
  SandboxReply Send(const std::string& service, const std::string& method, const std::string& path,
                    const std::string& query,
                    std::vector<std::pair<std::string, std::string>> headers,
                    const std::string& body);
  // Query protocol: POST / with Action, Version (IAM 2010-05-08, STS 2011-06-15) and `params`.
  SandboxReply Query(const std::string& service, const std::string& action,
                     const std::vector<std::pair<std::string, std::string>>& params = {});
  // JSON 1.1: POST / with X-Amz-Target `target` (e.g. "AWSGlue.GetDatabases").
  SandboxReply Json(const std::string& service, const std::string& target, const Value& body);
  // Unsigned request (admin API or unsigned-request tests).
  SandboxReply Raw(const std::string& method, const std::string& path_and_query,
                   const std::string& body = "",
                   std::vector<std::pair<std::string, std::string>> headers = {});

 private:
  SandboxReply Perform(const std::string& method, const std::string& url,
                       const std::vector<std::pair<std::string, std::string>>& headers,
                       const std::string& body);

  std::string endpoint_;
  std::string host_;  // "127.0.0.1:PORT"
  aws::Credentials credentials_;
  Clock* clock_;
  std::optional<std::chrono::system_clock::time_point> sign_time_;
  std::string region_ = "us-east-1";
  void* curl_ = nullptr;  // CURL*, reused for keep-alive
};

class SandboxFixture {
 public:
  struct Options {
    std::string state_dir;  // empty: a fresh temp dir, removed by the destructor
    Clock* clock = nullptr;
    std::chrono::milliseconds persist_delay{0};  // synchronous writes by default in tests
    // Run the built causeway-sandbox binary (CAUSEWAY_BINARY_DIR/causeway-sandbox) instead of an
    // in-process server. Start() fails with NotFound when the binary is missing.
    bool child_process = false;
    // In-process only: registers more front ends and services after every built-in cloud (e.g.
    // a test's fake cloud), on each Start().
    std::function<void(sandbox::SandboxServer*)> add_clouds;
  };

  SandboxFixture();
  explicit SandboxFixture(Options options);
  ~SandboxFixture();
  SandboxFixture(const SandboxFixture&) = delete;
  SandboxFixture& operator=(const SandboxFixture&) = delete;

  Status Start();
  void Stop();
  // Stop then Start on a new port, keeping the state directory.
  Status Restart();

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& state_dir() const { return state_dir_; }
  // The in-process server (nullptr in child-process mode or when stopped).
  sandbox::SandboxServer* server() { return server_.get(); }
  // A client signed with the default sandbox credentials.
  std::unique_ptr<SandboxClient> Client();

  static aws::Credentials DefaultCredentials();

 private:
  Options options_;
  std::string state_dir_;
  bool own_state_dir_ = false;
  std::unique_ptr<sandbox::SandboxServer> server_;
  int child_pid_ = -1;
  int port_ = 0;
};

// An AwsProvider pointed at `fixture`'s sandbox as the CLI points it for `endpoint: sandbox` (the
// sandbox's URL and test credentials, region us-east-1), then `config` (e.g.
// {{"refresh_mode", "per-resource"}}). Call it after a Restart (the port changes). `clock` may be
// null. Returns nullptr, after a test failure, when configure refuses.
std::unique_ptr<aws::AwsProvider> NewSandboxAwsProvider(const SandboxFixture* fixture,
                                                        const Value& config = Value::object(),
                                                        Clock* clock = nullptr);

// True when `aws` and python3 are on PATH: the awscli fidelity tests skip without them.
bool AwscliAvailable();
// Runs the awscli script at `script` (it takes the sandbox endpoint as its argument) against
// `fixture`: its exit status, or -1 when it did not exit normally. `quiet` discards its output.
int RunAwscliScript(const std::string& script, const SandboxFixture& fixture, bool quiet = false);

// The observation of one resource through `provider` (a test failure, and an empty observation,
// when observe fails).
Observation ObserveOne(Provider& provider, const std::string& kind, const std::string& id,
                       const Value& attributes);

}  // namespace causeway::testing
