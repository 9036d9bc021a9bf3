// The AWS value checks: each returns "" or what was expected.
#include "providers/aws/value_checks.h"

#include <string>
#include <string_view>

namespace causeway {

namespace {

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerOrDigit(c) || (c >= 'A' && c <= 'Z'); }

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool IsIpv4(std::string_view s) {
  int parts = 0;
  size_t start = 0;
  while (start <= s.size()) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (part.empty() || part.size() > 3) return false;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

// A string of `min` to `max` characters, each an ASCII letter, a digit or one of `others`.
ValueCheck NameOf(size_t min, size_t max, std::string_view others, std::string expected) {
  return [min, max, others, expected](const Value& v) -> std::string {
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.size() < min || s.size() > max) return expected;
    for (char c : s) {
      if (!IsAlnum(c) && others.find(c) == std::string_view::npos) return expected;
    }
    return "";
  };
}

}  // namespace

ValueCheck S3BucketName() {
  return [](const Value& v) -> std::string {
    const std::string expected =
        "a bucket name of 3 to 63 lowercase letters, digits, '.' and '-', starting and ending "
        "with a letter or digit";
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.size() < 3 || s.size() > 63) return expected;
    for (char c : s) {
      if (!IsLowerOrDigit(c) && c != '.' && c != '-') return expected;
    }
    if (!IsLowerOrDigit(s.front()) || !IsLowerOrDigit(s.back())) return expected;
    if (s.find("..") != std::string::npos) return expected + ", with no \"..\"";
    if (IsIpv4(s)) return expected + ", not an IP address";
    for (std::string_view p : {"xn--", "sthree-", "amzn-s3-demo-"}) {
      if (StartsWith(s, p)) return expected + ", not starting with S3's reserved " + std::string(p);
    }
    for (std::string_view p : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
      if (EndsWith(s, p)) return expected + ", not ending with S3's reserved " + std::string(p);
    }
    return "";
  };
}

ValueCheck IamName(size_t max) {
  return NameOf(1, max, "_+=,.@-",
                "1 to " + std::to_string(max) + " letters, digits and _+=,.@- characters");
}

ValueCheck IamPath() {
  return [](const Value& v) -> std::string {
    const std::string expected = "\"/\" or a path that starts and ends with '/', printable ASCII";
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 512 || s.front() != '/' || s.back() != '/') return expected;
    for (char c : s) {
      if (c < 0x21 || c > 0x7e) return expected;
    }
    return "";
  };
}

ValueCheck AthenaWorkGroupName() {
  return NameOf(1, 128, "._-", "1 to 128 letters, digits, '.', '_' and '-'");
}

ValueCheck AwsTags() {
  return [](const Value& v) -> std::string {
    const std::string expected =
        "tags with string values (quote numbers and booleans, e.g. cost_center: \"1234\"), keys "
        "of 1 to 128 characters not starting with aws:, values of up to 256";
    if (!v.is_object()) return expected;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& key = it.key();
      if (key.empty() || key.size() > 128 || StartsWith(key, "aws:")) {
        return expected + "; tag '" + key + "' has a key that is not allowed";
      }
      if (!it.value().is_string()) return expected + "; tag '" + key + "' is not a string";
      if (it.value().get_ref<const std::string&>().size() > 256) {
        return expected + "; tag '" + key + "' is longer than 256";
      }
    }
    return "";
  };
}

ValueCheck S3UrlOrEmpty() {
  return [](const Value& v) -> std::string {
    const std::string expected = "an s3://bucket/prefix/ URL, or \"\" for none";
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    return s.empty() || (StartsWith(s, "s3://") && s.size() > 5) ? "" : expected;
  };
}

}  // namespace causeway
