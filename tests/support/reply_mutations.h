// Reply mutations: proof that nothing a server sends can abort a provider. A recording transport
// captures a real session against the sandbox; MutationsOf() lists, for every JSON member and
// XML element of every successful reply, the shapes other servers send (the member removed, set
// to null or emptied, or given the wrong type); a replaying transport answers the same requests
// from the recording with one mutation applied, so a test can run the provider once per
// mutation without a network. Thread-safety: the transports may be called from many threads.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/http/http_client.h"

namespace causeway::testing {

struct Exchange {
  HttpRequest request;
  HttpResponse response;
};

class RecordingHttpClient : public HttpClient {
 public:
  explicit RecordingHttpClient(HttpClient* inner) : inner_(inner) {}
  Result<HttpResponse> Send(const HttpRequest& request) override;
  std::vector<Exchange> exchanges() const;

 private:
  HttpClient* inner_;
  mutable std::mutex mu_;
  std::vector<Exchange> exchanges_;
};

struct ReplyMutation {
  enum class Kind { kRemove, kNull, kWrongType };
  size_t exchange = 0;  // index into the recording
  std::string path;     // JSON pointer, or "/a/b[2]/c" of XML elements
  Kind kind = Kind::kRemove;
  bool xml = false;
  // "glue POST / GetDatabases reply: /DatabaseList/0/Name set to null"
  std::string Describe(const std::vector<Exchange>& exchanges) const;
};

// Every mutation of the 2xx replies of `exchanges` with a JSON or XML body.
std::vector<ReplyMutation> MutationsOf(const std::vector<Exchange>& exchanges);
// `body` with `mutation` applied (the body of exchanges[mutation.exchange].response).
std::string ApplyMutation(const std::string& body, const ReplyMutation& mutation);

// Answers each request with the recorded response of an equal request (method, URL and body;
// signatures and dates ignored), taking equal requests' responses in turn, and applies
// `mutation` to the response of its exchange. A request that was never recorded is an IOError.
class ReplayHttpClient : public HttpClient {
 public:
  ReplayHttpClient(std::vector<Exchange> exchanges, std::optional<ReplyMutation> mutation);
  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  std::vector<Exchange> exchanges_;
  std::optional<ReplyMutation> mutation_;
  std::mutex mu_;
  std::vector<bool> used_;
};

// While a mutation runs, what it is (printed if the process is about to abort, so a crash names
// the reply shape that caused it).
void SetCurrentMutation(const std::string& description);

}  // namespace causeway::testing
