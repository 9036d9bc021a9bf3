// SHOW rows of schema-level kinds: STAGES, FILE FORMATS, TABLES, EXTERNAL TABLES, PIPES.
#include <map>

#include "sandbox/snowflake/engine/exec_common.h"
#include "sandbox/snowflake/engine/show_rows.h"

namespace causeway::sandbox::snowflake {

const ShowSpec* SchemaShowSpec(const std::string&) { return nullptr; }

}  // namespace causeway::sandbox::snowflake
