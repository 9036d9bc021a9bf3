// The clouds causeway-sandbox serves, each a front end with its services: AWS (sandbox/aws/) and
// Databricks (sandbox/databricks/); Snowflake adds one line here. The program (sandbox/main/) and
// the test fixture wire a server through this, so a new cloud reaches both. Thread-safety: call
// before SandboxServer::Start().
#pragma once

#include "sandbox/aws/aws_frontend.h"
#include "sandbox/core/server.h"
#include "sandbox/databricks/databricks_frontend.h"

namespace causeway::sandbox {

struct CloudOptions {
  AwsFrontendOptions aws;
  DatabricksFrontendOptions databricks;
};

void AddEveryCloud(SandboxServer* server, CloudOptions options = {});

}  // namespace causeway::sandbox
