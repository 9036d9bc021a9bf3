// The clouds causeway-sandbox serves, each a front end with its services: AWS (sandbox/aws/),
// Databricks (sandbox/databricks/) and Snowflake (sandbox/snowflake/). The program (sandbox/main/)
// and the test fixture wire a server through this, so a new cloud reaches both. Thread-safety: call
// before SandboxServer::Start().
#pragma once

#include "sandbox/aws/aws_frontend.h"
#include "sandbox/core/server.h"
#include "sandbox/databricks/databricks_frontend.h"
#include "sandbox/snowflake/snowflake_frontend.h"

namespace causeway::sandbox {

struct CloudOptions {
  AwsFrontendOptions aws;
  DatabricksFrontendOptions databricks;
  SnowflakeFrontendOptions snowflake;
};

// An error when a cloud cannot set itself up (Snowflake: its key file cannot be written).
Status AddEveryCloud(SandboxServer* server, CloudOptions options = {});

}  // namespace causeway::sandbox
