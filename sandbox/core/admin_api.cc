// The sandbox's admin API under /_sandbox/ (see server.h for the endpoints).
#include "sandbox/core/server.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

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

}  // namespace

Value SandboxServer::Clouds() const {
  Value out = Value::object();
  for (const auto& f : frontends_) {
    ToolSetup setup = f->ToolSetupFor(endpoint());
    Value env = Value::object();
    for (const auto& [name, value] : setup.environment) env[name] = value;
    out[f->cloud()] = {{"credentials", f->TestCredentials(endpoint())},
                       {"environment", env},
                       {"shell", setup.shell}};
  }
  return out;
}

HttpServerResponse SandboxServer::HandleAdmin(const HttpServerRequest& http) {
  const std::string& p = http.path;
  const std::string& m = http.method;
  if (p == "/_sandbox/health" && (m == "GET" || m == "HEAD")) {
    Value names = Value::array();
    for (const auto& [name, s] : services_) names.push_back(name);
    Value health = {{"status", "ok"}, {"port", port_}, {"services", names}};
    for (const auto& f : frontends_) {
      Value fields = f->HealthFields();
      for (const auto& [key, value] : fields.items()) health[key] = value;
    }
    return JsonResponse(200, health);
  }
  if (p == "/_sandbox/clouds" && m == "GET") return JsonResponse(200, Clouds());
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
  if (p == "/_sandbox/clock" && (m == "GET" || m == "POST")) {
    constexpr int64_t kMaxAdvanceMs = 10 * 60 * 1000;
    if (m == "POST") {
      Value body = Value::parse(http.body, nullptr, /*allow_exceptions=*/false);
      auto ms = body.is_object() ? body.find("advance_ms") : body.end();
      if (body.is_discarded() || !body.is_object() || ms == body.end() ||
          !ms->is_number_integer() || ms->get<int64_t>() < 0) {
        return AdminError(400, "clock body must be {\"advance_ms\": <milliseconds >= 0>}");
      }
      if (advanced_ms_.load() + ms->get<int64_t>() > kMaxAdvanceMs) {
        return AdminError(400,
                          "the clock may move at most 10 minutes in all (SigV4 allows 15 "
                          "minutes of skew); restart the sandbox to start again");
      }
      advanced_ms_ += ms->get<int64_t>();
    }
    return JsonResponse(200, {{"now", FormatUtc(Now())}, {"advanced_ms", advanced_ms_.load()}});
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
