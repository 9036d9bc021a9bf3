// Random identifiers from one seeded-from-the-device generator.
#include "sandbox/core/ids.h"

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

int HexValue(char c) { return c >= 'a' ? c - 'a' + 10 : c - '0'; }

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

}  // namespace causeway::sandbox
