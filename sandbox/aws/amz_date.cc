// X-Amz-Date parsing and formatting.
#include "sandbox/aws/amz_date.h"

#include <cstdio>
#include <ctime>

#include "sandbox/core/timestamps.h"

namespace causeway::sandbox {

bool ParseAmzDate(const std::string& text, std::chrono::system_clock::time_point* out) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return false;
  std::tm tm{};
  int y, mo, d, h, mi, s;
  if (std::sscanf(text.c_str(), "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
    return false;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::time_t tt = timegm(&tm);
  if (tt == static_cast<std::time_t>(-1)) return false;
  *out = std::chrono::system_clock::from_time_t(tt);
  return true;
}

std::string AmzDate(std::chrono::system_clock::time_point t) {
  return FormatUtc(t, "%Y%m%dT%H%M%SZ");
}

}  // namespace causeway::sandbox
