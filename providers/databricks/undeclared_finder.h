// Security drift for Databricks (Provider::undeclared): what lives inside the Unity Catalog
// securables Causeway manages that no managed resource declares -
//   databricks.catalog, .schema, .table, .external_location, .storage_credential
//                        privileges held by principals on it that no databricks.grant or
//                        databricks.grants accounts for (databricks.grant): privileges;
//   databricks.schema    its tables (databricks.table): objects.
// Reads through the kinds' own List, so the findings carry the attributes a manifest would
// declare and remove() deletes exactly them (a databricks.grant revokes only the privileges it
// lists; a databricks.table drops the table): one permissions GET per managed securable, one
// tables list per managed schema, all in parallel. A securable with an authoritative
// databricks.grants is not read: every grant there is that resource's, and the plan shows grants
// it does not list as its own changes. The securable's owner is skipped (ownership is not a
// grant; an explicit grant to the owner adds nothing). A managed object counts as declared by its
// provider id (the planner passes the live id of everything that exists).
// Thread-safety: as the provider's list().
#pragma once

#include <vector>

#include "providers/provider.h"

namespace causeway::databricks {

Result<std::vector<Undeclared>> FindUndeclared(Provider& provider,
                                               const std::vector<ObserveItem>& managed);

}  // namespace causeway::databricks
