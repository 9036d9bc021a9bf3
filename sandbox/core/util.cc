// Identifier generation, timestamp formatting and URL encoding for the sandbox.
#include "sandbox/core/util.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>

namespace causeway::sandbox {

namespace {

std::mt19937_64& Rng() {
  static std::mt19937_64 rng{std::random_device{}()};
  return rng;
}
std::mutex& RngMutex() {
  static std::mutex m;
  return m;
}

std::string RandomFrom(const std::string& alphabet, int length) {
  std::lock_guard<std::mutex> lock(RngMutex());
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  out.reserve(length);
  for (int i = 0; i < length; ++i) out += alphabet[pick(Rng())];
  return out;
}

std::tm ToTm(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

std::string Format(std::chrono::system_clock::time_point t, const char* fmt) {
  std::tm tm = ToTm(t);
  char buf[64];
  std::strftime(buf, sizeof(buf), fmt, &tm);
  return buf;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string RandomId(const std::string& prefix, int length) {
  return prefix + RandomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);
}

std::string RandomSecret(int length) {
  return RandomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", length);
}

std::string NewUuid() {
  std::string hex = RandomFrom("0123456789abcdef", 32);
  hex[12] = '4';
  hex[16] = "89ab"[HexValue(hex[16]) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string Iso8601(std::chrono::system_clock::time_point t) {
  return Format(t, "%Y-%m-%dT%H:%M:%SZ");
}

std::string Iso8601Millis(std::chrono::system_clock::time_point t) {
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  char buf[8];
  std::snprintf(buf, sizeof(buf), ".%03dZ", static_cast<int>(ms < 0 ? ms + 1000 : ms));
  return Format(t, "%Y-%m-%dT%H:%M:%S") + buf;
}

std::string HttpDate(std::chrono::system_clock::time_point t) {
  return Format(t, "%a, %d %b %Y %H:%M:%S GMT");
}

double EpochSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() /
         1000.0;
}

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

std::string AmzDate(std::chrono::system_clock::time_point t) { return Format(t, "%Y%m%dT%H%M%SZ"); }

std::string UrlDecode(const std::string& text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (c == '+' && plus_as_space) ? ' ' : c;
  }
  return out;
}

std::string UrlEncode(const std::string& text, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

ParamMap ParseQueryString(const std::string& text) {
  ParamMap out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t amp = text.find('&', start);
    if (amp == std::string::npos) amp = text.size();
    std::string part = text.substr(start, amp - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string::npos) {
        out.emplace(UrlDecode(part), "");
      } else {
        out.emplace(UrlDecode(part.substr(0, eq)), UrlDecode(part.substr(eq + 1)));
      }
    }
    start = amp + 1;
  }
  return out;
}

}  // namespace causeway::sandbox
