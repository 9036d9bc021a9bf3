// SecurableHandler: one handler for every Unity Catalog object the REST API manages the same
// way (catalogs, schemas, storage credentials, external locations): POST <collection> creates,
// GET/PATCH/DELETE <collection>/<full name> read, change and delete, GET <collection> lists a
// container's objects with page tokens. A kind gives a SecurableSpec: its attribute table (every
// in-place change is a row with Update("PATCH")), its collection, and how its full name and its
// container's list query derive from its attributes.
// Shared rules: names are case-insensitive (folded to lower case, as Unity Catalog stores them);
// `properties` manages only the keys the manifest names (Databricks adds its own, which are
// neither shown nor removed); attributes the manifest leaves out and that have no default
// (owner, isolation mode) are not managed; an object that already exists is adopted and brought
// to the manifest; a missing object's delete succeeds.
// Bulk observe: one paged list per container (the metastore, or a catalog for schemas);
// per-resource: one GET per object.
// Thread-safety: stateless; the spec is immutable.
#pragma once

#include <string>
#include <vector>

#include "providers/databricks/kind_handler.h"

namespace causeway::databricks {

struct SecurableSpec {
  std::string kind;
  std::string description;
  const kit::AttributeTable* table = nullptr;
  std::vector<std::string> natural_key;
  std::string collection;  // "catalogs": the path below /api/2.1/unity-catalog/
  std::string items_key;   // member of a list reply holding the objects: "catalogs"
  // The object's full name from its attributes ("main", "main.raw"); "" when not known.
  std::string (*full_name)(const Value& attrs) = nullptr;
  // The list query of the object's container ({} at metastore level).
  Query (*container)(const Value& attrs) = nullptr;
  bool holds_data = false;
  // DELETE takes ?force=true when the `force_destroy` attribute is set.
  bool force_delete = false;
  // An error that means a dependency made moments ago is not visible yet (a trust policy).
  bool (*propagation_delay)(const Status& status) = nullptr;
};

std::unique_ptr<KindHandler> NewSecurableHandler(SecurableSpec spec);

// The value of `name` (a string attribute) folded to lower case; "" when absent.
std::string FoldedAttr(const Value& attrs, const std::string& name);

}  // namespace causeway::databricks
