// SigV4 signing and Authorization-header parsing (see sigv4.h). Canonicalisation follows AWS's
// "Create a signed AWS API request" and botocore's auth.py: paths are dot-segment-normalised and
// URI-encoded once more (except for S3), query parameters are decoded then re-encoded strictly
// (RFC 3986 unreserved set) and sorted, header values are trimmed with inner whitespace runs
// collapsed, and duplicate headers are joined with ','.
#include "providers/aws_sigv4/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "reconciler/core/ascii.h"

namespace causeway::aws {

namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kUnsignedPayload[] = "UNSIGNED-PAYLOAD";

std::string Hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xf]);
  }
  return out;
}

std::string HmacSha256(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string UriEncode(const std::string& s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes; a malformed escape is kept literally. '+' stays '+' (RFC 3986, not forms).
std::string PercentDecode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// RFC 3986 5.2.4 plus collapsing of empty segments, as botocore's remove_dot_segments.
std::string RemoveDotSegments(const std::string& path) {
  if (path.empty()) return "/";
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(start, end - start);
    if (!seg.empty() && seg != ".") {
      if (seg == "..") {
        if (!out.empty()) out.pop_back();
      } else {
        out.push_back(seg);
      }
    }
    start = end + 1;
  }
  std::string result = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) result += '/';
    result += out[i];
  }
  if (path.back() == '/' && !out.empty()) result += '/';
  if (result.empty()) result = "/";
  return result;
}

std::string CanonicalPath(const std::string& path, bool s3_rules) {
  if (s3_rules) return path.empty() ? "/" : path;
  return UriEncode(RemoveDotSegments(path), /*keep_slash=*/true);
}

std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string piece = query.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string key = PercentDecode(piece.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : PercentDecode(piece.substr(eq + 1));
    if (key == "X-Amz-Signature") continue;  // presigned URLs never sign their own signature
    pairs.emplace_back(UriEncode(key, false), UriEncode(value, false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

std::string NormalizeHeaderValue(const std::string& v) {
  std::string out;
  bool in_space = false;
  for (char c : v) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

std::string FindHeader(const SignableRequest& request, const std::string& lower_name) {
  for (const auto& [k, v] : request.headers) {
    if (Lower(k) == lower_name) return v;
  }
  return "";
}

bool HasHeader(const SignableRequest& request, const std::string& lower_name) {
  for (const auto& [k, v] : request.headers) {
    if (Lower(k) == lower_name) return true;
  }
  return false;
}

void RemoveHeader(SignableRequest* request, const std::string& lower_name) {
  auto& h = request->headers;
  h.erase(std::remove_if(h.begin(), h.end(),
                         [&](const auto& kv) { return Lower(kv.first) == lower_name; }),
          h.end());
}

void SetHeader(SignableRequest* request, const std::string& lower_name, const std::string& value) {
  RemoveHeader(request, lower_name);
  request->headers.emplace_back(lower_name, value);
}

std::string Scope(const SigningParams& params) {
  return params.amz_date.substr(0, 8) + "/" + params.region + "/" + params.service +
         "/aws4_request";
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string HexSha256(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return Hex(out, len);
}

std::string CanonicalRequest(const SignableRequest& request, const SigningParams& params,
                             std::string* signed_headers) {
  std::map<std::string, std::string> headers;  // sorted by lower-cased name
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (lower == "authorization") continue;
    std::string v = NormalizeHeaderValue(value);
    auto it = headers.find(lower);
    if (it == headers.end()) {
      headers.emplace(lower, v);
    } else {
      it->second += "," + v;
    }
  }
  std::string canonical_headers;
  std::string names;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    if (!names.empty()) names += ';';
    names += name;
  }
  std::string payload_hash;
  if (params.unsigned_payload) {
    payload_hash = kUnsignedPayload;
  } else if (HasHeader(request, "x-amz-content-sha256")) {
    // What the client declared; a verifier must separately check it against the body.
    payload_hash = FindHeader(request, "x-amz-content-sha256");
  } else {
    payload_hash = HexSha256(request.body);
  }
  if (signed_headers != nullptr) *signed_headers = names;
  return request.method + "\n" + CanonicalPath(request.path, params.s3_path_rules) + "\n" +
         CanonicalQuery(request.query) + "\n" + canonical_headers + "\n" + names + "\n" +
         payload_hash;
}

std::string StringToSign(const std::string& canonical_request, const SigningParams& params) {
  return std::string(kAlgorithm) + "\n" + params.amz_date + "\n" + Scope(params) + "\n" +
         HexSha256(canonical_request);
}

std::string Signature(const std::string& secret_access_key, const std::string& string_to_sign,
                      const SigningParams& params) {
  std::string k_date = HmacSha256("AWS4" + secret_access_key, params.amz_date.substr(0, 8));
  std::string k_region = HmacSha256(k_date, params.region);
  std::string k_service = HmacSha256(k_region, params.service);
  std::string k_signing = HmacSha256(k_service, "aws4_request");
  std::string sig = HmacSha256(k_signing, string_to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

std::string AuthorizationHeader(const SignableRequest& request, const SigningParams& params,
                                const Credentials& credentials) {
  std::string signed_headers;
  std::string creq = CanonicalRequest(request, params, &signed_headers);
  std::string sig = Signature(credentials.secret_access_key, StringToSign(creq, params), params);
  return std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
         Scope(params) + ", SignedHeaders=" + signed_headers + ", Signature=" + sig;
}

void SignRequest(SignableRequest* request, const SigningParams& params,
                 const Credentials& credentials) {
  SetHeader(request, "x-amz-date", params.amz_date);
  if (!credentials.session_token.empty()) {
    SetHeader(request, "x-amz-security-token", credentials.session_token);
  }
  if (params.unsigned_payload) {
    SetHeader(request, "x-amz-content-sha256", kUnsignedPayload);
  } else if (params.s3_path_rules) {
    SetHeader(request, "x-amz-content-sha256", HexSha256(request->body));
  }
  RemoveHeader(request, "authorization");
  std::string auth = AuthorizationHeader(*request, params, credentials);
  request->headers.emplace_back("authorization", auth);
}

Result<ParsedAuthorization> ParseAuthorization(const std::string& header) {
  const std::string prefix = std::string(kAlgorithm) + " ";
  if (header.rfind(prefix, 0) != 0) {
    return Status::InvalidArgument("authorization header is not AWS4-HMAC-SHA256");
  }
  ParsedAuthorization out;
  bool have_credential = false, have_signed = false, have_signature = false;
  std::string rest = header.substr(prefix.size());
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = rest.find(',', start);
    if (end == std::string::npos) end = rest.size();
    std::string part = Trim(rest.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument("authorization header component without '=': " + part);
    }
    std::string key = part.substr(0, eq);
    std::string value = part.substr(eq + 1);
    if (key == "Credential") {
      std::vector<std::string> fields;
      size_t s = 0;
      while (true) {
        size_t e = value.find('/', s);
        fields.push_back(value.substr(s, e == std::string::npos ? std::string::npos : e - s));
        if (e == std::string::npos) break;
        s = e + 1;
      }
      if (fields.size() != 5 || fields[4] != "aws4_request" || fields[0].empty() ||
          fields[1].size() != 8) {
        return Status::InvalidArgument(
            "authorization Credential must be AKID/yyyymmdd/region/service/aws4_request");
      }
      out.access_key_id = fields[0];
      out.date = fields[1];
      out.region = fields[2];
      out.service = fields[3];
      have_credential = true;
    } else if (key == "SignedHeaders") {
      size_t s = 0;
      while (s <= value.size()) {
        size_t e = value.find(';', s);
        if (e == std::string::npos) e = value.size();
        if (e > s) out.signed_headers.push_back(value.substr(s, e - s));
        s = e + 1;
      }
      have_signed = !out.signed_headers.empty();
    } else if (key == "Signature") {
      out.signature = value;
      have_signature = !value.empty();
    }
  }
  if (!have_credential || !have_signed || !have_signature) {
    return Status::InvalidArgument(
        "authorization header needs Credential, SignedHeaders and Signature");
  }
  return out;
}

}  // namespace causeway::aws
