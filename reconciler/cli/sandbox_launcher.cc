// SandboxProcess: detached start of causeway-sandbox, port/pid files, health checks.
#include "reconciler/cli/sandbox_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "providers/http/http_client.h"
#include "reconciler/core/ascii.h"
#include "reconciler/core/filesystem.h"

namespace causeway {

namespace {

std::string SandboxBinary() {
  if (const char* b = std::getenv("CAUSEWAY_SANDBOX_BIN")) return b;
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return "causeway-sandbox";
  std::string self(buf, static_cast<size_t>(n));
  return self.substr(0, self.rfind('/') + 1) + "causeway-sandbox";
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

Result<HttpResponse> Call(const std::string& method, const std::string& url) {
  auto http = NewCurlHttpClient();
  HttpRequest req;
  req.method = method;
  req.url = url;
  req.timeout = std::chrono::milliseconds(3000);
  return http->Send(req);
}

}  // namespace

Result<SandboxInfo> SandboxProcess::Find() const {
  FileSystem* fs = RealFileSystem();
  auto port = fs->ReadFile(dir_ + "/port");
  if (!port.ok()) return Status::NotFound("no sandbox is running for " + dir_);
  SandboxInfo info;
  info.url = "http://127.0.0.1:" + Trim(*port);
  auto pid = fs->ReadFile(dir_ + "/pid");
  if (pid.ok()) info.pid = ParseInteger<int>(Trim(*pid)).value_or(0);
  auto health = Call("GET", info.url + "/_sandbox/health");
  if (!health.ok() || health->status != 200) {
    return Status::NotFound("the sandbox recorded in " + dir_ + " does not answer");
  }
  auto clouds = Call("GET", info.url + "/_sandbox/clouds");
  if (!clouds.ok()) return clouds.status().WithContext("asking the sandbox for its clouds");
  info.clouds = Value::parse(clouds->body, nullptr, /*allow_exceptions=*/false);
  if (clouds->status != 200 || !info.clouds.is_object()) {
    return Status::ProviderError("the sandbox at " + info.url +
                                 " did not list its clouds (GET /_sandbox/clouds answered " +
                                 std::to_string(clouds->status) + "); restart it");
  }
  return info;
}

Result<SandboxInfo> SandboxProcess::EnsureRunning() const {
  auto found = Find();
  if (found.ok()) return found;
  FileSystem* fs = RealFileSystem();
  CW_RETURN_IF_ERROR(fs->MakeDirs(dir_));
  (void)fs->Remove(dir_ + "/port");
  std::string bin = SandboxBinary();
  if (::access(bin.c_str(), X_OK) != 0) {
    return Status::NotFound("cannot find the sandbox program " + bin +
                            " (build target causeway-sandbox, or set CAUSEWAY_SANDBOX_BIN)");
  }
  pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    // Detach: new session, output to a log file, so the sandbox outlives this command.
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    std::string log = dir_ + "/sandbox.log";
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    std::string state = dir_ + "/state", port = dir_ + "/port", pidf = dir_ + "/pid";
    ::execl(bin.c_str(), bin.c_str(), "--port", "0", "--state-dir", state.c_str(), "--port-file",
            port.c_str(), "--pid-file", pidf.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::waitpid(pid, nullptr, 0);  // the intermediate child exits at once
  for (int i = 0; i < 150; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto up = Find();
    if (up.ok()) return up;
  }
  return Status::Unavailable("the sandbox did not start within 15 s; see " + dir_ + "/sandbox.log");
}

Status SandboxProcess::Stop() const {
  auto found = Find();
  if (!found.ok()) return found.status();
  if (found->pid <= 0 || ::kill(found->pid, SIGTERM) != 0) {
    return Status::IOError("cannot signal the sandbox (pid " + std::to_string(found->pid) + ")");
  }
  for (int i = 0; i < 100 && ::kill(found->pid, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  (void)RealFileSystem()->Remove(dir_ + "/port");
  (void)RealFileSystem()->Remove(dir_ + "/pid");
  return Status::Ok();
}

Status SandboxProcess::Reset() const {
  CW_ASSIGN_OR_RETURN(SandboxInfo info, Find());
  auto r = Call("POST", info.url + "/_sandbox/reset");
  if (!r.ok()) return r.status();
  if (r->status != 200)
    return Status::ProviderError("sandbox reset answered " + std::to_string(r->status));
  return Status::Ok();
}

Status SandboxProcess::ResetCounts() const {
  CW_ASSIGN_OR_RETURN(SandboxInfo info, Find());
  auto r = Call("POST", info.url + "/_sandbox/counts/reset");
  if (!r.ok()) return r.status();
  return Status::Ok();
}

Result<std::string> SandboxProcess::Counts() const {
  CW_ASSIGN_OR_RETURN(SandboxInfo info, Find());
  auto r = Call("GET", info.url + "/_sandbox/counts");
  if (!r.ok()) return r.status();
  return r->body;
}

}  // namespace causeway
