// causeway-sandbox: runs the local cloud emulators of every cloud in sandbox/clouds.h (AWS: IAM,
// STS, S3, Glue, Lake Formation and Athena) on one loopback port until SIGTERM/SIGINT, persisting
// state under --state-dir. Prints "causeway-sandbox listening on http://127.0.0.1:PORT".
// AWS credentials come from --access-key/--secret-key or CAUSEWAY_SANDBOX_ACCESS_KEY /
// CAUSEWAY_SANDBOX_SECRET_KEY; the secret is never printed (clients read the test credentials
// from GET /_sandbox/clouds).
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "reconciler/core/filesystem.h"
#include "sandbox/clouds.h"
#include "sandbox/core/server.h"

namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace causeway;
  CLI::App app{
      "causeway-sandbox: local emulators of the clouds' wire protocols (AWS IAM, STS, S3, Glue, "
      "Lake Formation and Athena)"};
  int port = 0;
  std::string host = "127.0.0.1";
  std::string state_dir = ".causeway/sandbox";
  std::string access_key = EnvOr("CAUSEWAY_SANDBOX_ACCESS_KEY", sandbox::kDefaultAccessKey);
  std::string secret_key = EnvOr("CAUSEWAY_SANDBOX_SECRET_KEY", sandbox::kDefaultSecretKey);
  std::string pid_file, port_file;
  int persist_delay_ms = 50;
  bool in_memory = false;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 picks a free one)");
  app.add_option("--host", host, "IPv4 loopback address to listen on");
  app.add_option("--state-dir", state_dir, "directory holding <service>.json state files");
  app.add_flag("--in-memory", in_memory, "do not load or persist state");
  app.add_option("--access-key", access_key, "access key id the sandbox accepts");
  app.add_option("--secret-key", secret_key, "secret access key for --access-key");
  app.add_option("--pid-file", pid_file, "write the process id here");
  app.add_option("--port-file", port_file, "write the chosen port here once listening");
  app.add_option("--persist-delay-ms", persist_delay_ms,
                 "coalesce state writes for this long (0: write on every mutating request)");
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals before any thread starts so only sigwait() below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  sandbox::ServerOptions options;
  options.host = host;
  options.port = port;
  options.state_dir = in_memory ? "" : state_dir;
  options.persist_delay = std::chrono::milliseconds(persist_delay_ms);
  sandbox::SandboxServer server(options);
  sandbox::CloudOptions clouds;
  clouds.aws.access_keys = {{access_key, secret_key}};
  Status added = sandbox::AddEveryCloud(&server, clouds);
  if (!added.ok()) {
    std::cerr << "causeway-sandbox: " << added.ToString() << "\n";
    return 1;
  }
  Status started = server.Start();
  if (!started.ok()) {
    std::cerr << "causeway-sandbox: " << started.ToString() << "\n";
    return 1;
  }
  FileSystem* fs = RealFileSystem();
  if (!pid_file.empty()) {
    Status s = fs->WriteFileAtomic(pid_file, std::to_string(getpid()) + "\n", 0644);
    if (!s.ok()) std::cerr << "causeway-sandbox: " << s.ToString() << "\n";
  }
  if (!port_file.empty()) {
    Status s = fs->WriteFileAtomic(port_file, std::to_string(server.port()) + "\n", 0644);
    if (!s.ok()) std::cerr << "causeway-sandbox: " << s.ToString() << "\n";
  }
  std::cout << "causeway-sandbox listening on " << server.endpoint() << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  server.Stop();
  if (!pid_file.empty()) (void)fs->Remove(pid_file);
  if (!port_file.empty()) (void)fs->Remove(port_file);
  std::cout << "causeway-sandbox stopped" << std::endl;
  return 0;
}
