// SandboxFixture and SandboxClient (libcurl + SigV4).
#include "tests/support/sandbox_fixture.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <thread>

#include "sandbox/aws/amz_date.h"
#include "sandbox/clouds.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::testing {

namespace {

size_t WriteBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto* headers = static_cast<std::map<std::string, std::string>*>(out);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*headers)[name] = value;
  }
  return size * n;
}

void CollectTexts(const pugi::xml_node& node, const std::string& name,
                  std::vector<std::string>* out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (name == child.name()) out->push_back(child.text().as_string());
    CollectTexts(child, name, out);
  }
}

}  // namespace

Value SandboxReply::Json() const { return Value::parse(body, nullptr, false); }

std::vector<std::string> XmlTexts(const std::string& xml, const std::string& name) {
  pugi::xml_document doc;
  std::vector<std::string> out;
  if (!doc.load_string(xml.c_str())) return out;
  CollectTexts(doc, name, &out);
  return out;
}

std::string XmlText(const std::string& xml, const std::string& name) {
  auto all = XmlTexts(xml, name);
  return all.empty() ? "" : all.front();
}

SandboxClient::SandboxClient(std::string endpoint, aws::Credentials credentials, Clock* clock)
    : endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      clock_(clock != nullptr ? clock : RealClock()) {
  host_ = endpoint_.substr(endpoint_.find("://") + 3);
  curl_ = curl_easy_init();
}

SandboxClient::~SandboxClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

SandboxReply SandboxClient::Perform(const std::string& method, const std::string& url,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& body) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  SandboxReply reply;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_slist* list = nullptr;
  for (const auto& [k, v] : headers) {
    if (k == "host") continue;  // curl sends the same Host we signed
    list = curl_slist_append(list, (k + ": " + v).c_str());
  }
  list = curl_slist_append(list, "Expect:");
  if (std::none_of(headers.begin(), headers.end(),
                   [](const auto& kv) { return kv.first == "content-type"; })) {
    list = curl_slist_append(list, "Content-Type:");
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    reply.status = 0;
    reply.transport_error = curl_easy_strerror(rc);
    return reply;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  reply.status = static_cast<int>(status);
  return reply;
}

SandboxReply SandboxClient::Send(const std::string& service, const std::string& method,
                                 const std::string& path, const std::string& query,
                                 std::vector<std::pair<std::string, std::string>> headers,
                                 const std::string& body) {
  aws::SignableRequest req;
  req.method = method;
  req.path = path;
  req.query = query;
  req.headers = std::move(headers);
  req.headers.emplace_back("host", host_);
  req.body = body;
  aws::SigningParams params;
  params.region = region_;
  params.service = service;
  params.amz_date = sandbox::AmzDate(sign_time_.value_or(clock_->Now()));
  params.s3_path_rules = service == "s3";
  aws::SignRequest(&req, params, credentials_);
  std::string url = endpoint_ + path + (query.empty() ? "" : "?" + query);
  return Perform(method, url, req.headers, body);
}

SandboxReply SandboxClient::Query(const std::string& service, const std::string& action,
                                  const std::vector<std::pair<std::string, std::string>>& params) {
  std::string body = "Action=" + sandbox::UrlEncode(action) +
                     "&Version=" + (service == "sts" ? "2011-06-15" : "2010-05-08");
  for (const auto& [k, v] : params) {
    body += "&" + sandbox::UrlEncode(k) + "=" + sandbox::UrlEncode(v);
  }
  return Send(service, "POST", "/", "",
              {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}, body);
}

SandboxReply SandboxClient::Json(const std::string& service, const std::string& target,
                                 const Value& body) {
  return Send(service, "POST", "/", "",
              {{"content-type", "application/x-amz-json-1.1"}, {"x-amz-target", target}},
              body.dump());
}

SandboxReply SandboxClient::Raw(const std::string& method, const std::string& path_and_query,
                                const std::string& body,
                                std::vector<std::pair<std::string, std::string>> headers) {
  return Perform(method, endpoint_ + path_and_query, headers, body);
}

SandboxFixture::SandboxFixture() : SandboxFixture(Options{}) {}

SandboxFixture::SandboxFixture(Options options) : options_(std::move(options)) {
  if (options_.state_dir.empty()) {
    own_state_dir_ = std::make_unique<TempDir>("causeway-sandbox-test");
    state_dir_ = own_state_dir_->path();
  } else {
    state_dir_ = options_.state_dir;
  }
}

SandboxFixture::~SandboxFixture() { Stop(); }  // then own_state_dir_ goes with its contents

aws::Credentials SandboxFixture::DefaultCredentials() {
  return {sandbox::kDefaultAccessKey, sandbox::kDefaultSecretKey, ""};
}

Status SandboxFixture::Start() {
  if (!options_.child_process) {
    sandbox::ServerOptions so;
    so.port = 0;
    so.state_dir = state_dir_;
    so.clock = options_.clock;
    so.persist_delay = options_.persist_delay;
    server_ = std::make_unique<sandbox::SandboxServer>(so);
    Status added = sandbox::AddEveryCloud(server_.get());
    if (!added.ok()) {
      server_.reset();
      return added;
    }
    if (options_.add_clouds) options_.add_clouds(server_.get());
    Status s = server_->Start();
    if (!s.ok()) {
      server_.reset();
      return s;
    }
    port_ = server_->port();
    return Status::Ok();
  }
  std::string binary = std::string(CAUSEWAY_BINARY_DIR) + "/causeway-sandbox";
  if (access(binary.c_str(), X_OK) != 0) return Status::NotFound("not built: " + binary);
  std::string port_file = state_dir_ + "/.port";
  std::filesystem::remove(port_file);
  pid_t pid = fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    std::string state = "--state-dir=" + state_dir_;
    std::string pf = "--port-file=" + port_file;
    execl(binary.c_str(), binary.c_str(), "--port=0", state.c_str(), pf.c_str(),
          "--persist-delay-ms=0", static_cast<char*>(nullptr));
    _exit(127);
  }
  child_pid_ = pid;
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = port;
      return Status::Ok();
    }
    int wstatus = 0;
    if (waitpid(pid, &wstatus, WNOHANG) == pid) {
      child_pid_ = -1;
      return Status::IOError("causeway-sandbox exited before listening");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  Stop();
  return Status::IOError("causeway-sandbox did not report a port within 5s");
}

void SandboxFixture::Stop() {
  if (server_ != nullptr) {
    server_->Stop();
    server_.reset();
  }
  if (child_pid_ > 0) {
    kill(child_pid_, SIGTERM);
    int wstatus = 0;
    waitpid(child_pid_, &wstatus, 0);
    child_pid_ = -1;
  }
}

Status SandboxFixture::Restart() {
  Stop();
  return Start();
}

std::unique_ptr<SandboxClient> SandboxFixture::Client() {
  return std::make_unique<SandboxClient>(endpoint(), DefaultCredentials(), options_.clock);
}

std::unique_ptr<aws::AwsProvider> NewSandboxAwsProvider(const SandboxFixture* fixture,
                                                        const Value& config, Clock* clock,
                                                        HttpClient* http) {
  aws::AwsProviderOptions options;
  options.clock = clock;
  options.http = http;
  auto provider = std::make_unique<aws::AwsProvider>(options);
  // What the CLI gives a provider for `endpoint: sandbox`: the URL and the test credentials.
  aws::Credentials c = SandboxFixture::DefaultCredentials();
  Value full = {{"endpoint", fixture->endpoint()},
                {"region", "us-east-1"},
                {"access_key_id", c.access_key_id},
                {"secret_access_key", c.secret_access_key}};
  for (auto it = config.begin(); it != config.end(); ++it) full[it.key()] = it.value();
  Status s = provider->configure(full);
  if (!s.ok()) {
    ADD_FAILURE() << "configuring the AWS provider: " << s.ToString();
    return nullptr;
  }
  return provider;
}

bool AwscliAvailable() {
  auto installed = [](const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
  };
  return installed("aws") && installed("python3");
}

int RunAwscliScript(const std::string& script, const SandboxFixture& fixture, bool quiet) {
  std::string cmd = "bash '" + script + "' '" + fixture.endpoint() + "'";
  if (quiet) cmd += " >/dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

Observation ObserveOne(Provider& provider, const std::string& kind, const std::string& id,
                       const Value& attributes) {
  auto r = provider.observe({ObserveItem{Address{kind, "x"}, id, attributes}});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok() || r->size() != 1) return Observation{};
  return (*r)[0];
}

}  // namespace causeway::testing
