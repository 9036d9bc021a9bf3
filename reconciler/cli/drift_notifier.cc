// Webhook notification of drift reports (see drift_notifier.h).
#include "reconciler/cli/drift_notifier.h"

#include <cstdlib>

namespace causeway {

Result<std::string> ResolveNotifyUrl(const std::string& flag) {
  if (flag.rfind("env:", 0) != 0) return flag;
  std::string name = flag.substr(4);
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    return Status::InvalidArgument("--notify " + flag + ": the environment variable " + name +
                                   " is not set (it should hold the webhook URL)");
  }
  return std::string(value);
}

Status PostNotification(HttpClient& http, const std::string& url, const Value& payload,
                        RetryOptions retry) {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"content-type", "application/json"}};
  request.body = payload.dump();
  request.timeout = std::chrono::milliseconds(10000);
  RetryPolicy policy(retry);
  RetryStats stats;
  // Retried only when the failure shows the hook did not take it (or it said so, 429/5xx): a
  // duplicate chat message is better than a lost drift alert, so 5xx is retried too.
  auto result =
      policy.Run([&] { return http.Send(request); }, nullptr, /*idempotent=*/true, &stats);
  if (!result.ok()) {
    return Status::IOError("posting the drift notification failed after " +
                           std::to_string(stats.attempts) +
                           " attempt(s): " + result.status().message());
  }
  if (result->status < 200 || result->status >= 300) {
    return Status::ProviderError(
        "the drift notification webhook answered HTTP " + std::to_string(result->status) +
        " after " + std::to_string(stats.attempts) + " attempt(s): " + result->body.substr(0, 200));
  }
  return Status::Ok();
}

}  // namespace causeway
