// ShowChained: the rows of many SHOW statements that share their columns (SHOW GRANTS ON <object>
// for every managed securable) in few requests. Snowflake has no bulk form of SHOW GRANTS ON, and
// a multi-statement request answers with one handle per statement, each needing its own GET
// (specs SQL_API.md, "Multi-statement"): N SHOWs would cost N + 1 requests. So the statements go
// as pipe chains (Snowflake's ->> flow operator), `s1 ->> s2 ->> ... ->> sN ->> SELECT * FROM $N
// UNION ALL ... UNION ALL SELECT * FROM $1`, which Snowflake runs as one statement answering with
// every row: one request per `per_request` statements, ctx.threads chains at once. When a chain
// fails because one object is gone (dropped since refresh), its statements run one by one and
// the missing ones are skipped.
// Thread-safety: as SnowflakeClient.
#pragma once

#include <string>
#include <vector>

#include "providers/snowflake/kind_handler.h"

namespace causeway::snowflake {

// Every row of `shows` (in no particular order across statements: rows name their object).
Result<RowSet> ShowChained(SnowflakeContext& ctx, const std::vector<std::string>& shows,
                           size_t per_request = 50);

}  // namespace causeway::snowflake
