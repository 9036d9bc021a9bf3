// Unity Catalog emulator (service "unitycatalog"), REST 2.1 under /api/2.1/unity-catalog/ with
// hosted Databricks' shapes (shared/specs/databricks/UC_HOSTED.md, unitycatalog/all.yaml):
//   catalogs[/{name}]                  POST, GET (list), GET, PATCH, DELETE[?force=true]
//   schemas[/{full_name}]              the same; list needs catalog_name
//   tables[/{full_name}]               POST (EXTERNAL DELTA only, as on Databricks; other
//                                      formats come through SQL), GET (list: catalog_name,
//                                      schema_name), GET, GET {full_name}/exists, DELETE
//   storage-credentials[/{name}]       AWS IAM roles: the reply's aws_iam_role adds a generated
//                                      external_id (stable per credential) and the Unity Catalog
//                                      master role ARN the role's trust policy must name
//   external-locations[/{name}]        url (stored without a trailing slash), credential_name,
//                                      read_only, comment, fallback; a URL equal to, inside or
//                                      above another location's is refused
//   permissions/{type}/{full_name}     GET [?principal=], PATCH {"changes": [...]}: direct grants
// Names are case-insensitive and stored lower-cased, as Databricks does; every list pages with
// max_results / page_token (paging.h). A new catalog gets the "default" and "information_schema"
// schemas, as on Databricks. Errors are Databricks' {"error_code", "message"} (errors.h).
// Objects are kept as the JSON Databricks returns for them (CatalogInfo, SchemaInfo, ...), which
// is also the persisted state.
// Tables of other formats come from the statement emulator (sandbox/databricks/sql/) through
// CreateTableFromSql. External locations are validated through STS and the S3 emulator unless
// skip_validation is set (location_validation.cc); reads are checked against the caller's grants
// unless the caller is a metastore admin (read_access.cc).
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sandbox/core/operation_table.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

// The metastore every emulated object belongs to.
inline constexpr char kSandboxMetastoreId[] = "5a9db0c5-0000-4000-8000-00000000c0de";
// The principal Databricks' Unity Catalog assumes storage credentials' roles as (Databricks'
// published AWS master role); a role's trust policy names it with the credential's external id.
inline constexpr char kUnityCatalogMasterRoleArn[] =
    "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";

// Principal::role of a metastore admin (set by the front end): full access. Other callers see
// and read only what their grants allow (read_access.cc).
inline constexpr char kUcMetastoreAdminRole[] = "metastore_admin";

class UnityCatalogService : public SandboxService {
 public:
  std::string name() const override { return "unitycatalog"; }
  std::string cloud() const override { return "databricks"; }
  // "CreateCatalog", "ListSchemas", "GetTable", "UpdatePermissions", ...; "" for other paths.
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // The operations the service implements, sorted.
  std::vector<std::string> Operations() const;

  // For the statement emulator (sandbox/databricks/sql/), under the dispatch lock; names are
  // lower-case full names. The caller marks the service dirty after a change.
  // Creates an external table of any format from CreateTable's body, as `caller`; the reply
  // CreateTable gives (errors included).
  SandboxResponse CreateTableFromSql(const SandboxRequest& caller, const Value& body,
                                     SandboxContext& context);
  // The table or schema; nullptr when missing.
  const Value* FindTable(const std::string& full_name) const;
  const Value* FindSchema(const std::string& full_name) const;
  // The tables of a schema, by name.
  std::vector<const Value*> TablesOf(const std::string& schema_full_name) const;
  // Drops a table and the grants on it; false when there was none.
  bool DropTable(const std::string& full_name);
  // Replaces the table named info["full_name"] with `info` (a changed copy of FindTable's),
  // stamping updated_at/updated_by for `caller`; false when there is no such table.
  bool ReplaceTable(const SandboxRequest& caller, SandboxContext& context, Value info);
  // The Hive-style partitions ("year=2024/month=01") MSCK REPAIR last found for the table with
  // `table_id`, sorted; empty when none.
  std::set<std::string> PartitionsOf(const std::string& table_id) const;
  void SetPartitions(const std::string& table_id, std::set<std::string> partitions);
  // read_access.cc. What `who` lacks to see the catalog / schema / table (a full name), as
  // Databricks' PERMISSION_DENIED message; "" when it may see it (metastore admins see all).
  std::string MissingOnCatalog(const Principal& who, const std::string& catalog) const;
  std::string MissingOnSchema(const Principal& who, const std::string& schema) const;
  std::string MissingOnTable(const Principal& who, const std::string& table) const;

 private:
  // Handlers get the decoded path parameter after the collection ("" for the collection itself;
  // "catalog/main.sales" for permissions) and the parsed JSON body ({} when none).
  using Operations_ = OperationTable<UnityCatalogService, const SandboxRequest&, const std::string&,
                                     const Value&, SandboxContext&>;
  static const Operations_& Table();

  // catalog_handlers.cc
  SandboxResponse CreateCatalog(const SandboxRequest&, const std::string&, const Value&,
                                SandboxContext&);
  SandboxResponse ListCatalogs(const SandboxRequest&, const std::string&, const Value&,
                               SandboxContext&);
  SandboxResponse GetCatalog(const SandboxRequest&, const std::string&, const Value&,
                             SandboxContext&);
  SandboxResponse UpdateCatalog(const SandboxRequest&, const std::string&, const Value&,
                                SandboxContext&);
  SandboxResponse DeleteCatalog(const SandboxRequest&, const std::string&, const Value&,
                                SandboxContext&);
  // schema_handlers.cc
  SandboxResponse CreateSchema(const SandboxRequest&, const std::string&, const Value&,
                               SandboxContext&);
  SandboxResponse ListSchemas(const SandboxRequest&, const std::string&, const Value&,
                              SandboxContext&);
  SandboxResponse GetSchema(const SandboxRequest&, const std::string&, const Value&,
                            SandboxContext&);
  SandboxResponse UpdateSchema(const SandboxRequest&, const std::string&, const Value&,
                               SandboxContext&);
  SandboxResponse DeleteSchema(const SandboxRequest&, const std::string&, const Value&,
                               SandboxContext&);
  // table_handlers.cc
  SandboxResponse CreateTable(const SandboxRequest&, const std::string&, const Value&,
                              SandboxContext&);
  SandboxResponse ListTables(const SandboxRequest&, const std::string&, const Value&,
                             SandboxContext&);
  SandboxResponse GetTable(const SandboxRequest&, const std::string&, const Value&,
                           SandboxContext&);
  // GET tables/{full_name}/exists: {"table_exists": bool}; 404 when the schema is missing.
  SandboxResponse TableExists(const SandboxRequest&, const std::string&, const Value&,
                              SandboxContext&);
  SandboxResponse DeleteTable(const SandboxRequest&, const std::string&, const Value&,
                              SandboxContext&);
  // What CreateTable and CreateTableFromSql share once the format is accepted.
  SandboxResponse CreateExternalTable(const SandboxRequest&, const Value& body, SandboxContext&);
  // storage_credential_handlers.cc
  SandboxResponse CreateStorageCredential(const SandboxRequest&, const std::string&, const Value&,
                                          SandboxContext&);
  SandboxResponse ListStorageCredentials(const SandboxRequest&, const std::string&, const Value&,
                                         SandboxContext&);
  SandboxResponse GetStorageCredential(const SandboxRequest&, const std::string&, const Value&,
                                       SandboxContext&);
  SandboxResponse UpdateStorageCredential(const SandboxRequest&, const std::string&, const Value&,
                                          SandboxContext&);
  SandboxResponse DeleteStorageCredential(const SandboxRequest&, const std::string&, const Value&,
                                          SandboxContext&);
  // external_location_handlers.cc
  SandboxResponse CreateExternalLocation(const SandboxRequest&, const std::string&, const Value&,
                                         SandboxContext&);
  SandboxResponse ListExternalLocations(const SandboxRequest&, const std::string&, const Value&,
                                        SandboxContext&);
  SandboxResponse GetExternalLocation(const SandboxRequest&, const std::string&, const Value&,
                                      SandboxContext&);
  SandboxResponse UpdateExternalLocation(const SandboxRequest&, const std::string&, const Value&,
                                         SandboxContext&);
  SandboxResponse DeleteExternalLocation(const SandboxRequest&, const std::string&, const Value&,
                                         SandboxContext&);
  // permission_handlers.cc
  SandboxResponse GetPermissions(const SandboxRequest&, const std::string&, const Value&,
                                 SandboxContext&);
  SandboxResponse UpdatePermissions(const SandboxRequest&, const std::string&, const Value&,
                                    SandboxContext&);

  // location_validation.cc: assumes `credential`'s role as Unity Catalog through STS and lists
  // `url` in the S3 emulator; the Databricks error reply when either fails.
  std::optional<SandboxResponse> ValidateLocation(const std::string& url, const Value& credential,
                                                  SandboxContext& context) const;
  // The PERMISSION_DENIED reply for a Get/List of something the caller may not see.
  std::optional<SandboxResponse> CheckRead(const SandboxRequest& r, const std::string& param) const;
  // Leaves out of a list reply what the caller may not see.
  void FilterList(const SandboxRequest& r, SandboxResponse* reply) const;
  bool Owns(const Principal& who, const std::map<std::string, Value>& items,
            const std::string& key) const;
  // Whether `who` (or "account users") holds `privilege` (or ALL_PRIVILEGES) directly on it.
  bool Holds(const Principal& who, const std::string& type, const std::string& full_name,
             const std::string& privilege) const;
  // The location other than `except` whose URL overlaps `url`; nullptr when none.
  const Value* OverlappingLocation(const std::string& url, const std::string& except) const;
  // Moves every key of `items` starting with `from` to start with `to` instead.
  static void RenameKeys(std::map<std::string, Value>* items, const std::string& from,
                         const std::string& to);
  // Grants of a securable: key "<type>/<full name>".
  static std::string GrantKey(const std::string& type, const std::string& full_name);
  // Drops the grants on `full_name` of `type` and, for containers, on what lies inside it.
  void ForgetGrants(const std::string& type, const std::string& full_name);
  // Moves the grants of a renamed securable (and of what lies inside it).
  void MoveGrants(const std::string& type, const std::string& from, const std::string& to);

  // Objects as Databricks returns them, by lower-case (full) name.
  std::map<std::string, Value> catalogs_;     // "main"
  std::map<std::string, Value> schemas_;      // "main.sales"
  std::map<std::string, Value> tables_;       // "main.sales.orders"
  std::map<std::string, Value> credentials_;  // storage credentials
  std::map<std::string, Value> locations_;    // external locations
  // Direct grants: GrantKey -> principal -> canonical privileges.
  std::map<std::string, std::map<std::string, std::set<std::string>>> grants_;
  // Registered partitions by table_id (a dropped table's go with it; a recreated table has a new
  // id, so it never inherits them).
  std::map<std::string, std::set<std::string>> partitions_;
};

std::unique_ptr<SandboxService> NewUnityCatalogService();

}  // namespace causeway::sandbox
