// Databricks SQL Statement Execution API 2.0 emulator (service "sql"; see
// shared/specs/databricks/SQL_STATEMENTS.md):
//   POST /api/2.0/sql/statements                         ExecuteStatement
//   GET  /api/2.0/sql/statements/{id}                    GetStatement
//   GET  /api/2.0/sql/statements/{id}/result/chunks/{n}  GetStatementResultChunk
//   POST /api/2.0/sql/statements/{id}/cancel             CancelExecution
// Statements run synchronously on the configured warehouse: the reply is SUCCEEDED (with the
// manifest and the one result chunk, cells as strings) or FAILED (status.error and sql_state),
// always HTTP 200 as on Databricks; request-level problems (no statement, unknown warehouse, a
// bad wait_timeout) are 4xx Databricks errors. The statements run are those sql_statement.h
// parses: CREATE TABLE (external tables, any format, PARTITIONED BY), SHOW TABLES, DROP TABLE,
// ALTER TABLE (properties, location, added columns, owner), MSCK REPAIR TABLE (Hive-style
// partitions found in the S3 emulator's keys under the table's location, hive_partitions.h),
// SHOW PARTITIONS and DESCRIBE TABLE, COMMENT ON TABLE and ALTER TABLE ALTER COLUMN ... COMMENT,
// against the Unity Catalog emulator's tables. One-part and two-part names take the statement's
// `catalog` and `schema` ("default" when absent).
// SELECT COUNT(*) FROM <table> (seed 000's validation query) reads no Parquet: it answers the
// number of data files under the table's location in the S3 emulator (hidden files such as
// _SUCCESS or .crc excluded; 0 when the bucket or prefix is empty or missing), one BIGINT column
// named count(1) as Databricks names it. A client can tell "data landed" from "no data", which is
// what the validation query is for; it cannot check row counts against the emulator.
// A caller who is not a metastore admin needs what a REST GET of the table needs for SELECT
// COUNT(*), DESCRIBE and SHOW PARTITIONS (else FAILED, sql_state 42501).
// Not here yet: other ALTER TABLE actions, other SELECTs, parameters, EXTERNAL_LINKS, grant
// checks on SHOW TABLES and on statements that change tables.
// Statements are kept (the latest 1000) so GET can poll them; they are persisted but not in the
// admin dump (they are not infrastructure).
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/core/operation_table.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

class UnityCatalogService;
struct SqlCreateTable;
struct SqlShowTables;
struct SqlDropTable;
struct SqlRepairTable;
struct SqlAlterTable;
struct SqlCommentOnTable;

class StatementExecutionService : public SandboxService {
 public:
  explicit StatementExecutionService(std::string warehouse_id);
  std::string name() const override { return "sql"; }
  std::string cloud() const override { return "databricks"; }
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;
  bool InAdminDump() const override { return false; }

 private:
  using Operations_ = OperationTable<StatementExecutionService, const SandboxRequest&,
                                     const std::string&, const Value&, SandboxContext&>;
  static const Operations_& Table();

  SandboxResponse ExecuteStatement(const SandboxRequest&, const std::string&, const Value&,
                                   SandboxContext&);
  SandboxResponse GetStatement(const SandboxRequest&, const std::string&, const Value&,
                               SandboxContext&);
  SandboxResponse GetStatementResultChunk(const SandboxRequest&, const std::string&, const Value&,
                                          SandboxContext&);
  SandboxResponse CancelExecution(const SandboxRequest&, const std::string&, const Value&,
                                  SandboxContext&);

  // Runs `statement` and returns its StatementResponse (SUCCEEDED or FAILED).
  Value Run(const SandboxRequest& r, const std::string& id, const Value& body, SandboxContext& c);
  Value RunCreate(const SandboxRequest& r, const std::string& id, const Value& body,
                  const SqlCreateTable& create, UnityCatalogService& uc, SandboxContext& c);
  Value RunShow(const std::string& id, const Value& body, const SqlShowTables& show,
                UnityCatalogService& uc);
  Value RunDrop(const std::string& id, const Value& body, const SqlDropTable& drop,
                UnityCatalogService& uc, SandboxContext& c);
  Value RunRepair(const std::string& id, const Value& body, const SqlRepairTable& repair,
                  UnityCatalogService& uc, SandboxContext& c);
  Value RunShowPartitions(const std::string& id, const Value& body,
                          const std::vector<std::string>& name, UnityCatalogService& uc);
  Value RunDescribe(const std::string& id, const Value& body, const std::vector<std::string>& name,
                    UnityCatalogService& uc);
  Value RunAlter(const SandboxRequest& r, const std::string& id, const Value& body,
                 const SqlAlterTable& alter, UnityCatalogService& uc, SandboxContext& c);
  Value RunCommentOn(const SandboxRequest& r, const std::string& id, const Value& body,
                     const SqlCommentOnTable& comment, UnityCatalogService& uc, SandboxContext& c);
  Value RunCount(const std::string& id, const Value& body, const std::vector<std::string>& name,
                 UnityCatalogService& uc, SandboxContext& c);
  void Keep(const std::string& id, Value response);

  std::string warehouse_id_;
  std::map<std::string, Value> statements_;  // by statement id
  std::deque<std::string> order_;            // statement ids, oldest first
};

std::unique_ptr<SandboxService> NewStatementExecutionService(std::string warehouse_id);

}  // namespace causeway::sandbox
