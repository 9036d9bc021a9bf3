// The storage kinds of the Snowflake provider, each an ObjectSpec (object_handler.h) in its own
// file: storage_integration.cc, file_format_kind.cc, stage_kind.cc, table_kind.cc,
// external_table_kind.cc, pipe_kind.cc.
#pragma once

#include <string>
#include <vector>

#include "providers/snowflake/object_handler.h"

namespace causeway::snowflake {

ObjectSpec StorageIntegrationSpec();
ObjectSpec FileFormatSpec();
ObjectSpec StageSpec();
ObjectSpec TableSpec();
ObjectSpec ExternalTableSpec();
ObjectSpec PipeSpec();

// CSV, JSON, PARQUET, AVRO, ORC, XML.
const std::vector<std::string>& FileFormatTypes();

// Every storage kind's handler.
KindHandlers MakeStorageHandlers();

}  // namespace causeway::snowflake
