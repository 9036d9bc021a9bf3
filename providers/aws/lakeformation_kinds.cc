// lakeformation kinds: not written yet (being built; see the AWS issue).
#include "providers/aws/kind_handler.h"

namespace causeway::aws {

KindHandlers MakeLakeFormationHandlers() { return {}; }

}  // namespace causeway::aws
