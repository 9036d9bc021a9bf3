// Glue kinds: aws.glue.database (glue_database_kind.cc), aws.glue.table (glue_table_kind.cc) and
// aws.glue.crawler (glue_crawler_kind.cc); shared plumbing in glue_common.h.
#include "providers/aws/glue_common.h"
#include "providers/aws/kind_handler.h"

namespace causeway::aws {

KindHandlers MakeGlueHandlers() {
  KindHandlers handlers;
  handlers.push_back(glue::NewDatabaseHandler());
  handlers.push_back(glue::NewTableHandler());
  handlers.push_back(glue::NewCrawlerHandler());
  handlers.push_back(glue::NewJobHandler());
  return handlers;
}

}  // namespace causeway::aws
