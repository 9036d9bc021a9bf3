// Unity Catalog securable types and privileges as hosted Databricks spells them (see
// shared/specs/databricks/UC_PERMISSIONS.md): securable types are accepted in any case
// ("CATALOG", "catalog", "external_location"), privileges with spaces or underscores in any case
// ("all privileges" = "ALL_PRIVILEGES"), and both are answered in Databricks' spelling. Which
// privileges apply to which securable follows Databricks' privilege reference for the securables
// the emulator keeps (catalog, schema, table, external location, storage credential).
// Thread-safety: pure functions over constant tables.
#pragma once

#include <string>

namespace causeway::sandbox {

// The emulated securable types, as the permissions path names them.
inline constexpr char kUcCatalog[] = "catalog";
inline constexpr char kUcSchema[] = "schema";
inline constexpr char kUcTable[] = "table";
inline constexpr char kUcExternalLocation[] = "external_location";
inline constexpr char kUcStorageCredential[] = "storage_credential";

// The emulated securable type `text` names, lower case; "" when it names none of them.
std::string CanonicalSecurableType(const std::string& text);

// `text` in Databricks' privilege spelling: upper case, spaces as underscores ("ALL_PRIVILEGES").
std::string CanonicalPrivilege(const std::string& text);

// Whether `privilege` (canonical) can be granted on a `securable_type` (canonical).
bool PrivilegeAppliesTo(const std::string& privilege, const std::string& securable_type);

}  // namespace causeway::sandbox
