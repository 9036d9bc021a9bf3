// SandboxServer: lifecycle, routing by front end, counting, faults and dispatch.
#include "sandbox/core/server.h"

#include <algorithm>
#include <cctype>

#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

SandboxServer::SandboxServer(ServerOptions options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : RealClock()),
      fs_(options_.fs != nullptr ? options_.fs : RealFileSystem()) {}

SandboxServer::~SandboxServer() { Stop(); }

void SandboxServer::AddFrontend(std::unique_ptr<Frontend> frontend) {
  for (auto& f : frontends_) {
    if (f->cloud() == frontend->cloud()) {
      f = std::move(frontend);
      return;
    }
  }
  frontends_.push_back(std::move(frontend));
}

void SandboxServer::AddService(std::unique_ptr<SandboxService> service) {
  std::string name = service->name();
  services_[name] = std::move(service);
}

std::string SandboxServer::endpoint() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

Status SandboxServer::Start() {
  CW_RETURN_IF_ERROR(LoadState());
  http_ = std::make_unique<HttpServer>(
      [this](const HttpServerRequest& request) { return HandleHttp(request); });
  auto port = http_->Start(options_.host, options_.port);
  if (!port.ok()) return port.status();
  port_ = *port;
  if (!options_.state_dir.empty() && options_.persist_delay.count() > 0) {
    writer_stop_ = false;
    writer_ = std::thread([this] { WriterLoop(); });
  }
  return Status::Ok();
}

void SandboxServer::Stop() {
  if (http_ != nullptr) {
    http_->Stop();
    http_.reset();
  }
  if (writer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(dispatch_mu_);
      writer_stop_ = true;
    }
    writer_cv_.notify_all();
    writer_.join();
  }
  (void)Flush();
}

SandboxService* SandboxServer::FindService(const std::string& name) {
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : it->second.get();
}

std::chrono::system_clock::time_point SandboxServer::Now() {
  return clock_->Now() + std::chrono::milliseconds(advanced_ms_.load());
}

std::chrono::milliseconds SandboxServer::ConsistencyDelay() const {
  return faults_.ConsistencyDelay();
}

const Frontend* SandboxServer::Route(const SandboxRequest& request, FrontendMatch* match) const {
  const Frontend* fallback = nullptr;
  FrontendMatch fallback_match;
  for (const auto& frontend : frontends_) {
    std::vector<const SandboxService*> own;
    for (const auto& [_, s] : services_) {
      if (s->cloud() == frontend->cloud()) own.push_back(s.get());
    }
    FrontendMatch m = frontend->Match(request, own);
    if (m.strength == MatchStrength::kCertain) {
      *match = std::move(m);
      return frontend.get();
    }
    if (m.strength == MatchStrength::kFallback && fallback == nullptr) {
      fallback = frontend.get();
      fallback_match = std::move(m);
    }
  }
  *match = std::move(fallback_match);
  return fallback;
}

HttpServerResponse SandboxServer::Finish(const Frontend& frontend, const SandboxRequest& request,
                                         const SandboxService* service, const ReplyFaults& faults,
                                         SandboxResponse reply) const {
  frontend.FinishReply(request, service, faults, &reply);
  HttpServerResponse out;
  out.status = reply.status;
  out.headers = std::move(reply.headers);
  if (!reply.content_type.empty()) out.headers.emplace_back("Content-Type", reply.content_type);
  out.headers.emplace_back("Date", HttpDate(clock_->Now()));
  out.body = std::move(reply.body);
  return out;
}

HttpServerResponse SandboxServer::HandleHttp(const HttpServerRequest& http) {
  if (http.path == "/_sandbox" || http.path.rfind("/_sandbox/", 0) == 0) return HandleAdmin(http);

  SandboxRequest req;
  req.method = http.method;
  req.path = http.path;
  req.raw_query = http.raw_query;
  req.query = ParseQueryString(http.raw_query);
  req.headers = http.headers;
  req.body = http.body;
  req.request_id = NewUuid();
  if (req.Header("content-type").find("application/x-www-form-urlencoded") != std::string::npos) {
    req.form = ParseQueryString(req.body);
  }

  FrontendMatch match;
  const Frontend* frontend = Route(req, &match);
  if (frontend == nullptr) {
    HttpServerResponse none;
    none.status = 404;
    none.headers.emplace_back("Content-Type", "application/json");
    none.body = Value{{"error", "no emulated cloud serves " + req.method + " " + req.path}}.dump();
    return none;
  }
  req.cloud = frontend->cloud();
  req.region = match.region;
  SandboxService* service = FindService(match.service);
  if (service == nullptr || service->cloud() != req.cloud) {
    return Finish(*frontend, req, nullptr, {},
                  frontend->FormatError(
                      req, nullptr,
                      {400, "UnknownService",
                       "causeway-sandbox does not emulate service '" + match.service + "'"}));
  }
  req.service = service->name();
  req.operation = service->OperationName(req);
  const bool mutating = !req.operation.empty() && service->IsMutating(req.operation);

  FaultDecision fault =
      faults_.OnRequest(req.service, req.operation.empty() ? "Unknown" : req.operation, mutating);
  if (fault.latency.count() > 0) clock_->SleepFor(fault.latency);
  if (fault.drop_connection) {
    HttpServerResponse dropped;
    dropped.drop_connection = true;
    return dropped;
  }
  if (fault.fail) {
    return Finish(*frontend, req, service, {},
                  frontend->FormatError(req, service, {fault.status, fault.code, fault.message}));
  }
  if (fault.throttle)
    return Finish(*frontend, req, service, {}, frontend->Throttled(req, *service));

  SandboxResponse response;
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    if (auto refused = frontend->Authenticate(&req, *service, *this)) {
      return Finish(*frontend, req, service, {}, std::move(*refused));
    }
    frontend->Decode(&req);
    response = service->Handle(req, *this);
    if (mutating && response.status < 300) dirty_.insert(req.service);
  }
  if (!options_.state_dir.empty()) {
    if (options_.persist_delay.count() == 0) {
      (void)Flush();
    } else {
      writer_cv_.notify_one();
    }
  }
  ReplyFaults reply_faults;
  reply_faults.null_unset_members = fault.null_unset_members && response.status < 300;
  reply_faults.async_reply = fault.async_reply && response.status < 300;
  return Finish(*frontend, req, service, reply_faults, std::move(response));
}

}  // namespace causeway::sandbox
