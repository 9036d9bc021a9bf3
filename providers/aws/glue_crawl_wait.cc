// Waiting for a Glue crawler: polling, timeout and progress log.
#include "providers/aws/glue_crawl_wait.h"

#include <algorithm>

#include "providers/aws/glue_common.h"

namespace causeway::aws::glue {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr seconds kProgressEvery{30};
constexpr milliseconds kFirstPoll{1000}, kLongestPoll{15000};

std::string Secs(milliseconds d) {
  return std::to_string(std::chrono::duration_cast<seconds>(d).count()) + " s";
}

}  // namespace

Result<CrawlerRun> WaitUntilReady(AwsContext& ctx, const Address& address, const std::string& name,
                                  seconds timeout, const std::string& why) {
  const std::string crawler = address.str() + ": crawler " + name;
  auto start = ctx.clock->Now();
  milliseconds slept{0}, poll = kFirstPoll, next_log{0};
  while (true) {
    auto r = Call(ctx, "GetCrawler", {{"Name", name}});
    if (!r.ok()) return r.status().WithContext(address.str());
    Result<kit::ReplyReader> c = kit::ReplyReader(*r, "glue GetCrawler").At("Crawler");
    Result<std::string> state = c.ok() ? c->StringOr("State", "READY") : c.status();
    if (!state.ok()) return state.status().WithContext(address.str());
    auto waited =
        std::max(std::chrono::duration_cast<milliseconds>(ctx.clock->Now() - start), slept);
    if (*state == "READY") {
      if (next_log > milliseconds{0}) ctx.log->Info(crawler + " is READY after " + Secs(waited));
      auto status = c->StringOr("LastCrawl/Status", "");
      auto error = c->StringOr("LastCrawl/ErrorMessage", "");
      if (!status.ok()) return status.status().WithContext(address.str());
      if (!error.ok()) return error.status().WithContext(address.str());
      return CrawlerRun{*status, *error};
    }
    if (waited >= timeout) {
      return Status::Unavailable(crawler + " is still " + *state + " after " + Secs(waited) + " (" +
                                 why + "; run_timeout_seconds: " + std::to_string(timeout.count()) +
                                 ")");
    }
    if (waited >= next_log) {
      ctx.log->Info(address.str() + ": " + why + ": crawler " + name + " is " + *state + ", " +
                    Secs(waited) + " of at most " + Secs(timeout));
      next_log = waited - waited % kProgressEvery + kProgressEvery;
    }
    milliseconds nap = std::min<milliseconds>(poll, timeout - waited);
    ctx.clock->SleepFor(nap);
    slept += nap;
    poll = std::min(poll * 2, kLongestPoll);
  }
}

}  // namespace causeway::aws::glue
