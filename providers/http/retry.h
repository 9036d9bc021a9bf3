// RetryPolicy: exponential backoff with full jitter around one HTTP exchange, and the classifier
// that decides which failures are worth another attempt. Retryable: connection errors, 5xx, 429
// and throttling error codes. A non-idempotent call is retried only when the failure proves the
// server did not process it (the connection was never made, or the call was throttled); never on
// a timeout, a dropped connection or a 5xx after the request was sent.
// Sleeping goes through the Clock seam so tests run instantly with a fake clock.
// Thread-safety: RetryPolicy::Run and Backoff may be called from many threads at once.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include "providers/http/http_client.h"
#include "reconciler/core/clock.h"
#include "reconciler/core/status.h"

namespace causeway {

// Prefixes of the IOError messages an HttpClient returns (CurlHttpClient uses them), so that the
// classifier can tell whether a failed request may have reached the server. Fakes use them too.
inline constexpr std::string_view kHttpConnectFailed = "connect failed";  // never sent
inline constexpr std::string_view kHttpTimedOut = "timed out";            // may have been processed
inline constexpr std::string_view kHttpConnectionLost =
    "connection lost";                                          // may have been processed
inline constexpr std::string_view kHttpTlsError = "tls error";  // not retried

// Why an attempt failed, as far as retrying is concerned.
enum class AttemptClass {
  kSuccess,         // a 1xx-4xx response that is not throttling: the caller handles it
  kFatal,           // not retryable (TLS failure, refused URL, ...)
  kConnectFailed,   // request never sent: safe to retry even when not idempotent
  kThrottled,       // 429 or a throttling error code: the server rejected it unprocessed
  kServerError,     // 5xx: may have been processed
  kTimeout,         // timed out: may have been processed
  kConnectionLost,  // dropped mid-exchange: may have been processed
};

const char* AttemptClassName(AttemptClass c);

// True for AWS throttling error codes: Throttling, ThrottlingException, SlowDown,
// RequestLimitExceeded, TooManyRequestsException (and their *Exception variants).
bool IsThrottlingErrorCode(const std::string& code);

// Classifies one attempt. `error_code` is the service error code parsed from the response body by
// the protocol layer ("" when none or not parsed).
AttemptClass ClassifyAttempt(const Result<HttpResponse>& result, const std::string& error_code);

// Whether an attempt of class `c` may be retried for a call with the given idempotency.
bool IsRetryable(AttemptClass c, bool idempotent);

struct RetryOptions {
  int max_attempts = 5;                  // total attempts including the first; >= 1
  std::chrono::milliseconds base{100};   // first backoff ceiling
  std::chrono::milliseconds cap{20000};  // largest backoff ceiling
  Clock* clock = nullptr;                // nullptr: RealClock()
  uint64_t seed = 0;                     // 0: seeded from std::random_device
};

// What happened during Run, for logs and tests.
struct RetryStats {
  int attempts = 0;
  std::chrono::milliseconds slept{0};
  AttemptClass last = AttemptClass::kSuccess;
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryOptions options = {});

  // Full-jitter delay before retry number `retry` (1 = after the first failed attempt): uniform in
  // [0, min(cap, base * 2^(retry-1))].
  std::chrono::milliseconds Backoff(int retry);

  // Calls `attempt` until it yields a non-retryable outcome or max_attempts is reached, sleeping
  // Backoff(n) between attempts. `attempt` is called afresh each time (so it can re-sign).
  // `error_code` extracts the service error code from a response ("" if none); may be empty.
  // Returns the last outcome: a response (possibly an error status the caller must parse) or the
  // transport's IOError/other Status.
  Result<HttpResponse> Run(const std::function<Result<HttpResponse>()>& attempt,
                           const std::function<std::string(const HttpResponse&)>& error_code,
                           bool idempotent, RetryStats* stats = nullptr);

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  Clock* clock_;
  std::mutex mu_;  // guards rng_
  std::mt19937_64 rng_;
};

}  // namespace causeway
