// Test support for the Snowflake client tests: a SnowflakeClient as the provider builds one for
// `endpoint: sandbox` (the sandbox admin's key pair, role and warehouse from /_sandbox/clouds),
// over `http` and `clock`, with `retry`.
// Thread-safety: call from the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "providers/snowflake/snowflake_client.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {

// nullptr, after a test failure, when the sandbox has no Snowflake or the key does not load.
inline std::unique_ptr<snowflake::SnowflakeClient> NewSandboxSnowflakeClient(
    SandboxFixture& sandbox, HttpClient* http, Clock* clock, RetryOptions retry = {}) {
  Value clouds =
      Value::parse(sandbox.Client()->Raw("GET", "/_sandbox/clouds").body, nullptr, false);
  if (!clouds.is_object() || !clouds.contains("snowflake")) {
    ADD_FAILURE() << "the sandbox emulates no Snowflake: " << clouds.dump();
    return nullptr;
  }
  const Value& c = clouds["snowflake"]["credentials"];
  std::ifstream in(c["private_key_file"].get<std::string>());
  std::stringstream pem;
  pem << in.rdbuf();
  auto jwt = snowflake::KeyPairJwt::Create(c["account"], c["user"], pem.str(), "", clock,
                                           "sandbox admin key");
  if (!jwt.ok()) {
    ADD_FAILURE() << jwt.status().ToString();
    return nullptr;
  }
  snowflake::SnowflakeClientOptions o;
  o.http = http;
  o.clock = clock;
  o.base_url = sandbox.endpoint();
  o.token = std::shared_ptr<snowflake::KeyPairJwt>(std::move(jwt).value());
  o.role = c["role"];
  o.warehouse = c["warehouse"];
  o.retry = retry;
  return std::make_unique<snowflake::SnowflakeClient>(o);
}

}  // namespace causeway::testing
