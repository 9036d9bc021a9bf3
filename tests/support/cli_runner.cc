// CliRunner: fork/exec of the causeway binary with captured output.
#include "tests/support/cli_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "providers/memory/memory_provider.h"

namespace causeway::testing {

namespace {

// Output files of background runs, by pid.
std::mutex g_mu;
std::map<int, std::pair<std::string, std::string>> g_outputs;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string CliRunner::Binary() { return std::string(CAUSEWAY_BINARY_DIR) + "/causeway"; }

CliRunner::CliRunner() = default;

CliRunner::~CliRunner() = default;

void CliRunner::Write(const std::string& name, const std::string& content) const {
  std::ofstream(dir_ + "/" + name, std::ios::binary | std::ios::trunc) << content;
}

void CliRunner::Remove(const std::string& name) const {
  std::error_code ec;
  std::filesystem::remove(dir_ + "/" + name, ec);
}

int CliRunner::Start(const std::vector<std::string>& args) const {
  static int counter = 0;
  std::string base;
  {
    std::lock_guard<std::mutex> l(g_mu);
    base = dir_ + "/.run" + std::to_string(++counter);
  }
  std::string out_path = base + ".out", err_path = base + ".err";
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<std::string> full = {Binary(), "-C", dir_, "--no-color"};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::lock_guard<std::mutex> l(g_mu);
  g_outputs[pid] = {out_path, err_path};
  return pid;
}

CliResult CliRunner::Wait(int pid) const {
  int status = 0;
  ::waitpid(pid, &status, 0);
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::pair<std::string, std::string> paths;
  {
    std::lock_guard<std::mutex> l(g_mu);
    paths = g_outputs[pid];
    g_outputs.erase(pid);
  }
  r.out = Slurp(paths.first);
  r.err = Slurp(paths.second);
  ::unlink(paths.first.c_str());
  ::unlink(paths.second.c_str());
  return r;
}

CliResult CliRunner::Run(const std::vector<std::string>& args, const std::string& input) const {
  if (input.empty()) return Wait(Start(args));
  // With input: feed it through a file on stdin.
  std::string in_path = dir_ + "/.stdin";
  Write(".stdin", input);
  std::vector<std::string> shell = {"sh", "-c"};
  std::string cmd = "'" + Binary() + "' -C '" + dir_ + "' --no-color";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " < '" + in_path + "' > '" + dir_ + "/.in.out' 2> '" + dir_ + "/.in.err'";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = Slurp(dir_ + "/.in.out");
  r.err = Slurp(dir_ + "/.in.err");
  return r;
}

Value CliRunner::Live() const {
  auto objects = MemoryProvider::ReadLiveFiles(dir_ + "/.causeway-live.json");
  return objects.ok() ? *objects : Value::object();
}

std::string CliRunner::ReadFile(const std::string& relative) const {
  return Slurp(dir_ + "/" + relative);
}

bool CliRunner::Exists(const std::string& relative) const {
  struct stat st;
  return ::stat((dir_ + "/" + relative).c_str(), &st) == 0;
}

std::set<std::string> PlannedChanges(const CliRunner& cli) {
  auto r = cli.Run({"plan", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  std::set<std::string> out;
  Value j = Value::parse(r.out, nullptr, false);
  if (j.is_discarded()) return out;
  for (const auto& c : j["changes"]) {
    if (c["action"] != "no-op") out.insert(c["address"].get<std::string>());
  }
  return out;
}

}  // namespace causeway::testing
