// Tests for RetryPolicy and the attempt classifier (providers/http/retry.h), on a scripted fake
// transport and a fake clock: no network, no real sleeping.
#include "providers/http/retry.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "tests/support/fake_clock.h"

namespace causeway {
namespace {

// One scripted attempt outcome.
struct Step {
  int status = 0;          // HTTP status; 0 means transport error
  std::string error_code;  // parsed service error code
  std::string io_error;    // IOError message when status == 0
};

Step Ok() { return {200, "", ""}; }
Step Http(int status, std::string code = "") { return {status, std::move(code), ""}; }
Step Io(std::string_view prefix) { return {0, "", std::string(prefix) + ": details"}; }

struct RunCase {
  std::string reason;
  std::vector<Step> script;
  bool idempotent;
  int want_attempts;
  AttemptClass want_last;
  bool want_ok;  // the returned Result holds a response
};

TEST(RetryPolicyTest, RetriesWhatIsSafe) {
  const RunCase cases[] = {
      {"success first time", {Ok()}, true, 1, AttemptClass::kSuccess, true},
      {"5xx then success (idempotent)",
       {Http(500), Http(503), Ok()},
       true,
       3,
       AttemptClass::kSuccess,
       true},
      {"5xx not retried when not idempotent",
       {Http(500), Ok()},
       false,
       1,
       AttemptClass::kServerError,
       true},
      {"429 retried even when not idempotent",
       {Http(429), Ok()},
       false,
       2,
       AttemptClass::kSuccess,
       true},
      {"throttling code on a 400 retried",
       {Http(400, "Throttling"), Ok()},
       false,
       2,
       AttemptClass::kSuccess,
       true},
      {"SlowDown on a 503 retried when not idempotent",
       {Http(503, "SlowDown"), Ok()},
       false,
       2,
       AttemptClass::kSuccess,
       true},
      {"connect failure retried when not idempotent",
       {Io(kHttpConnectFailed), Ok()},
       false,
       2,
       AttemptClass::kSuccess,
       true},
      {"timeout retried when idempotent",
       {Io(kHttpTimedOut), Ok()},
       true,
       2,
       AttemptClass::kSuccess,
       true},
      {"timeout not retried when not idempotent",
       {Io(kHttpTimedOut), Ok()},
       false,
       1,
       AttemptClass::kTimeout,
       false},
      {"dropped connection not retried when not idempotent",
       {Io(kHttpConnectionLost), Ok()},
       false,
       1,
       AttemptClass::kConnectionLost,
       false},
      {"TLS failure never retried",
       {Io(kHttpTlsError), Ok()},
       true,
       1,
       AttemptClass::kFatal,
       false},
      {"4xx error is the caller's answer",
       {Http(404, "NoSuchEntity"), Ok()},
       true,
       1,
       AttemptClass::kSuccess,
       true},
      {"gives up after max attempts and returns the last response",
       {Http(500), Http(500), Http(500), Http(500), Ok()},
       true,
       4,
       AttemptClass::kServerError,
       true},
  };
  for (const auto& c : cases) {
    testing::FakeClock clock{testing::FakeClock::At(0)};
    RetryOptions opts;
    opts.max_attempts = 4;
    opts.base = std::chrono::milliseconds(100);
    opts.cap = std::chrono::milliseconds(1000);
    opts.clock = &clock;
    opts.seed = 42;
    RetryPolicy policy(opts);
    std::deque<Step> script(c.script.begin(), c.script.end());
    auto attempt = [&]() -> Result<HttpResponse> {
      Step s = script.front();
      script.pop_front();
      if (s.status == 0) return Status::IOError(s.io_error);
      HttpResponse r;
      r.status = s.status;
      r.body = s.error_code;  // the fake "parses" the code from the body
      return r;
    };
    RetryStats stats;
    Result<HttpResponse> r = policy.Run(
        attempt, [](const HttpResponse& resp) { return resp.body; }, c.idempotent, &stats);
    EXPECT_EQ(stats.attempts, c.want_attempts) << c.reason;
    EXPECT_EQ(stats.last, c.want_last) << c.reason << ": got " << AttemptClassName(stats.last);
    EXPECT_EQ(r.ok(), c.want_ok) << c.reason;
    EXPECT_EQ(clock.sleeps().size(), static_cast<size_t>(c.want_attempts - 1)) << c.reason;
  }
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderAnExponentialCappedCeiling) {
  RetryOptions opts;
  opts.base = std::chrono::milliseconds(100);
  opts.cap = std::chrono::milliseconds(1000);
  opts.seed = 7;
  RetryPolicy policy(opts);
  const int64_t ceilings[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (int retry = 1; retry <= 7; ++retry) {
    int64_t lo = INT64_MAX, hi = 0;
    for (int i = 0; i < 300; ++i) {
      int64_t d = policy.Backoff(retry).count();
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    EXPECT_GE(lo, 0) << "retry " << retry;
    EXPECT_LE(hi, ceilings[retry - 1]) << "retry " << retry;
    // Full jitter spreads over the whole range, not a fixed delay.
    EXPECT_LT(lo, ceilings[retry - 1] / 4) << "retry " << retry;
    EXPECT_GT(hi, ceilings[retry - 1] * 3 / 4) << "retry " << retry;
  }
}

TEST(RetryPolicyTest, SleepsThroughTheClockSeam) {
  testing::FakeClock clock{testing::FakeClock::At(0)};
  RetryOptions opts;
  opts.max_attempts = 3;
  opts.base = std::chrono::milliseconds(50);
  opts.clock = &clock;
  RetryPolicy policy(opts);
  RetryStats stats;
  auto r = policy.Run([]() -> Result<HttpResponse> { return Status::IOError("connect failed: x"); },
                      nullptr, true, &stats);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  ASSERT_EQ(clock.sleeps().size(), 2u);
  EXPECT_EQ(stats.slept, clock.sleeps()[0] + clock.sleeps()[1]);
  EXPECT_LE(clock.sleeps()[0].count(), 50);
  EXPECT_LE(clock.sleeps()[1].count(), 100);
}

struct CodeCase {
  std::string code;
  bool throttling;
};

TEST(RetryClassifierTest, ThrottlingErrorCodes) {
  const CodeCase cases[] = {
      {"Throttling", true},
      {"ThrottlingException", true},
      {"SlowDown", true},
      {"RequestLimitExceeded", true},
      {"TooManyRequestsException", true},
      {"NoSuchEntity", false},
      {"AccessDenied", false},
      {"", false},
      {"throttling", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsThrottlingErrorCode(c.code), c.throttling) << c.code;
}

TEST(RetryClassifierTest, NonIoErrorsAreFatal) {
  Result<HttpResponse> r = Status::InvalidArgument("refusing plain http");
  EXPECT_EQ(ClassifyAttempt(r, ""), AttemptClass::kFatal);
  EXPECT_FALSE(IsRetryable(AttemptClass::kFatal, true));
}

}  // namespace
}  // namespace causeway
