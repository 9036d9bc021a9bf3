// Snowflake's pipe operator (->>, "flow operators" in the SQL reference): statements chained as
// `first ->> second ->> ... ->> last` run in order as one statement, and the chain answers with
// the last one's result. A later statement reads an earlier one's rows with `FROM $n`, n counting
// back from itself ($1 is the statement just before). What the emulator reads from earlier
// results is the form clients use to collect several SHOW outputs in one round trip:
//   SELECT * FROM $n [UNION ALL SELECT * FROM $m ...]
// (UNION ALL needs the same number of columns; the columns are named after the first SELECT's).
// Any other statement in the chain runs as it would alone.
// Thread-safety: pure functions; `run` is called in chain order.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reconciler/core/status.h"
#include "sandbox/snowflake/engine/result_set.h"

namespace causeway::sandbox::snowflake {

// The statements of a chain, as source text (one element when `statement` has no ->>).
Result<std::vector<std::string>> SplitPipeChain(const std::string& statement);

// Runs `chain` (two or more statements): SELECTs over $n here, the others through `run`.
Result<ResultSet> RunPipeChain(const std::vector<std::string>& chain,
                               const std::function<Result<ResultSet>(const std::string&)>& run);

}  // namespace causeway::sandbox::snowflake
