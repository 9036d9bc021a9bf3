// Timestamp formatting in UTC.
#include "sandbox/core/timestamps.h"

#include <cstdio>
#include <ctime>

namespace causeway::sandbox {

namespace {

std::tm ToTm(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

}  // namespace

std::string FormatUtc(std::chrono::system_clock::time_point t, const char* fmt) {
  std::tm tm = ToTm(t);
  char buf[64];
  std::strftime(buf, sizeof(buf), fmt, &tm);
  return buf;
}

std::string Iso8601(std::chrono::system_clock::time_point t) {
  return FormatUtc(t, "%Y-%m-%dT%H:%M:%SZ");
}

std::string Iso8601Millis(std::chrono::system_clock::time_point t) {
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  char buf[8];
  std::snprintf(buf, sizeof(buf), ".%03dZ", static_cast<int>(ms < 0 ? ms + 1000 : ms));
  return FormatUtc(t, "%Y-%m-%dT%H:%M:%S") + buf;
}

std::string HttpDate(std::chrono::system_clock::time_point t) {
  return FormatUtc(t, "%a, %d %b %Y %H:%M:%S GMT");
}

double EpochSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() /
         1000.0;
}

}  // namespace causeway::sandbox
