// SandboxServer: the causeway-sandbox process core. One HTTP port serves every emulated service
// of every registered cloud. Each request is offered to the clouds' front ends (frontend.h); the
// one that claims it names the service; the request is counted, subjected to injected faults,
// authenticated and decoded by the front end, and dispatched to its SandboxService; the state of
// a mutated service is persisted to <state_dir>/<service>.json (persistence.cc: atomic write,
// coalesced by a background writer; flushed on Stop). State is loaded on Start.
// The admin API lives under /_sandbox/ (no auth; admin_api.cc):
//   GET  /_sandbox/health            {"status":"ok","port":..,"services":[..]} plus each front
//                                    end's fields (AWS: "account_id")
//   GET  /_sandbox/clouds            per cloud: {"credentials": {..}, "environment": {..},
//                                    "shell": [..]} (see Frontend::TestCredentials/ToolSetupFor)
//   GET  /_sandbox/counts            request counters (see FaultInjector::Counts)
//   POST /_sandbox/counts/reset
//   GET  /_sandbox/dump[?service=x]  full JSON state of all services (sorted keys)
//   POST /_sandbox/reset             empties every service (persisted)
//   POST /_sandbox/flush             writes pending state now
//   GET|POST|DELETE /_sandbox/faults fault injection (see faults.h)
//   GET|POST /_sandbox/clock         the emulators' time; POST {"advance_ms": N} moves it N ms
//                                    forward (a crawl or an async statement finishes at once,
//                                    whatever the load); up to 10 minutes in all, within SigV4's
//                                    15-minute clock skew
// Thread-safety: handlers run under one dispatch mutex; counters and faults have their own lock;
// injected latency is slept outside the dispatch lock so parallel clients overlap.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "reconciler/core/clock.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"
#include "sandbox/core/faults.h"
#include "sandbox/core/frontend.h"
#include "sandbox/core/http_server.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;              // 0: pick a free port (see SandboxServer::port())
  std::string state_dir;     // empty: state lives in memory only
  Clock* clock = nullptr;    // RealClock() when null; latency is slept through it
  FileSystem* fs = nullptr;  // RealFileSystem() when null
  // How long the writer waits to coalesce state writes; 0 writes synchronously per request.
  std::chrono::milliseconds persist_delay{50};
};

class SandboxServer : public SandboxContext {
 public:
  explicit SandboxServer(ServerOptions options);
  ~SandboxServer() override;
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  // Registers a cloud's front end before Start(). A later one for the same cloud replaces it.
  // Front ends are asked in registration order; the first certain claim wins.
  void AddFrontend(std::unique_ptr<Frontend> frontend);
  // Registers a service before Start(). A later service with the same name replaces it. Its
  // cloud's front end must be registered too, or no request reaches it.
  void AddService(std::unique_ptr<SandboxService> service);

  // Loads persisted state (Corruption when a state file cannot be parsed) and starts listening.
  // IOError when the port is taken.
  Status Start();
  // Stops serving and flushes pending state. Idempotent.
  void Stop();
  int port() const { return port_; }
  // "http://127.0.0.1:PORT"
  std::string endpoint() const;
  // Where state is persisted; "" when in memory (clouds keep files of their own beside it).
  const std::string& state_dir() const { return options_.state_dir; }

  // Admin operations, also reachable over HTTP under /_sandbox/.
  Value Counts() const { return faults_.Counts(); }
  // Per cloud: {"credentials": .., "environment": {..}, "shell": [..]} (GET /_sandbox/clouds).
  Value Clouds() const;
  void ResetCounts() { faults_.ResetCounts(); }
  // {"iam": {...}, "s3": {...}}; `service` non-empty limits it to one service. Services with
  // InAdminDump()==false are included only when `include_private`.
  Value Dump(const std::string& service = "", bool include_private = false);
  // Empties every service and persists the empty state.
  Status ResetState();
  void SetFaults(FaultConfig config) { faults_.Set(std::move(config)); }
  void ClearFaults() { faults_.Clear(); }
  // Writes every dirty service now.
  Status Flush();

  // Processes one HTTP request (what the socket layer calls).
  HttpServerResponse HandleHttp(const HttpServerRequest& request);

  // SandboxContext.
  SandboxService* FindService(const std::string& name) override;
  std::chrono::system_clock::time_point Now() override;
  std::chrono::milliseconds ConsistencyDelay() const override;
  void MarkDirty(const std::string& service) override;

 private:
  HttpServerResponse HandleAdmin(const HttpServerRequest& request);
  // The front end that claims `request` and its match; nullptr when none does.
  const Frontend* Route(const SandboxRequest& request, FrontendMatch* match) const;
  // Turns a reply into the HTTP response: content type, Date, the front end's last touches.
  HttpServerResponse Finish(const Frontend& frontend, const SandboxRequest& request,
                            const SandboxService* service, const ReplyFaults& faults,
                            SandboxResponse reply) const;
  Status LoadState();
  // Dumps the named services under the dispatch lock and writes them (write_mu_ held).
  Status WriteServices(const std::set<std::string>& names);
  void WriterLoop();

  ServerOptions options_;
  Clock* clock_;
  std::atomic<int64_t> advanced_ms_{0};  // added to clock_->Now() by POST /_sandbox/clock
  FileSystem* fs_;
  FaultInjector faults_;
  std::vector<std::unique_ptr<Frontend>> frontends_;  // in registration order
  std::map<std::string, std::unique_ptr<SandboxService>> services_;
  std::unique_ptr<HttpServer> http_;
  int port_ = 0;

  std::mutex dispatch_mu_;  // guards all service state and dirty_
  std::set<std::string> dirty_;
  std::mutex write_mu_;  // serialises state file writes
  std::condition_variable writer_cv_;
  bool writer_stop_ = false;
  std::thread writer_;
};

}  // namespace causeway::sandbox
