// SandboxServer: routing, counting, faults, auth, dispatch, persistence and the admin API.
#include "sandbox/core/server.h"

#include <algorithm>
#include <cctype>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/sts_service.h"
#include "sandbox/core/util.h"

namespace causeway::sandbox {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

HttpServerResponse JsonResponse(int status, const Value& body) {
  HttpServerResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = body.dump(2) + "\n";
  return r;
}

HttpServerResponse AdminError(int status, const std::string& message) {
  return JsonResponse(status, Value{{"error", message}});
}

// Decodes an aws-chunked body ("hex[;chunk-signature=..]\r\n<data>\r\n ... 0\r\n<trailers>\r\n")
// into `out`, moving trailing headers (e.g. x-amz-checksum-crc32) into `headers`.
bool DecodeAwsChunked(const std::string& body, std::string* out, HeaderMap* headers) {
  size_t pos = 0;
  while (true) {
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) return false;
    std::string size_text = body.substr(pos, eol - pos);
    size_t size = 0;
    try {
      size = std::stoul(size_text.substr(0, size_text.find(';')), nullptr, 16);
    } catch (...) {
      return false;
    }
    pos = eol + 2;
    if (size == 0) break;
    if (pos + size > body.size()) return false;
    out->append(body, pos, size);
    pos += size + 2;  // data and CRLF
  }
  while (pos < body.size()) {  // trailers
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) eol = body.size();
    std::string line = body.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (line.empty() || colon == std::string::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (name != "x-amz-trailer-signature") (*headers)[name] = value;
  }
  return true;
}

}  // namespace

SandboxServer::SandboxServer(ServerOptions options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : RealClock()),
      fs_(options_.fs != nullptr ? options_.fs : RealFileSystem()),
      authenticator_(
          options_.access_keys.empty()
              ? std::map<std::string, std::string>{{kDefaultAccessKey, kDefaultSecretKey}}
              : options_.access_keys,
          options_.account_id, options_.max_clock_skew) {}

SandboxServer::~SandboxServer() { Stop(); }

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

Status SandboxServer::LoadState() {
  if (options_.state_dir.empty()) return Status::Ok();
  CW_RETURN_IF_ERROR(fs_->MakeDirs(options_.state_dir));
  std::lock_guard<std::mutex> lock(dispatch_mu_);
  for (auto& [name, service] : services_) {
    std::string path = options_.state_dir + "/" + name + ".json";
    auto text = fs_->ReadFile(path);
    if (!text.ok()) {
      if (text.status().IsNotFound()) continue;
      return text.status();
    }
    Value state = Value::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (state.is_discarded()) return Status::Corruption("sandbox state file is not JSON: " + path);
    Status s = service->Load(state);
    if (!s.ok()) return s.WithContext(path);
  }
  return Status::Ok();
}

Status SandboxServer::WriteServices(const std::set<std::string>& names) {
  if (options_.state_dir.empty() || names.empty()) return Status::Ok();
  std::map<std::string, std::string> texts;
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    for (const auto& name : names) {
      auto it = services_.find(name);
      if (it != services_.end()) texts[name] = it->second->Dump().dump(1) + "\n";
    }
  }
  Status result;
  for (const auto& [name, text] : texts) {
    Status s = fs_->WriteFileAtomic(options_.state_dir + "/" + name + ".json", text);
    if (!s.ok() && result.ok()) result = s;
  }
  return result;
}

Status SandboxServer::Flush() {
  std::lock_guard<std::mutex> wlock(write_mu_);
  std::set<std::string> dirty;
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    dirty.swap(dirty_);
  }
  return WriteServices(dirty);
}

void SandboxServer::WriterLoop() {
  std::unique_lock<std::mutex> lock(dispatch_mu_);
  while (true) {
    writer_cv_.wait(lock, [this] { return writer_stop_ || !dirty_.empty(); });
    if (writer_stop_) return;
    lock.unlock();
    clock_->SleepFor(options_.persist_delay);
    (void)Flush();
    lock.lock();
  }
}

void SandboxServer::MarkDirty(const std::string& service) {
  // Called with dispatch_mu_ held (from Handle or the dispatcher).
  dirty_.insert(service);
}

SandboxService* SandboxServer::FindService(const std::string& name) {
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : it->second.get();
}

std::chrono::system_clock::time_point SandboxServer::Now() { return clock_->Now(); }

std::chrono::milliseconds SandboxServer::ConsistencyDelay() const {
  return faults_.ConsistencyDelay();
}

Value SandboxServer::Dump(const std::string& service, bool include_private) {
  std::lock_guard<std::mutex> lock(dispatch_mu_);
  Value out = Value::object();
  for (const auto& [name, s] : services_) {
    if (!service.empty() && name != service) continue;
    if (!include_private && !s->InAdminDump()) continue;
    out[name] = s->Dump();
  }
  return out;
}

Status SandboxServer::ResetState() {
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    for (auto& [name, s] : services_) {
      s->Reset();
      dirty_.insert(name);
    }
  }
  return Flush();
}

SandboxService* SandboxServer::Route(const HttpServerRequest& request,
                                     const CredentialScope& scope) {
  if (!scope.service.empty()) return FindService(scope.service);
  auto target = request.headers.find("x-amz-target");
  if (target != request.headers.end()) {
    std::string prefix = target->second.substr(0, target->second.find('.'));
    for (auto& [name, s] : services_) {
      if (!s->target_prefix().empty() && s->target_prefix() == prefix) return s.get();
    }
  }
  ParamMap params = ParseQueryString(request.raw_query);
  auto ct = request.headers.find("content-type");
  if (ct != request.headers.end() &&
      ct->second.find("application/x-www-form-urlencoded") != std::string::npos) {
    for (auto& kv : ParseQueryString(request.body)) params.insert(kv);
  }
  if (params.count("Action") > 0) {
    auto v = params.find("Version");
    if (v != params.end() && v->second == "2011-06-15") return FindService("sts");
    return FindService("iam");
  }
  if (SandboxService* s3 = FindService("s3")) return s3;
  return FindService("iam");
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

  AuthInput auth_input{http.method, http.path, http.raw_query, http.headers, &http.body};
  CredentialScope scope = FindCredentialScope(auth_input);
  SandboxService* service = Route(http, scope);
  HttpServerResponse out;
  auto finish = [&](const SandboxResponse& r) {
    out.status = r.status;
    out.headers = r.headers;
    if (!r.content_type.empty()) out.headers.emplace_back("Content-Type", r.content_type);
    bool has_id = false;
    for (const auto& [k, v] : r.headers) {
      std::string lk = Lower(k);
      if (lk == "x-amzn-requestid" || lk == "x-amz-request-id") has_id = true;
    }
    if (!has_id) out.headers.emplace_back("x-amzn-RequestId", req.request_id);
    out.headers.emplace_back("Date", HttpDate(clock_->Now()));
    out.body = r.body;
    return out;
  };
  if (service == nullptr) {
    return finish(QueryError(400, "UnknownService",
                             "causeway-sandbox does not emulate service '" + scope.service + "'",
                             req.request_id));
  }
  req.service = service->name();
  req.region = scope.region.empty() ? kSandboxDefaultRegion : scope.region;
  req.operation = service->OperationName(req);
  const bool mutating = !req.operation.empty() && service->IsMutating(req.operation);

  FaultDecision fault =
      faults_.OnRequest(req.service, req.operation.empty() ? "Unknown" : req.operation, mutating);
  if (fault.latency.count() > 0) clock_->SleepFor(fault.latency);
  if (fault.drop_connection) {
    out.drop_connection = true;
    return out;
  }
  if (fault.fail) {
    return finish(ProtocolError(service->protocol(), fault.status, fault.code, fault.message,
                                req.request_id));
  }
  if (fault.throttle) return finish(ThrottlingError(service->protocol(), req.request_id));

  SandboxResponse response;
  {
    std::lock_guard<std::mutex> lock(dispatch_mu_);
    auto* sts = dynamic_cast<StsService*>(FindService("sts"));
    Authenticator::SessionLookup lookup = [sts](const std::string& key) {
      return sts == nullptr ? nullptr : sts->FindSession(key);
    };
    AuthError error;
    if (!authenticator_.Verify(auth_input, clock_->Now(), lookup, &req.caller, &error)) {
      return finish(AuthErrorResponse(service->protocol(), error, req.request_id));
    }
    std::string sha = req.Header("x-amz-content-sha256");
    if (sha.rfind("STREAMING-", 0) == 0 ||
        req.Header("content-encoding").find("aws-chunked") != std::string::npos) {
      std::string decoded;
      if (DecodeAwsChunked(req.body, &decoded, &req.headers)) {
        req.body = std::move(decoded);
        std::string enc = req.Header("content-encoding");
        size_t p = enc.find("aws-chunked");
        if (p != std::string::npos) {
          enc.erase(p, 11);
          while (!enc.empty() && (enc.front() == ',' || enc.front() == ' ')) enc.erase(0, 1);
          if (enc.empty()) {
            req.headers.erase("content-encoding");
          } else {
            req.headers["content-encoding"] = enc;
          }
        }
      }
    }
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
  return finish(response);
}

HttpServerResponse SandboxServer::HandleAdmin(const HttpServerRequest& http) {
  const std::string& p = http.path;
  const std::string& m = http.method;
  if (p == "/_sandbox/health" && (m == "GET" || m == "HEAD")) {
    Value names = Value::array();
    for (const auto& [name, s] : services_) names.push_back(name);
    return JsonResponse(200, {{"status", "ok"},
                              {"account_id", options_.account_id},
                              {"port", port_},
                              {"services", names}});
  }
  if (p == "/_sandbox/counts" && m == "GET") return JsonResponse(200, Counts());
  if (p == "/_sandbox/counts/reset" && m == "POST") {
    ResetCounts();
    return JsonResponse(200, Counts());
  }
  if (p == "/_sandbox/dump" && m == "GET") {
    ParamMap q = ParseQueryString(http.raw_query);
    auto s = q.find("service");
    std::string service = s == q.end() ? "" : s->second;
    if (!service.empty() && FindService(service) == nullptr) {
      return AdminError(404, "no such service: " + service);
    }
    return JsonResponse(200, Dump(service));
  }
  if (p == "/_sandbox/reset" && m == "POST") {
    Status s = ResetState();
    if (!s.ok()) return AdminError(500, s.ToString());
    return JsonResponse(200, {{"status", "reset"}});
  }
  if (p == "/_sandbox/flush" && m == "POST") {
    Status s = Flush();
    if (!s.ok()) return AdminError(500, s.ToString());
    return JsonResponse(200, {{"status", "flushed"}});
  }
  if (p == "/_sandbox/faults") {
    if (m == "GET") return JsonResponse(200, FaultConfigToJson(faults_.Get()));
    if (m == "DELETE") {
      ClearFaults();
      return JsonResponse(200, FaultConfigToJson(faults_.Get()));
    }
    if (m == "POST" || m == "PUT") {
      Value body = Value::parse(http.body, nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded()) return AdminError(400, "faults body is not JSON");
      auto config = ParseFaultConfig(body);
      if (!config.ok()) return AdminError(400, config.status().message());
      SetFaults(*config);
      return JsonResponse(200, FaultConfigToJson(faults_.Get()));
    }
  }
  return AdminError(404, "unknown admin endpoint: " + m + " " + p);
}

}  // namespace causeway::sandbox
