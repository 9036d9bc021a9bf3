// Unknown marker, canonical JSON, hashing.
#include "reconciler/core/value.h"

#include <openssl/evp.h>

#include <cstdio>

#include "reconciler/core/json_writer.h"

namespace causeway {

namespace {
constexpr const char* kUnknownKey = "$unknown";
}

Value UnknownValue() { return Value{{kUnknownKey, true}}; }

bool IsUnknown(const Value& v) {
  return v.is_object() && v.size() == 1 && v.contains(kUnknownKey) && v[kUnknownKey] == true;
}

bool ContainsUnknown(const Value& v) {
  if (IsUnknown(v)) return true;
  if (v.is_object() || v.is_array()) {
    for (const auto& e : v) {
      if (ContainsUnknown(e)) return true;
    }
  }
  return false;
}

std::string CanonicalJson(const Value& v) {
  // Value's objects keep their members sorted by key (SortedMap), so dump() already sorts keys.
  return ToJsonText(v, -1);
}

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(len * 2);
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", md[i]);
    out += buf;
  }
  return out;
}

std::string SensitiveHash(const Value& v, const std::string& salt) {
  return "sha256:" + salt + ":" + Sha256Hex(salt + CanonicalJson(v));
}

bool SensitiveHashMatches(const std::string& hash, const Value& v) {
  const std::string prefix = "sha256:";
  if (hash.rfind(prefix, 0) != 0) return false;
  auto colon = hash.find(':', prefix.size());
  if (colon == std::string::npos) return false;
  std::string salt = hash.substr(prefix.size(), colon - prefix.size());
  return SensitiveHash(v, salt) == hash;
}

std::string RenderValue(const Value& v) {
  if (IsUnknown(v)) return "(known after apply)";
  if (v.is_null()) return "null";
  return ToJsonText(v, -1);
}

}  // namespace causeway
