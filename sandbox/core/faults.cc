// Fault configuration parsing, per-request fault decisions and request counters.
#include "sandbox/core/faults.h"

namespace causeway::sandbox {

namespace {

Status ParseRule(const Value& j, FaultRule* rule, bool with_error) {
  if (!j.is_object()) return Status::InvalidArgument("fault rule must be an object");
  try {
    if (j.contains("service")) rule->service = j.at("service").get<std::string>();
    if (j.contains("operation")) rule->operation = j.at("operation").get<std::string>();
    if (j.contains("nth")) rule->nth = j.at("nth").get<int>();
    if (j.contains("times")) rule->times = j.at("times").get<int>();
    if (with_error) {
      if (j.contains("status")) rule->status = j.at("status").get<int>();
      if (j.contains("code")) rule->code = j.at("code").get<std::string>();
      if (j.contains("message")) rule->message = j.at("message").get<std::string>();
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("fault rule: ") + e.what());
  }
  if (rule->nth < 1) return Status::InvalidArgument("fault rule nth must be >= 1");
  if (with_error && (rule->status < 400 || rule->status > 599)) {
    return Status::InvalidArgument("fault rule status must be 400..599");
  }
  return Status::Ok();
}

Value RuleToJson(const FaultRule& r, bool with_error) {
  Value j = {{"service", r.service},
             {"operation", r.operation},
             {"nth", r.nth},
             {"times", r.times},
             {"seen", r.seen}};
  if (with_error) {
    j["status"] = r.status;
    j["code"] = r.code;
    j["message"] = r.message;
  }
  return j;
}

}  // namespace

Result<FaultConfig> ParseFaultConfig(const Value& json) {
  if (!json.is_object()) return Status::InvalidArgument("faults must be a JSON object");
  FaultConfig c;
  try {
    for (const auto& [key, v] : json.items()) {
      if (key == "latency_ms") {
        c.latency = std::chrono::milliseconds(v.get<int64_t>());
        if (c.latency.count() < 0) return Status::InvalidArgument("latency_ms must be >= 0");
      } else if (key == "throttle_rate") {
        c.throttle_rate = v.get<double>();
        if (c.throttle_rate < 0 || c.throttle_rate > 1) {
          return Status::InvalidArgument("throttle_rate must be within 0..1");
        }
      } else if (key == "seed") {
        c.seed = v.get<uint64_t>();
      } else if (key == "consistency_delay_ms") {
        c.consistency_delay = std::chrono::milliseconds(v.get<int64_t>());
        if (c.consistency_delay.count() < 0) {
          return Status::InvalidArgument("consistency_delay_ms must be >= 0");
        }
      } else if (key == "null_unset_members") {
        if (!v.is_boolean()) return Status::InvalidArgument("null_unset_members must be a boolean");
        c.null_unset_members = v.get<bool>();
      } else if (key == "fail" || key == "drop_connection" || key == "async") {
        if (!v.is_array()) return Status::InvalidArgument(key + " must be an array");
        for (const auto& r : v) {
          FaultRule rule;
          CW_RETURN_IF_ERROR(ParseRule(r, &rule, key == "fail"));
          (key == "fail" ? c.fail : key == "async" ? c.async : c.drop_connection).push_back(rule);
        }
      } else {
        return Status::InvalidArgument("unknown fault setting: " + key);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("faults: ") + e.what());
  }
  return c;
}

Value FaultConfigToJson(const FaultConfig& c) {
  Value fail = Value::array(), drop = Value::array(), async = Value::array();
  for (const auto& r : c.fail) fail.push_back(RuleToJson(r, true));
  for (const auto& r : c.drop_connection) drop.push_back(RuleToJson(r, false));
  for (const auto& r : c.async) async.push_back(RuleToJson(r, false));
  return {{"latency_ms", c.latency.count()},
          {"throttle_rate", c.throttle_rate},
          {"seed", c.seed},
          {"fail", fail},
          {"drop_connection", drop},
          {"async", async},
          {"consistency_delay_ms", c.consistency_delay.count()},
          {"null_unset_members", c.null_unset_members}};
}

void FaultInjector::Set(FaultConfig config) {
  std::lock_guard<std::mutex> lock(mu_);
  config_ = std::move(config);
  rng_.seed(config_.seed);
}

void FaultInjector::Clear() { Set(FaultConfig{}); }

FaultConfig FaultInjector::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

std::chrono::milliseconds FaultInjector::ConsistencyDelay() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_.consistency_delay;
}

bool FaultInjector::Matches(const FaultRule& rule, const std::string& service,
                            const std::string& operation) {
  auto any = [](const std::string& s) { return s.empty() || s == "*"; };
  return (any(rule.service) || rule.service == service) &&
         (any(rule.operation) || rule.operation == operation);
}

bool FaultInjector::Fires(FaultRule& rule) {
  int call = ++rule.seen;
  if (call < rule.nth) return false;
  return rule.times <= 0 || call < rule.nth + rule.times;
}

FaultDecision FaultInjector::OnRequest(const std::string& service, const std::string& operation,
                                       bool mutating) {
  std::lock_guard<std::mutex> lock(mu_);
  ++total_;
  ++by_service_[service];
  ++by_operation_[service + ":" + operation];
  if (mutating) ++mutating_;

  FaultDecision d;
  d.latency = config_.latency;
  d.null_unset_members = config_.null_unset_members;
  latency_ms_ += d.latency.count();
  for (auto& rule : config_.drop_connection) {
    if (Matches(rule, service, operation) && Fires(rule)) d.drop_connection = true;
  }
  if (d.drop_connection) {
    ++dropped_;
    return d;
  }
  for (auto& rule : config_.fail) {
    if (Matches(rule, service, operation) && Fires(rule) && !d.fail) {
      d.fail = true;
      d.status = rule.status;
      d.code = rule.code;
      d.message = rule.message;
    }
  }
  if (d.fail) {
    ++failed_;
    return d;
  }
  for (auto& rule : config_.async) {
    if (Matches(rule, service, operation) && Fires(rule)) d.async_reply = true;
  }
  if (config_.throttle_rate > 0) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    if (u(rng_) < config_.throttle_rate) {
      d.throttle = true;
      ++throttled_;
    }
  }
  return d;
}

Value FaultInjector::Counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {
      {"total", total_},       {"by_service", by_service_},         {"by_operation", by_operation_},
      {"mutating", mutating_}, {"throttled", throttled_},           {"failed", failed_},
      {"dropped", dropped_},   {"injected_latency_ms", latency_ms_}};
}

void FaultInjector::ResetCounts() {
  std::lock_guard<std::mutex> lock(mu_);
  total_ = mutating_ = throttled_ = failed_ = dropped_ = latency_ms_ = 0;
  by_service_.clear();
  by_operation_.clear();
}

}  // namespace causeway::sandbox
