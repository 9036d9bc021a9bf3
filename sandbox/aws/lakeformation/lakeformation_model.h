// Lake Formation data model shared by the emulator's handlers: the canonical form of a
// `Resource` union (Catalog | Database | Table | TableWithColumns | DataLocation) as the
// service stores and returns it (CatalogId filled in, column lists sorted), which permissions
// each resource type accepts, and the permission enum. Pure functions over JSON values; no state.
// Thread-safety: thread-safe.
#pragma once

#include <set>
#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::sandbox {

// ListPermissions ResourceType of a canonical resource: "CATALOG", "DATABASE", "TABLE" (also for
// TableWithColumns) or "DATA_LOCATION".
std::string LfResourceType(const Value& canonical);

// Validates a request's Resource and returns its canonical form, e.g.
//   {"Table":{"DatabaseName":"raw","Name":"events"}}
//   -> {"Table":{"CatalogId":"123456789012","DatabaseName":"raw","Name":"events"}}.
// InvalidArgument (reported as InvalidInputException) with Lake Formation's wording when the
// union is empty, has several members, lacks a required member, or uses a member the sandbox does
// not emulate (DataCellsFilter, LFTag, LFTagPolicy).
Result<Value> CanonicalLfResource(const Value& resource, const std::string& account_id);

// True if `permission` is a Permission enum value of the model.
bool IsLfPermission(const std::string& permission);

// Permissions Lake Formation accepts on a resource type (LfResourceType()).
const std::set<std::string>& LfApplicablePermissions(const std::string& resource_type);

// True if a canonical `stored` resource is selected by a ListPermissions Resource filter
// (canonical too): the same resource, or a TableWithColumns of the filtered Table.
bool LfResourceMatchesFilter(const Value& stored, const Value& filter);

// True if `location` (an S3 ARN) lies at or under the registered `registered` S3 ARN.
bool LfLocationUnder(const std::string& location, const std::string& registered);

}  // namespace causeway::sandbox
