// Placeholder until the CLI lands.
#include "reconciler/cli/cli.h"

namespace causeway {
int RunCli(int, char**) { return 1; }
}  // namespace causeway
