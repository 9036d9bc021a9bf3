// The automation examples (examples/cron/, and every other examples/ directory of scheduler or CI
// files) only call causeway commands and flags that exist: each `causeway <command> --flag ...`
// they contain is checked against `causeway <command> --help`. A renamed flag fails here rather
// than in someone's pipeline at night.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/cli_runner.h"

namespace causeway::testing {
namespace {

struct Invocation {
  std::string file;
  std::string command;
  std::vector<std::string> flags;
};

// Every `causeway <command> [--flag ...]` in the automation examples.
std::vector<Invocation> Invocations() {
  std::vector<Invocation> out;
  const std::filesystem::path root = std::string(CAUSEWAY_SOURCE_DIR) + "/examples";
  for (const char* dir : {"cron", "ci", "k8s"}) {
    if (!std::filesystem::exists(root / dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      static const std::regex kCall(
          R"((?:^|[\s/"'])causeway[ \t]+([a-z-]+)((?:[ \t]+[^\s;|&>"']+)*))");
      for (std::sregex_iterator it(s.begin(), s.end(), kCall), end; it != end; ++it) {
        Invocation call{entry.path().filename().string(), (*it)[1], {}};
        std::istringstream args((*it)[2].str());
        for (std::string a; args >> a;) {
          if (a.rfind("--", 0) == 0) call.flags.push_back(a.substr(0, a.find('=')));
        }
        out.push_back(std::move(call));
      }
    }
  }
  return out;
}

TEST(ExampleCommandsTest, EveryCommandAndFlagExists) {
  auto calls = Invocations();
  ASSERT_FALSE(calls.empty()) << "no causeway invocation found under examples/";
  CliRunner cli;
  for (const auto& call : calls) {
    auto help = cli.Run({call.command, "--help"});
    // CLI11 answers an unknown command's --help with the top-level help: look for its usage line.
    ASSERT_TRUE(help.exit_code == 0 &&
                help.out.find(" " + call.command + " [OPTIONS]") != std::string::npos)
        << call.file << ": causeway " << call.command << " is not a command: " << help.all();
    for (const auto& flag : call.flags) {
      EXPECT_NE(help.out.find(flag), std::string::npos)
          << call.file << ": causeway " << call.command << " has no flag " << flag;
    }
  }
}

}  // namespace
}  // namespace causeway::testing
