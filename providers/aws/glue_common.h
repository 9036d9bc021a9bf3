// Shared plumbing of the Glue kinds (aws.glue.database, aws.glue.table, aws.glue.crawler,
// aws.glue.job): JSON
// 1.1 calls to Glue, ARNs, the value checks of Glue names, and the normalisers that make Glue's
// returned forms compare equal to what users write (Hive type aliases and column-name case, role
// name vs ARN, the case of Iceberg's table_type parameter). Each kind's attributes are declared
// in its own file on a kit::AttributeTable.
// Thread-safety: free functions.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "providers/aws/kind_handler.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::glue {

inline constexpr char kDatabaseKind[] = "aws.glue.database";
inline constexpr char kTableKind[] = "aws.glue.table";
inline constexpr char kCrawlerKind[] = "aws.glue.crawler";
inline constexpr char kJobKind[] = "aws.glue.job";

// One Glue call (JSON 1.1); errors carry the Glue code as Status::provider_code().
Result<Value> Call(AwsContext& ctx, const std::string& operation, const Value& body);
// Paginated call (NextToken); `page` sees each response.
Status CallPaginated(AwsContext& ctx, const std::string& operation, const Value& body,
                     const std::function<Status(const Value& response)>& page);

// Glue's NameString: 1 to 255 characters on one line (databases, tables, columns, crawlers).
ValueCheck GlueName();

// Hive type: lower-cased, whitespace removed, "integer" -> "int", bare "decimal" ->
// "decimal(10,0)" (Hive treats these as the same type).
std::string NormalizeHiveType(const std::string& type);
// Column list [{name, type, comment?}]: names lower-cased (Hive column names are
// case-insensitive), types as NormalizeHiveType, empty comments dropped.
Value NormalizeColumns(const Value& v);
// A role given as name, "path/name" or ARN -> its name.
Value RoleName(const Value& v);
// String map with null treated as {}; the value of the key "table_type" upper-cased (Glue and
// Athena write ICEBERG in upper case, readers accept any case).
Value NormalizeParameters(const Value& v);

std::string DatabaseArn(const AwsContext& ctx, const std::string& db);
std::string TableArn(const AwsContext& ctx, const std::string& db, const std::string& table);
std::string CrawlerArn(const AwsContext& ctx, const std::string& name);

// Handler factories (glue_database_kind.cc, glue_table_kind.cc, glue_crawler_kind.cc).
std::unique_ptr<KindHandler> NewDatabaseHandler();
std::unique_ptr<KindHandler> NewTableHandler();
std::unique_ptr<KindHandler> NewCrawlerHandler();
std::unique_ptr<KindHandler> NewJobHandler();  // glue_job_kind.cc

}  // namespace causeway::aws::glue
