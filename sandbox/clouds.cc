// AddEveryCloud: one registration per cloud.
#include "sandbox/clouds.h"

namespace causeway::sandbox {

void AddEveryCloud(SandboxServer* server, CloudOptions options) {
  AddAwsCloud(server, std::move(options.aws));
}

}  // namespace causeway::sandbox
