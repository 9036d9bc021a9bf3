// Logging setup for the CLI: spdlog to stderr, level from -v/-vv (default: warnings only), and
// `--log-format json` for one JSON object per line. Causeway never passes secret values to a log
// call; this file adds nothing that could.
#pragma once

#include <string>

#include "providers/provider_log.h"

namespace causeway {

// verbosity 0: warn, 1: info, 2+: debug. format: "text" or "json".
void SetupLogging(int verbosity, const std::string& format);

// The log the CLI gives every provider: "<provider>: message" through spdlog, so -v and
// --log-format apply to providers too.
ProviderLog* CliProviderLog(const std::string& provider);

}  // namespace causeway
