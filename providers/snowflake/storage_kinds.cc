// The storage kinds' handlers, in the order a lake is built: integration, file format, stage.
#include "providers/snowflake/storage_kinds.h"

namespace causeway::snowflake {

KindHandlers MakeStorageHandlers() {
  KindHandlers out;
  for (auto make : {&StorageIntegrationSpec, &FileFormatSpec, &StageSpec, &TableSpec,
                    &ExternalTableSpec, &PipeSpec})
    out.push_back(NewObjectHandler(make()));
  return out;
}

}  // namespace causeway::snowflake
