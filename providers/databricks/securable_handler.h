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
// Bulk observe: ObserveByContainer below (also the table kind's); per-resource: one GET per
// object.
// Thread-safety: stateless; the spec is immutable.
#pragma once

#include <functional>
#include <memory>
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
  std::string exclusive_removes;  // KindSchema::exclusive_removes
  // DELETE takes ?force=true when the `force_destroy` attribute is set.
  bool force_delete = false;
  // An error that means a dependency made moments ago is not visible yet (a trust policy).
  bool (*propagation_delay)(const Status& status) = nullptr;
};

std::unique_ptr<KindHandler> NewSecurableHandler(SecurableSpec spec);

// Bulk observe of objects listed per container (the metastore, a catalog, a schema): one paged
// GET <collection> per distinct container(attributes) query, ten containers at a time. Listed
// objects are keyed by their full name (else name), lower-cased, and matched with key_of(item);
// an item whose container does not exist or is not known yet (a name still unknown) is missing.
using ReadListed = std::function<Result<Observation>(const ObserveItem&, const kit::ReplyReader&)>;
Result<std::vector<Observation>> ObserveByContainer(
    DatabricksContext& ctx, const std::vector<ObserveItem>& items,
    const std::function<Query(const Value&)>& container, const std::string& collection,
    const std::string& items_key, const std::function<std::string(const ObserveItem&)>& key_of,
    const ReadListed& read);
// Every object of one container's list, with its lower-cased full name (else name).
Status ListByFullName(
    DatabricksContext& ctx, const std::string& collection, const Query& query,
    const std::string& items_key,
    const std::function<Status(const std::string&, const kit::ReplyReader&)>& each);

// The value of `name` (a string attribute) folded to lower case; "" when absent.
std::string FoldedAttr(const Value& attrs, const std::string& name);

}  // namespace causeway::databricks
