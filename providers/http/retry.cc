// RetryPolicy and the attempt classifier (see retry.h).
#include "providers/http/retry.h"

#include <algorithm>

namespace causeway {

const char* AttemptClassName(AttemptClass c) {
  switch (c) {
    case AttemptClass::kSuccess:
      return "success";
    case AttemptClass::kFatal:
      return "fatal";
    case AttemptClass::kConnectFailed:
      return "connect failed";
    case AttemptClass::kThrottled:
      return "throttled";
    case AttemptClass::kServerError:
      return "server error";
    case AttemptClass::kTimeout:
      return "timed out";
    case AttemptClass::kConnectionLost:
      return "connection lost";
  }
  return "unknown";
}

bool IsThrottlingErrorCode(const std::string& code) {
  static const char* const kCodes[] = {
      "Throttling",
      "ThrottlingException",
      "ThrottledException",
      "SlowDown",
      "RequestLimitExceeded",
      "TooManyRequestsException",
      "RequestThrottled",
      "RequestThrottledException",
      "ProvisionedThroughputExceededException",
      "BandwidthLimitExceeded",
      "RequestLimitExceededException",
  };
  for (const char* c : kCodes) {
    if (code == c) return true;
  }
  return false;
}

namespace {
bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
}  // namespace

AttemptClass ClassifyAttempt(const Result<HttpResponse>& result, const std::string& error_code) {
  if (!result.ok()) {
    const Status& s = result.status();
    if (s.code() != StatusCode::kIOError) return AttemptClass::kFatal;
    const std::string& m = s.message();
    if (StartsWith(m, kHttpConnectFailed)) return AttemptClass::kConnectFailed;
    if (StartsWith(m, kHttpTimedOut)) return AttemptClass::kTimeout;
    if (StartsWith(m, kHttpConnectionLost)) return AttemptClass::kConnectionLost;
    if (StartsWith(m, kHttpTlsError)) return AttemptClass::kFatal;
    // An IOError we cannot place: assume it may have been processed.
    return AttemptClass::kConnectionLost;
  }
  if (result->status == 429 || IsThrottlingErrorCode(error_code)) return AttemptClass::kThrottled;
  if (result->status >= 500) return AttemptClass::kServerError;
  return AttemptClass::kSuccess;
}

bool IsRetryable(AttemptClass c, bool idempotent) {
  switch (c) {
    case AttemptClass::kSuccess:
    case AttemptClass::kFatal:
      return false;
    case AttemptClass::kConnectFailed:
    case AttemptClass::kThrottled:
      return true;
    case AttemptClass::kServerError:
    case AttemptClass::kTimeout:
    case AttemptClass::kConnectionLost:
      return idempotent;
  }
  return false;
}

RetryPolicy::RetryPolicy(RetryOptions options)
    : options_(options), clock_(options.clock ? options.clock : RealClock()) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  uint64_t seed = options_.seed;
  if (seed == 0) {
    std::random_device rd;
    seed = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }
  rng_.seed(seed);
}

std::chrono::milliseconds RetryPolicy::Backoff(int retry) {
  int64_t ceiling = options_.base.count();
  for (int i = 1; i < retry && ceiling < options_.cap.count(); ++i) ceiling *= 2;
  ceiling = std::min<int64_t>(ceiling, options_.cap.count());
  if (ceiling <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<int64_t> dist(0, ceiling);
  std::lock_guard<std::mutex> lock(mu_);
  return std::chrono::milliseconds(dist(rng_));
}

Result<HttpResponse> RetryPolicy::Run(
    const std::function<Result<HttpResponse>()>& attempt,
    const std::function<std::string(const HttpResponse&)>& error_code, bool idempotent,
    RetryStats* stats) {
  RetryStats local;
  RetryStats* st = stats ? stats : &local;
  *st = RetryStats{};
  for (int n = 1;; ++n) {
    Result<HttpResponse> r = attempt();
    st->attempts = n;
    std::string code = (r.ok() && error_code) ? error_code(*r) : "";
    st->last = ClassifyAttempt(r, code);
    if (!IsRetryable(st->last, idempotent) || n >= options_.max_attempts) return r;
    std::chrono::milliseconds d = Backoff(n);
    st->slept += d;
    clock_->SleepFor(d);
  }
}

}  // namespace causeway
