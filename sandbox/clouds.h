// The clouds causeway-sandbox serves, each a front end with its services: AWS today (sandbox/aws/);
// Snowflake and Databricks add one line each here. The program (sandbox/main/) and the test
// fixture wire a server through this, so a new cloud reaches both.
// Thread-safety: call before SandboxServer::Start().
#pragma once

#include "sandbox/aws/aws_frontend.h"
#include "sandbox/core/server.h"

namespace causeway::sandbox {

struct CloudOptions {
  AwsFrontendOptions aws;
};

void AddEveryCloud(SandboxServer* server, CloudOptions options = {});

}  // namespace causeway::sandbox
