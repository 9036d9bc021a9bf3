// GET /api/2.1/unity-catalog/tables/{full_name}/exists, which the Databricks SDKs' tables.exists
// calls: {"table_exists": true|false} for a table of an existing schema (case-insensitive
// names), 404 RESOURCE_DOES_NOT_EXIST when the schema is missing, counted as TableExists.
#include <gtest/gtest.h>

#include "sandbox/databricks/databricks_frontend.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

class TableExistsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& method, const std::string& path, const Value& body = {}) {
    return client_->Raw(
        method, "/api/2.1/unity-catalog" + path, body.is_null() ? "" : body.dump(),
        {{"content-type", "application/json"},
         {"authorization", std::string("Bearer ") + sandbox::kDefaultDatabricksToken}});
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(TableExistsTest, AnswersForTablesOfExistingSchemas) {
  ASSERT_EQ(Call("POST", "/catalogs", {{"name", "main"}}).status, 200);
  ASSERT_EQ(Call("POST", "/schemas", {{"name", "sales"}, {"catalog_name", "main"}}).status, 200);
  SandboxReply created = Call("POST", "/tables",
                              {{"name", "orders"},
                               {"catalog_name", "main"},
                               {"schema_name", "sales"},
                               {"table_type", "EXTERNAL"},
                               {"data_source_format", "DELTA"},
                               {"storage_location", "s3://lake/sales/orders"},
                               {"columns", {{{"name", "id"}, {"type_name", "LONG"}}}}});
  ASSERT_EQ(created.status, 200) << created.body;

  SandboxReply yes = Call("GET", "/tables/Main.SALES.orders/exists");
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(yes.Json(), Value({{"table_exists", true}}));
  SandboxReply no = Call("GET", "/tables/main.sales.returns/exists");
  ASSERT_EQ(no.status, 200) << no.body;
  EXPECT_EQ(no.Json(), Value({{"table_exists", false}}));

  SandboxReply no_schema = Call("GET", "/tables/main.nope.orders/exists");
  EXPECT_EQ(no_schema.status, 404) << no_schema.body;
  EXPECT_EQ(no_schema.Json().value("error_code", ""), "RESOURCE_DOES_NOT_EXIST");
  // Only GET: a DELETE of ".../exists" is not a table delete.
  EXPECT_EQ(Call("DELETE", "/tables/main.sales.orders/exists").status, 404);
  EXPECT_EQ(Call("GET", "/tables/main.sales.orders").status, 200);

  Value counts = client_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(counts["by_operation"]["unitycatalog:TableExists"], 3);
}

}  // namespace
}  // namespace causeway::testing
