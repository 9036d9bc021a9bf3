// AddEveryCloud: one registration per cloud.
#include "sandbox/clouds.h"

namespace causeway::sandbox {

void AddEveryCloud(SandboxServer* server, CloudOptions options) {
  AddAwsCloud(server, std::move(options.aws));
  AddDatabricksCloud(server, std::move(options.databricks));
}

}  // namespace causeway::sandbox
