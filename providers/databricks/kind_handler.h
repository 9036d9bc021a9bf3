// The Databricks provider's kinds: each is a kit::KindHandler over DatabricksContext
// (providers/kit/). The provider (databricks_provider.h) owns configuration, credentials and the
// client; each area's handlers are listed by its Make*Handlers() function.
// Thread-safety: handlers are called from several threads at once; keep them stateless.
#pragma once

#include <string>

#include "providers/databricks/databricks_client.h"
#include "providers/kit/attribute_table.h"
#include "providers/kit/kind_handler.h"
#include "providers/provider.h"

namespace causeway::databricks {

struct DatabricksContext {
  DatabricksClient* client = nullptr;
  std::string warehouse_id;  // SQL warehouse for statements; "" when none is configured
  Clock* clock = nullptr;
  ProviderLog* log = nullptr;  // never null once configured
};

using kit::Missing;
using kit::ObserveBatch;
using KindHandler = kit::KindHandler<DatabricksContext>;
using KindHandlers = kit::KindHandlers<DatabricksContext>;

// Unity Catalog names are case-insensitive and stored lower-cased.
Value FoldName(const Value& v);
// A privilege as Databricks spells it: upper case, underscores ("all privileges" ->
// ALL_PRIVILEGES); a list of them as a sorted set.
std::string PrivilegeName(const std::string& p);
Value PrivilegeSet(const Value& v);
// A URL without its trailing slashes.
Value UrlWithoutTrailingSlash(const Value& v);

KindHandlers MakeCatalogHandlers();  // databricks.catalog, databricks.schema
KindHandlers MakeStorageHandlers();  // databricks.storage_credential, databricks.external_location
KindHandlers MakeGrantHandlers();    // databricks.grants, databricks.grant
KindHandlers MakeTableHandlers();    // databricks.table

}  // namespace causeway::databricks
