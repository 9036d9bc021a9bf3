// FaultInjector: the sandbox's configurable misbehaviour, set through POST /_sandbox/faults:
// added latency per request, a seeded (deterministic) throttling rate, failing the Nth call of an
// operation with a given status/error, dropping the connection on the Nth call, an
// eventual-consistency delay (AWS IAM), asynchronous answers (Snowflake), and replies that carry
// null for every output member the emulator left unset (the front ends apply it: AWS to its JSON
// services). Also the request counters behind GET /_sandbox/counts. The faults are the same for
// every cloud; each cloud's front end formats the errors its way. Thread-safety: all methods are
// thread-safe (internal mutex).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::sandbox {

// Matches calls by service and operation; "" or "*" matches anything.
struct FaultRule {
  std::string service;
  std::string operation;
  int nth = 1;    // first matching call (1-based) that is affected
  int times = 1;  // number of consecutive matching calls affected from the nth; <= 0: forever
  int status = 500;
  std::string code = "InternalFailure";
  std::string message = "We encountered an internal error. Please try again.";
  int seen = 0;  // matching calls so far (runtime)
};

struct FaultConfig {
  std::chrono::milliseconds latency{0};
  double throttle_rate = 0;  // 0..1
  uint64_t seed = 1;
  std::vector<FaultRule> fail;
  std::vector<FaultRule> drop_connection;
  std::chrono::milliseconds consistency_delay{0};
  // Successful JSON replies carry null for every output member left unset.
  bool null_unset_members = false;
  // Matching calls get an asynchronous answer: the front end turns the service's finished reply
  // into its cloud's "still running" reply (Snowflake SQL API: 202 + statement handle), which
  // clients then poll. Clouds without asynchronous answers ignore it.
  std::vector<FaultRule> async;
};

// Parses the POST /_sandbox/faults body:
// {"latency_ms":50, "throttle_rate":0.1, "seed":7,
//  "fail":[{"service":"iam","operation":"CreateRole","nth":2,"status":500,"code":"...",
//           "message":"...","times":1}],
//  "drop_connection":[{"service":"glue","operation":"GetTables","nth":1,"times":1}],
//  "consistency_delay_ms":2000, "null_unset_members":true,
//  "async":[{"service":"snowflake","operation":"SubmitStatement","nth":1,"times":1}]}
// InvalidArgument on wrong types or out-of-range values.
Result<FaultConfig> ParseFaultConfig(const Value& json);
Value FaultConfigToJson(const FaultConfig& config);

// The decision for one request.
struct FaultDecision {
  std::chrono::milliseconds latency{0};
  bool throttle = false;
  bool drop_connection = false;
  bool fail = false;
  bool null_unset_members = false;
  bool async_reply = false;
  int status = 0;
  std::string code;
  std::string message;
};

class FaultInjector {
 public:
  void Set(FaultConfig config);
  void Clear();
  FaultConfig Get() const;
  std::chrono::milliseconds ConsistencyDelay() const;

  // Counts the request and decides what to do with it. Admin requests are not passed here.
  FaultDecision OnRequest(const std::string& service, const std::string& operation, bool mutating);

  // {"total":N,"by_service":{..},"by_operation":{"iam:CreateRole":n},"mutating":N,
  //  "throttled":N,"failed":N,"dropped":N,"injected_latency_ms":N}
  Value Counts() const;
  void ResetCounts();

 private:
  static bool Matches(const FaultRule& rule, const std::string& service,
                      const std::string& operation);
  // Advances the rule's counter for a matching call; true if this call is affected.
  static bool Fires(FaultRule& rule);

  mutable std::mutex mu_;
  FaultConfig config_;
  std::mt19937_64 rng_{1};
  int64_t total_ = 0, mutating_ = 0, throttled_ = 0, failed_ = 0, dropped_ = 0;
  int64_t latency_ms_ = 0;
  std::map<std::string, int64_t> by_service_;
  std::map<std::string, int64_t> by_operation_;
};

}  // namespace causeway::sandbox
