// Query-protocol envelopes, parameter decoding and pagination.
#include "sandbox/aws/query_protocol.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/xml.h"

namespace causeway::sandbox {

namespace {

std::string Hex(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool Unhex(const std::string& s, std::string* out) {
  if (s.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < s.size(); i += 2) {
    auto v = [](char c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = v(s[i]), lo = v(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    *out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

// Collects "Prefix.member.N<suffix>" parameters by N.
std::map<int, std::string> Indexed(const SandboxRequest& request, const std::string& prefix,
                                   const std::string& suffix) {
  std::map<int, std::string> out;
  const std::string head = prefix + ".member.";
  auto scan = [&](const ParamMap& params) {
    for (const auto& [k, v] : params) {
      if (k.rfind(head, 0) != 0) continue;
      std::string rest = k.substr(head.size());
      size_t digits = 0;
      while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
        ++digits;
      }
      if (digits == 0 || rest.substr(digits) != suffix) continue;
      out[ParseInteger<int>(std::string_view(rest).substr(0, digits)).value_or(0)] = v;
    }
  };
  scan(request.query);
  scan(request.form);
  return out;
}

}  // namespace

SandboxResponse QueryResponse(const std::string& action, const std::string& xmlns,
                              const std::string& result_xml, const std::string& request_id,
                              bool with_result) {
  XmlBuilder x;
  x.Open(action + "Response", {{"xmlns", xmlns}});
  if (with_result) {
    x.Open(action + "Result");
    x.Raw(result_xml);
    x.Close();
  }
  x.Open("ResponseMetadata");
  x.Leaf("RequestId", request_id);
  x.Close();
  SandboxResponse r;
  r.status = 200;
  r.content_type = "text/xml";
  r.body = x.str();
  return r;
}

std::vector<std::string> MemberList(const SandboxRequest& request, const std::string& prefix) {
  std::vector<std::string> out;
  for (auto& [i, v] : Indexed(request, prefix, "")) out.push_back(v);
  return out;
}

std::vector<std::pair<std::string, std::string>> KeyValueList(const SandboxRequest& request,
                                                              const std::string& prefix) {
  auto keys = Indexed(request, prefix, ".Key");
  auto values = Indexed(request, prefix, ".Value");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [i, k] : keys) {
    auto it = values.find(i);
    out.emplace_back(k, it == values.end() ? "" : it->second);
  }
  return out;
}

bool Paginate(const std::vector<std::string>& keys, const SandboxRequest& request, size_t* begin,
              size_t* end, std::string* next_marker, std::string* error) {
  size_t max_items = 100;
  if (request.HasParam("MaxItems")) {
    std::string text = request.Param("MaxItems");
    auto parsed = ParseInteger<long>(text);
    if (!parsed) {
      *error = ValidationMessage(text, "maxItems", "Member must be a number");
      return false;
    }
    long v = *parsed;
    if (v < 1 || v > 1000) {
      *error = ValidationMessage(text, "maxItems",
                                 v < 1 ? "Member must have value greater than or equal to 1"
                                       : "Member must have value less than or equal to 1000");
      return false;
    }
    max_items = static_cast<size_t>(v);
  }
  *begin = 0;
  if (request.HasParam("Marker")) {
    std::string key;
    std::string marker = request.Param("Marker");
    if (!Unhex(marker, &key)) {
      *error = "Invalid Marker.";
      return false;
    }
    *begin = static_cast<size_t>(std::lower_bound(keys.begin(), keys.end(), key) - keys.begin());
  }
  *end = std::min(keys.size(), *begin + max_items);
  *next_marker = *end < keys.size() ? Hex(keys[*end]) : "";
  return true;
}

std::string ValidationMessage(const std::string& value, const std::string& field,
                              const std::string& constraint) {
  return "1 validation error detected: Value '" + value + "' at '" + field +
         "' failed to satisfy constraint: " + constraint;
}

std::string MissingValueMessage(const std::string& field) {
  return "1 validation error detected: Value null at '" + field +
         "' failed to satisfy constraint: Member must not be null";
}

bool IsValidIamName(const std::string& name, size_t max_length) {
  if (name.empty() || name.size() > max_length) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' ||
           c == '@' || c == '-';
  });
}

}  // namespace causeway::sandbox
