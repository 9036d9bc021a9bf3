// DriftNotifier: `causeway drift --notify URL` posts the drift report's JSON (drift_report.h, with
// its one-line `text` field that chat webhooks -- Slack, Mattermost, Teams workflows -- display)
// to a webhook through libcurl, retrying connection failures, 429 and 5xx with backoff
// (RetryPolicy). The URL may be given as `env:NAME` so that a webhook secret stays out of files
// and command lines kept in shell history or crontabs.
// Thread-safety: free functions.
#pragma once

#include <string>

#include "providers/http/http_client.h"
#include "providers/http/retry.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

// The URL `flag` names: itself, or for "env:NAME" the value of the environment variable NAME
// (InvalidArgument when it is unset or empty). The message never contains the URL itself.
Result<std::string> ResolveNotifyUrl(const std::string& flag);

// POSTs `payload` as JSON. Ok on a 2xx answer; otherwise an error giving the status (and the
// start of the body), never the URL, which may hold a secret token.
Status PostNotification(HttpClient& http, const std::string& url, const Value& payload,
                        RetryOptions retry = {});

}  // namespace causeway
