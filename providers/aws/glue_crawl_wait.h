// Waiting for a Glue crawler to be READY again (after StartCrawler or StopCrawler, or before
// UpdateCrawler/DeleteCrawler of a running crawler): GetCrawler is polled with backoff through
// ctx.clock for at most a timeout (the crawler's run_timeout_seconds), and the crawler's state
// and the time waited are logged through ctx.log when the wait starts and every 30 s, so that a
// long crawl shows progress instead of a silent apply.
// Thread-safety: free function; uses only `ctx`.
#pragma once

#include <chrono>
#include <string>

#include "providers/aws/kind_handler.h"

namespace causeway::aws::glue {

// What GetCrawler said when the crawler was READY.
struct CrawlerRun {
  std::string last_status;  // LastCrawl.Status: SUCCEEDED, CANCELLED, FAILED; "" before any crawl
  std::string last_error;   // LastCrawl.ErrorMessage
};

// Polls until crawler `name` is READY (a reply without a State counts as READY): 1 s between
// polls, doubling up to 15 s, never sleeping past `timeout`. `why` says what the wait is for in
// the log and in errors ("run_on_create: waiting for the first crawl"). The time waited is the
// larger of the clock's and the time slept, so that a clock that does not move by itself (tests)
// cannot make it wait forever. Errors: Unavailable when the crawler is still not READY after
// `timeout` (naming its state, the time and run_timeout_seconds); GetCrawler's error; a
// ProviderError for a malformed reply.
Result<CrawlerRun> WaitUntilReady(AwsContext& ctx, const Address& address, const std::string& name,
                                  std::chrono::seconds timeout, const std::string& why);

}  // namespace causeway::aws::glue
