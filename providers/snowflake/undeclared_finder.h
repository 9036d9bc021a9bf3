// Security drift for Snowflake (Provider::undeclared): what lives on or inside the objects
// Causeway manages that no managed resource declares -
//   every securable (database, schema, table, external table, stage, file format, pipe,
//   warehouse, storage integration): the privileges roles hold on it that no managed
//   snowflake.grant accounts for (on the object, on ALL or FUTURE objects of its type in its
//   schema or database, or any privilege when the grant is authoritative), reported per role as
//   one snowflake.grant (remove() revokes them); OWNERSHIP is the owner's and never reported,
//   nor grants to database roles, shares or applications (snowflake.grant cannot declare them);
//   snowflake.role: the roles and users it is granted to that no managed snowflake.role_grant
//   declares (snowflake.role_grant; remove() revokes it);
//   snowflake.schema: its tables that no manifest declares (snowflake.table, holding data).
// Reads: SHOW GRANTS ON <object> for every managed securable and SHOW GRANTS OF ROLE for every
// managed role, sent as pipe chains (show_chain.h: about one request per 50 objects); the tables
// of each managed schema through the table kind's own listing: the rows the refresh just read
// when the manifests declare tables in it (listing_memo.h), else one SHOW TABLES and one SHOW
// COLUMNS; all in parallel. A managed object counts as
// declared by its provider id.
// Thread-safety: as the provider's list().
#pragma once

#include <string>
#include <vector>

#include "providers/provider.h"
#include "providers/snowflake/kind_handler.h"

namespace causeway::snowflake {

Result<std::vector<Undeclared>> FindUndeclared(Provider& provider, SnowflakeContext& ctx,
                                               const std::vector<ObserveItem>& managed);

// What FindUndeclared reports inside an object of `kind`, in words (KindSchema::
// exclusive_removes); "" for a kind it reports nothing in.
std::string ExclusiveRemoves(const std::string& kind);

}  // namespace causeway::snowflake
