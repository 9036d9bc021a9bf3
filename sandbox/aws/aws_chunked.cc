// aws-chunked body decoding.
#include "sandbox/aws/aws_chunked.h"

#include <algorithm>
#include <cctype>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

namespace {

// The chunk size of a "hex[;extensions]" line; false when it is not hexadecimal.
bool ChunkSize(const std::string& line, size_t* size) {
  std::string hex = line.substr(0, line.find(';'));
  if (hex.empty() || hex.size() > 15) return false;
  size_t value = 0;
  for (char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    value = value * 16 + static_cast<size_t>(std::isdigit(static_cast<unsigned char>(c))
                                                 ? c - '0'
                                                 : std::tolower(c) - 'a' + 10);
  }
  *size = value;
  return true;
}

}  // namespace

bool IsAwsChunked(const SandboxRequest& request) {
  return request.Header("x-amz-content-sha256").rfind("STREAMING-", 0) == 0 ||
         request.Header("content-encoding").find("aws-chunked") != std::string::npos;
}

bool DecodeAwsChunked(const std::string& body, std::string* out, HeaderMap* headers) {
  size_t pos = 0;
  while (true) {
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) return false;
    size_t size = 0;
    if (!ChunkSize(body.substr(pos, eol - pos), &size)) return false;
    pos = eol + 2;
    if (size == 0) break;
    if (pos + size > body.size()) return false;
    out->append(body, pos, size);
    pos += size + 2;  // data and CRLF
  }
  while (pos < body.size()) {  // trailers
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) eol = body.size();
    std::string line = body.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (line.empty() || colon == std::string::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (name != "x-amz-trailer-signature") (*headers)[name] = value;
  }
  return true;
}

void DecodeAwsChunkedRequest(SandboxRequest* request) {
  if (!IsAwsChunked(*request)) return;
  std::string decoded;
  if (!DecodeAwsChunked(request->body, &decoded, &request->headers)) return;
  request->body = std::move(decoded);
  std::string encoding = request->Header("content-encoding");
  size_t p = encoding.find("aws-chunked");
  if (p == std::string::npos) return;
  encoding.erase(p, 11);
  while (!encoding.empty() && (encoding.front() == ',' || encoding.front() == ' ')) {
    encoding.erase(0, 1);
  }
  if (encoding.empty()) {
    request->headers.erase("content-encoding");
  } else {
    request->headers["content-encoding"] = encoding;
  }
}

}  // namespace causeway::sandbox
