// spdlog configuration, including a JSON-lines sink.
#include "reconciler/cli/logging.h"

#include <map>
#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "reconciler/core/clock.h"

namespace causeway {

namespace {

// One JSON object per line on stderr: {"time":..., "level":..., "message":...}.
class JsonStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    nlohmann::json j;
    j["time"] =
        FormatUtc(std::chrono::time_point_cast<std::chrono::system_clock::duration>(msg.time));
    j["level"] = std::string(spdlog::level::to_string_view(msg.level).data(),
                             spdlog::level::to_string_view(msg.level).size());
    j["message"] = std::string(msg.payload.data(), msg.payload.size());
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  void flush_() override { std::fflush(stderr); }
};

}  // namespace

void SetupLogging(int verbosity, const std::string& format) {
  std::shared_ptr<spdlog::logger> logger;
  if (format == "json") {
    logger = std::make_shared<spdlog::logger>("causeway", std::make_shared<JsonStderrSink>());
  } else {
    logger = std::make_shared<spdlog::logger>(
        "causeway", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e [%^%l%$] %v");
  }
  logger->set_level(verbosity >= 2   ? spdlog::level::debug
                    : verbosity == 1 ? spdlog::level::info
                                     : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

namespace {

class SpdlogProviderLog : public ProviderLog {
 public:
  explicit SpdlogProviderLog(std::string provider) : provider_(std::move(provider)) {}
  void Log(Level level, const std::string& message) override {
    switch (level) {
      case Level::kDebug: spdlog::debug("{}: {}", provider_, message); break;
      case Level::kInfo: spdlog::info("{}: {}", provider_, message); break;
      case Level::kWarning: spdlog::warn("{}: {}", provider_, message); break;
    }
  }

 private:
  std::string provider_;
};

}  // namespace

ProviderLog* CliProviderLog(const std::string& provider) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<SpdlogProviderLog>> logs;
  std::lock_guard<std::mutex> l(mu);
  auto& log = logs[provider];
  if (!log) log = std::make_unique<SpdlogProviderLog>(provider);
  return log.get();
}

}  // namespace causeway
