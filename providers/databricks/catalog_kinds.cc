// databricks.catalog and databricks.schema: Unity Catalog catalogs and schemas (attributes: the
// tables below), on SecurableHandler (securable_handler.h). Bulk observe: GET catalogs once;
// GET schemas once per catalog. Both hold data: deleting one needs the data opt-in, and with
// force_destroy the delete drops what is inside (?force=true). Owner and isolation mode are
// managed only when the manifest sets them (Databricks makes the caller the owner); create
// cannot set them, so a create that names them is a POST and then a PATCH.
#include "providers/databricks/securable_handler.h"
#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"

namespace causeway::databricks {
namespace {

using kit::Attribute;

Attribute Properties() {
  return Attribute("properties", AttrType::kMap)
      .Describe("Key-value properties; only the keys named here are managed")
      .Default(Value::object())
      .WriteTo("properties");
}
Attribute Comment() {
  return Attribute("comment").Describe("Comment").Default("").Wire("comment").Update("PATCH");
}
Attribute Owner() {
  return Attribute("owner")
      .Describe("Owner: a user, group or service principal (unmanaged when omitted)")
      .ReadFrom("owner")
      .WriteTo("")
      .Update("PATCH");
}
Attribute ForceDestroy(const char* what) {
  return Attribute("force_destroy", AttrType::kBool)
      .Default(false)
      .Describe(std::string("Delete even when it holds ") + what);
}

const kit::AttributeTable& CatalogTable() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Describe("Catalog name (case-insensitive)").Required().ForceNew()
        .Normalize(FoldName).Wire("name"),
    Comment(),
    Attribute("storage_root").Describe("s3:// URL for the catalog's managed tables").ForceNew()
        .Normalize(UrlWithoutTrailingSlash).Wire("storage_root"),
    Properties(),
    Owner(),
    Attribute("isolation_mode").Describe("OPEN or ISOLATED (unmanaged when omitted)")
        .Normalize(kit::UpperCase).Check(kit::OneOfIgnoringCase({"OPEN", "ISOLATED"}))
        .ReadFrom("isolation_mode").WriteTo("").Update("PATCH"),
    ForceDestroy("schemas and tables"),
    Attribute("full_name").Computed().Describe("The catalog's full name"),
  });
  // clang-format on
  return table;
}

const kit::AttributeTable& SchemaTable() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("catalog_name").Describe("Catalog of the schema").Required().ForceNew()
        .Normalize(FoldName).Wire("catalog_name"),
    Attribute("name").Describe("Schema name (case-insensitive)").Required().ForceNew()
        .Normalize(FoldName).Wire("name"),
    Comment(),
    Attribute("storage_root").Describe("s3:// URL for the schema's managed tables").ForceNew()
        .Normalize(UrlWithoutTrailingSlash).Wire("storage_root"),
    Properties(),
    Owner(),
    ForceDestroy("tables"),
    Attribute("full_name").Computed().Describe("catalog.schema"),
  });
  // clang-format on
  return table;
}

std::string CatalogName(const Value& a) { return FoldedAttr(a, "name"); }
std::string SchemaFullName(const Value& a) {
  std::string catalog = FoldedAttr(a, "catalog_name"), name = FoldedAttr(a, "name");
  return catalog.empty() || name.empty() ? "" : catalog + "." + name;
}
Query Metastore(const Value&) { return {}; }
Query InCatalog(const Value& a) { return {{"catalog_name", FoldedAttr(a, "catalog_name")}}; }

}  // namespace

KindHandlers MakeCatalogHandlers() {
  KindHandlers out;
  SecurableSpec catalog;
  catalog.kind = "databricks.catalog";
  catalog.description = "A Unity Catalog catalog";
  catalog.table = &CatalogTable();
  catalog.natural_key = {"name"};
  catalog.collection = catalog.items_key = "catalogs";
  catalog.full_name = &CatalogName;
  catalog.container = &Metastore;
  catalog.holds_data = true;
  catalog.exclusive_removes = "privileges no databricks.grant declares (the owner's excepted)";
  catalog.force_delete = true;
  out.push_back(NewSecurableHandler(catalog));

  SecurableSpec schema;
  schema.kind = "databricks.schema";
  schema.description = "A Unity Catalog schema";
  schema.table = &SchemaTable();
  schema.natural_key = {"catalog_name", "name"};
  schema.collection = schema.items_key = "schemas";
  schema.full_name = &SchemaFullName;
  schema.container = &InCatalog;
  schema.holds_data = true;
  schema.exclusive_removes =
      "privileges no databricks.grant declares (the owner's excepted), and tables no manifest "
      "declares (with --allow-destroy)";
  schema.force_delete = true;
  out.push_back(NewSecurableHandler(schema));
  return out;
}

}  // namespace causeway::databricks
