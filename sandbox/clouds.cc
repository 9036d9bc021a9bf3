// AddEveryCloud: one registration per cloud.
#include "sandbox/clouds.h"

namespace causeway::sandbox {

Status AddEveryCloud(SandboxServer* server, CloudOptions options) {
  AddAwsCloud(server, std::move(options.aws));
  AddDatabricksCloud(server, std::move(options.databricks));
  return AddSnowflakeCloud(server, std::move(options.snowflake));
}

}  // namespace causeway::sandbox
