// The SQL statements the Databricks statement emulator runs, parsed from text: CREATE [EXTERNAL]
// TABLE [IF NOT EXISTS] <name> [(<column> <type> [NOT NULL] [COMMENT '...'], ...)] with USING,
// PARTITIONED BY, LOCATION, COMMENT and TBLPROPERTIES clauses in any order; SHOW TABLES
// [IN|FROM <schema>]; DROP TABLE [IF EXISTS] <name>; MSCK REPAIR TABLE <name> [ADD|DROP|SYNC
// PARTITIONS]; SHOW PARTITIONS <name>; DESCRIBE [TABLE] [EXTENDED] <name>; ALTER TABLE <name>
// SET TBLPROPERTIES (...) | UNSET TBLPROPERTIES [IF EXISTS] (...) | SET LOCATION '...' |
// ADD COLUMN[S] [(]<column>, ...[)] | [SET] OWNER TO <principal> | ALTER|CHANGE [COLUMN] <column>
// COMMENT '...'; COMMENT ON TABLE <name> IS '...'|NULL; SELECT COUNT(*) FROM <name>. Names are
// dotted, each part bare or back-quoted; they are returned as written (the catalog lower-cases
// them). Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway::sandbox {

struct SqlColumn {
  std::string name;
  std::string type_text;  // as written: "DECIMAL(10,2)", "ARRAY<STRING>"
  std::string comment;
  bool nullable = true;
};

struct SqlCreateTable {
  std::vector<std::string> name;  // 1 to 3 parts
  bool if_not_exists = false;
  std::vector<SqlColumn> columns;
  std::string format;                     // USING, as written; "" when absent
  std::vector<SqlColumn> partitioned_by;  // names only, or with types when declared there
  std::string location;
  std::string comment;
  std::map<std::string, std::string> properties;
};

struct SqlShowTables {
  std::vector<std::string> schema;  // empty: the statement's default schema
};

struct SqlDropTable {
  std::vector<std::string> name;
  bool if_exists = false;
};

struct SqlRepairTable {
  std::vector<std::string> name;
  bool add = true;    // ADD PARTITIONS (the default) or SYNC PARTITIONS
  bool drop = false;  // DROP PARTITIONS or SYNC PARTITIONS
};

struct SqlShowPartitions {
  std::vector<std::string> name;
};

struct SqlDescribeTable {
  std::vector<std::string> name;
};

// One ALTER TABLE action; the members of the others stay empty.
struct SqlAlterTable {
  std::vector<std::string> name;
  std::map<std::string, std::string> set_properties;
  std::vector<std::string> unset_properties;
  bool unset_if_exists = false;
  std::string location;
  std::vector<SqlColumn> add_columns;
  std::string owner;
  std::string comment_column;  // ALTER COLUMN <comment_column> COMMENT <column_comment>
  std::string column_comment;
};

// COMMENT ON TABLE <name> IS '<comment>' ('' or NULL removes the comment).
struct SqlCommentOnTable {
  std::vector<std::string> name;
  std::string comment;
};

// SELECT COUNT(*) FROM <name>: seed 000's validation query, the only SELECT the emulator runs.
struct SqlSelectCount {
  std::vector<std::string> name;
};

using SqlStatement =
    std::variant<SqlCreateTable, SqlShowTables, SqlDropTable, SqlRepairTable, SqlShowPartitions,
                 SqlDescribeTable, SqlAlterTable, SqlCommentOnTable, SqlSelectCount>;

// Parses one statement (a trailing ';' is allowed). InvalidArgument with a message starting
// "[PARSE_SYNTAX_ERROR]" on bad syntax, "[UNSUPPORTED_STATEMENT]" for statements the emulator does
// not run.
Result<SqlStatement> ParseSql(const std::string& sql);

}  // namespace causeway::sandbox
