// Wires every emulator that exists in this build into a SandboxServer: IAM and STS always, and
// S3, Glue, Lake Formation and Athena when their sandbox/<name>_service.h headers are present
// (they are written by other engineers against service.h; see the factory convention there).
// Thread-safety: call before SandboxServer::Start().
#pragma once

#include "sandbox/core/server.h"

namespace causeway::sandbox {

void AddDefaultServices(SandboxServer* server);

}  // namespace causeway::sandbox
