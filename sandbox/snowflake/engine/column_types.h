// Column types as Snowflake resolves them: the synonyms a statement may use (INT, STRING,
// DECIMAL(10,2), TIMESTAMP, DOUBLE ...) become the canonical type DESC TABLE prints
// ("NUMBER(38,0)", "VARCHAR(16777216)", "TIMESTAMP_NTZ(9)", "FLOAT"), and SHOW COLUMNS'
// data_type JSON ({"type":"FIXED","precision":38,"scale":0,"nullable":true}).
// Also the column definitions of CREATE TABLE / ALTER TABLE ADD COLUMN and of external tables.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"
#include "sandbox/snowflake/sql/sf_parser.h"

namespace causeway::sandbox::snowflake {

// Reads a type at the parser's position; returns the canonical type.
Result<std::string> ReadColumnType(SfParser& p);
// SHOW COLUMNS' data_type JSON of a canonical type.
Value DataTypeJson(const std::string& canonical, bool nullable);

// One column definition: "<name> <type> [NOT NULL|NULL] [DEFAULT <expr>] [COMMENT '<c>']
// [COLLATE '<c>'] [PRIMARY KEY|UNIQUE]"; with `external`, "<name> <type> AS (<expr>)".
// Returns {"name", "type", "nullable", "default", "comment", "expression"} (absent ones null).
Result<Value> ReadColumnDefinition(SfParser& p, bool external);

}  // namespace causeway::sandbox::snowflake
