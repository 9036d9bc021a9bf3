// Awscli(): runs Debian's awscli against a sandbox with the sandbox's default test credentials
// and no user configuration, for the out-of-band changes of end-to-end tests. Returns awscli's
// exit code; `out`, when given, receives what it printed (stdout and stderr).
// SandboxCredentialsInEnvironment(): exports those credentials as CW_E2E_AKID / CW_E2E_SECRET and
// returns the providers-block lines that read them, so that a manifest written by a test never
// holds a key.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <string>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {

inline int Awscli(const std::string& endpoint, const std::string& args,
                  std::string* out = nullptr) {
  auto creds = SandboxFixture::DefaultCredentials();
  const std::string cmd = "AWS_ACCESS_KEY_ID='" + creds.access_key_id +
                          "' AWS_SECRET_ACCESS_KEY='" + creds.secret_access_key +
                          "' AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null "
                          "AWS_SHARED_CREDENTIALS_FILE=/dev/null aws --endpoint-url " +
                          endpoint + " " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::string text;
  char buf[4096];
  for (size_t n; (n = ::fread(buf, 1, sizeof(buf), pipe)) > 0;) text.append(buf, n);
  const int status = ::pclose(pipe);
  if (out != nullptr) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Lines for a providers.aws block (each starting with four spaces, the last ending in '\n').
inline std::string SandboxCredentialsInEnvironment() {
  auto creds = SandboxFixture::DefaultCredentials();
  ::setenv("CW_E2E_AKID", creds.access_key_id.c_str(), 1);
  ::setenv("CW_E2E_SECRET", creds.secret_access_key.c_str(), 1);
  return "    access_key_id_env: CW_E2E_AKID\n    secret_access_key_env: CW_E2E_SECRET\n";
}

}  // namespace causeway::testing
