// The Snowflake provider's kinds: each is a kit::KindHandler over SnowflakeContext
// (providers/kit/). The provider (snowflake_provider.h) owns configuration, credentials and the
// client; each area's handlers are listed by its Make*Handlers() function. Shared here: paged
// SHOW reads and the helpers every kind uses to spell names.
// Thread-safety: handlers are called from several threads at once; keep them stateless.
#pragma once

#include <string>
#include <vector>

#include "providers/kit/attribute_table.h"
#include "providers/kit/kind_handler.h"
#include "providers/provider.h"
#include "providers/snowflake/listing_memo.h"
#include "providers/snowflake/snowflake_client.h"
#include "providers/snowflake/sql_text.h"
#include "providers/snowflake/statement_batcher.h"

namespace causeway::snowflake {

struct SnowflakeContext {
  SnowflakeClient* client = nullptr;
  // Statements of one apply wave that need no rows back (a fresh CREATE, GRANT, REVOKE, DROP) go
  // through it, so that concurrent steps share multi-statement requests (statement_batcher.h).
  // May be null.
  StatementBatcher* batcher = nullptr;
  std::string role;  // the role statements run as ("" : the user's default, not known here)
  Clock* clock = nullptr;
  ProviderLog* log = nullptr;  // never null once configured
  int64_t page_size = 10000;   // rows per SHOW page (LIMIT n FROM ...)
  size_t threads = 10;         // containers read at once in a bulk observe
  // Listings a bulk observe read, for the security drift that follows (listing_memo.h). May be
  // null.
  ListingMemo* listings = nullptr;
};

// Runs a statement whose caller needs no rows back: through ctx.batcher when there is one, else
// on its own. Errors as SnowflakeClient::Execute gives them.
inline Status ExecuteWithoutRows(SnowflakeContext& ctx, const std::string& sql) {
  if (ctx.batcher != nullptr) return ctx.batcher->Execute(sql);
  auto r = ctx.client->Execute(sql);
  return r.ok() ? Status::Ok() : r.status();
}

using kit::Missing;
using kit::ObserveBatch;
using KindHandler = kit::KindHandler<SnowflakeContext>;
using KindHandlers = kit::KindHandlers<SnowflakeContext>;

// Every row of `SHOW <what> [<in>]` (in: "IN DATABASE \"D\"", or ""), read in pages of
// ctx.page_size rows: LIMIT n, then LIMIT n FROM '<last name>' until a page is short. `paged`
// false: one SHOW without LIMIT, for the commands Snowflake gives no LIMIT (SHOW WAREHOUSES).
Result<RowSet> ShowAll(SnowflakeContext& ctx, const std::string& what, const std::string& in,
                       bool paged = true);

// attrs[name] normalised as an identifier ("" when absent).
std::string IdentAttr(const Value& attrs, const std::string& name);

KindHandlers MakeAccountObjectHandlers();  // database, schema, warehouse, role, user
KindHandlers MakeGrantHandlers();          // role_grant, grant

}  // namespace causeway::snowflake
