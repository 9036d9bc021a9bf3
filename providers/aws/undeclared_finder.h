// Security drift for AWS (Provider::undeclared): what lives inside the containers Causeway
// manages that no managed resource declares -
//   aws.iam.role                 inline policies (aws.iam.role_policy) and attached managed
//                                policies (aws.iam.role_policy_attachment): privileges;
//   aws.glue.database            its tables (aws.glue.table): objects; Lake Formation grants on
//                                it and on all its tables (wildcard): privileges;
//   aws.glue.table               Lake Formation grants on it (and on its columns): privileges;
//   aws.lakeformation.resource   Lake Formation grants on the data location: privileges.
// Reads through the kinds' own List (so the findings have the attributes a manifest would
// declare, and remove() deletes them): two IAM account snapshots when a role is managed, one
// GetTables per managed database, one ListPermissions per Lake Formation resource type needed
// (DATABASE, TABLE, DATA_LOCATION), all in parallel. A managed object counts as declared by its
// provider id (the planner passes the live id of everything that exists).
// Lake Formation's default grant to IAM_ALLOWED_PRINCIPALS (what CreateDatabaseDefaultPermissions
// gives every new database in hybrid mode) is not reported: every database created with the
// account's default settings has it. Bucket policy statements are not inspected yet.
// Thread-safety: as the provider's list().
#pragma once

#include <vector>

#include "providers/provider.h"

namespace causeway::aws {

Result<std::vector<Undeclared>> FindUndeclared(Provider& provider,
                                               const std::vector<ObserveItem>& managed);

}  // namespace causeway::aws
