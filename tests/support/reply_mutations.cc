// Recording, mutating and replaying replies.
#include "tests/support/reply_mutations.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <pugixml.hpp>
#include <sstream>

#include "manifests/yaml_value.h"  // EscapePointerToken
#include "reconciler/core/value.h"

namespace causeway::testing {

namespace {

bool IsXml(const std::string& body) {
  size_t i = body.find_first_not_of(" \t\r\n");
  return i != std::string::npos && body[i] == '<';
}

bool IsJson(const std::string& body) {
  size_t i = body.find_first_not_of(" \t\r\n");
  return i != std::string::npos && (body[i] == '{' || body[i] == '[');
}

void JsonPaths(const Value& v, const std::string& at, std::vector<std::string>* out) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string p = at + "/" + EscapePointerToken(it.key());
      out->push_back(p);
      JsonPaths(it.value(), p, out);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) {
      std::string p = at + "/" + std::to_string(i);
      out->push_back(p);
      JsonPaths(v[i], p, out);
    }
  }
}

// XML element paths: "/Root/Child[0]/Leaf[1]" (index among same-named siblings).
void XmlPaths(const pugi::xml_node& node, const std::string& at, std::vector<std::string>* out) {
  std::map<std::string, int> seen;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string p = at + "/" + c.name() + "[" + std::to_string(seen[c.name()]++) + "]";
    out->push_back(p);
    XmlPaths(c, p, out);
  }
}

pugi::xml_node XmlFind(pugi::xml_node root, const std::string& path) {
  pugi::xml_node n = root;
  size_t start = 1;
  while (start < path.size() && n) {
    size_t end = path.find('/', start);
    std::string seg = path.substr(start, end == std::string::npos ? end : end - start);
    size_t bracket = seg.find('[');
    std::string name = seg.substr(0, bracket);
    int index = std::stoi(seg.substr(bracket + 1));
    pugi::xml_node found;
    for (pugi::xml_node c = n.child(name.c_str()); c; c = c.next_sibling(name.c_str())) {
      if (index-- == 0) {
        found = c;
        break;
      }
    }
    n = found;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return n;
}

std::string& CurrentMutation() {
  static std::string current;
  return current;
}

void PrintCurrentAndAbort(int sig) {
  std::fprintf(stderr, "\n*** crashed (signal %d) while replaying: %s\n", sig,
               CurrentMutation().c_str());
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

void SetCurrentMutation(const std::string& description) {
  static bool installed = [] {
    std::signal(SIGABRT, PrintCurrentAndAbort);
    std::signal(SIGSEGV, PrintCurrentAndAbort);
    return true;
  }();
  (void)installed;
  CurrentMutation() = description;
}

Result<HttpResponse> RecordingHttpClient::Send(const HttpRequest& request) {
  auto r = inner_->Send(request);
  if (r.ok()) {
    std::lock_guard<std::mutex> l(mu_);
    exchanges_.push_back(Exchange{request, *r});
  }
  return r;
}

std::vector<Exchange> RecordingHttpClient::exchanges() const {
  std::lock_guard<std::mutex> l(mu_);
  return exchanges_;
}

std::string ReplyMutation::Describe(const std::vector<Exchange>& exchanges) const {
  const Exchange& e = exchanges.at(exchange);
  std::string what = kind == Kind::kRemove ? "removed"
                     : kind == Kind::kNull ? (xml ? "emptied" : "set to null")
                                           : "given the wrong type";
  std::string target;
  for (const auto& [k, v] : e.request.headers) {
    if (k == "X-Amz-Target" || k == "x-amz-target") target = " " + v;
  }
  std::string body = e.request.body.substr(0, 80);
  return e.request.method + " " + e.request.url + target + " [" + body + "] reply: " + path + " " +
         what;
}

std::vector<ReplyMutation> MutationsOf(const std::vector<Exchange>& exchanges) {
  std::vector<ReplyMutation> out;
  for (size_t i = 0; i < exchanges.size(); ++i) {
    const HttpResponse& r = exchanges[i].response;
    if (r.status < 200 || r.status >= 300) continue;
    std::vector<std::string> paths;
    bool xml = false;
    if (IsJson(r.body)) {
      Value v = Value::parse(r.body, nullptr, /*allow_exceptions=*/false);
      if (v.is_discarded()) continue;
      JsonPaths(v, "", &paths);
    } else if (IsXml(r.body)) {
      pugi::xml_document doc;
      if (!doc.load_string(r.body.c_str())) continue;
      XmlPaths(doc, "", &paths);
      xml = true;
    }
    for (const auto& p : paths) {
      for (auto kind : {ReplyMutation::Kind::kRemove, ReplyMutation::Kind::kNull,
                        ReplyMutation::Kind::kWrongType}) {
        out.push_back(ReplyMutation{i, p, kind, xml});
      }
    }
  }
  return out;
}

std::string ApplyMutation(const std::string& body, const ReplyMutation& m) {
  if (m.xml) {
    pugi::xml_document doc;
    if (!doc.load_string(body.c_str())) return body;
    pugi::xml_node n = XmlFind(doc, m.path);
    if (!n) return body;
    if (m.kind == ReplyMutation::Kind::kRemove) {
      n.parent().remove_child(n);
    } else {
      while (n.first_child()) n.remove_child(n.first_child());
      if (m.kind == ReplyMutation::Kind::kWrongType)
        n.append_child(pugi::node_pcdata).set_value("x!");
    }
    std::ostringstream os;
    doc.save(os, "", pugi::format_raw);
    return os.str();
  }
  Value v = Value::parse(body, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return body;
  Value::json_pointer ptr(m.path);
  if (!v.contains(ptr)) return body;
  if (m.kind == ReplyMutation::Kind::kRemove) {
    Value& parent = v[ptr.parent_pointer()];
    if (parent.is_object()) {
      parent.erase(ptr.back());
    } else if (parent.is_array()) {
      parent.erase(static_cast<size_t>(std::stoul(ptr.back())));
    }
  } else if (m.kind == ReplyMutation::Kind::kNull) {
    v[ptr] = nullptr;
  } else {
    Value& target = v[ptr];
    target = target.is_string() ? Value(7) : Value("x!");
  }
  return v.dump();
}

ReplayHttpClient::ReplayHttpClient(std::vector<Exchange> exchanges,
                                   std::optional<ReplyMutation> mutation)
    : exchanges_(std::move(exchanges)),
      mutation_(std::move(mutation)),
      used_(exchanges_.size(), false) {}

Result<HttpResponse> ReplayHttpClient::Send(const HttpRequest& request) {
  std::lock_guard<std::mutex> l(mu_);
  auto same = [&](const HttpRequest& r) {
    return r.method == request.method && r.url == request.url && r.body == request.body;
  };
  size_t found = exchanges_.size();
  for (size_t i = 0; i < exchanges_.size(); ++i) {
    if (!same(exchanges_[i].request)) continue;
    if (found == exchanges_.size()) found = i;  // reuse the first when all were used
    if (!used_[i]) {
      found = i;
      break;
    }
  }
  if (found == exchanges_.size()) {
    return Status::IOError("no recorded reply for " + request.method + " " + request.url);
  }
  used_[found] = true;
  HttpResponse r = exchanges_[found].response;
  if (mutation_ && mutation_->exchange == found) r.body = ApplyMutation(r.body, *mutation_);
  return r;
}

}  // namespace causeway::testing
