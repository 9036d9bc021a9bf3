// snowflake.table against the sandbox: created with aliased types (STRING, INT, TIMESTAMP_NTZ,
// DOUBLE, BOOL) that never show as a diff, columns of every table of a schema read with one SHOW
// COLUMNS IN SCHEMA, columns added / dropped / renamed (renamed_from keeps the data) / commented
// / made NOT NULL / widened by ALTER, a type change Snowflake cannot make refused with what to
// do, clustering and comment changed; holds data; hostile names round-trip.
#include <gtest/gtest.h>

#include "providers/snowflake/column_types.h"
#include "tests/snowflake/snowflake_sandbox_provider.h"

namespace causeway::testing {
namespace {

constexpr char kKind[] = "snowflake.table";

class SnowflakeTableTest : public SnowflakeSandboxTest {
 protected:
  Value Trips() {
    return {{"database", "share"},
            {"schema", "landing"},
            {"name", "trips"},
            {"columns",
             {{{"name", "trip_id"}, {"type", "STRING"}, {"nullable", false}},
              {{"name", "pickup_ts"}, {"type", "TIMESTAMP_NTZ"}},
              {{"name", "passenger_count"}, {"type", "INT"}, {"comment", "riders"}},
              {{"name", "fare_amount"}, {"type", "NUMBER(10, 2)"}},
              {{"name", "tip"}, {"type", "double"}, {"default", 0}},
              {{"name", "paid"}, {"type", "BOOL"}},
              {{"name", "date"}, {"type", "DATE"}}}},
            {"cluster_by", {"date"}},
            {"comment", "trips"}};
  }
};

TEST_F(SnowflakeTableTest, TypeAliasesNeverDiff) {
  EXPECT_EQ(snowflake::CanonicalType("string"), "VARCHAR(16777216)");
  EXPECT_EQ(snowflake::CanonicalType("TEXT"), "VARCHAR(16777216)");
  EXPECT_EQ(snowflake::CanonicalType("varchar(20)"), "VARCHAR(20)");
  EXPECT_EQ(snowflake::CanonicalType("BIGINT"), "NUMBER(38,0)");
  EXPECT_EQ(snowflake::CanonicalType("NUMBER"), "NUMBER(38,0)");
  EXPECT_EQ(snowflake::CanonicalType("decimal(10, 2)"), "NUMBER(10,2)");
  EXPECT_EQ(snowflake::CanonicalType("TIMESTAMP_NTZ"), "TIMESTAMP_NTZ(9)");
  EXPECT_EQ(snowflake::CanonicalType("DOUBLE PRECISION"), "FLOAT");
  EXPECT_EQ(snowflake::CanonicalType("bool"), "BOOLEAN");
  EXPECT_TRUE(snowflake::TypeChangeInPlace("VARCHAR(10)", "VARCHAR(20)"));
  EXPECT_FALSE(snowflake::TypeChangeInPlace("VARCHAR(20)", "VARCHAR(10)"));
  EXPECT_FALSE(snowflake::TypeChangeInPlace("NUMBER(38,0)", "VARCHAR(16777216)"));

  MakeSchema("share", "landing");
  Value trips = Trips();
  ResourceResult created = Create(kKind, trips);
  EXPECT_EQ(created.id, "SHARE.LANDING.TRIPS");
  Observation seen = ExpectNoDiff(kKind, trips);
  EXPECT_EQ(seen.attributes["columns"][0]["type"], "VARCHAR(16777216)") << seen.attributes.dump();
  EXPECT_TRUE(Schema(kKind).holds_data);
}

TEST_F(SnowflakeTableTest, ColumnsChangeByAlterWithoutLosingTheTable) {
  MakeSchema("share", "landing");
  Value trips = Trips();
  Create(kKind, trips);
  const std::string created_on =
      Sql("SHOW TABLES LIKE 'TRIPS' IN SCHEMA \"SHARE\".\"LANDING\"").Text(0, "created_on");

  Value changed = trips;
  Value& cols = changed["columns"];
  cols[0]["type"] = "VARCHAR";  // same type, another spelling
  cols[1] = {{"name", "pickup_at"}, {"type", "TIMESTAMP_NTZ(9)"}, {"renamed_from", "pickup_ts"}};
  cols[2]["comment"] = "";
  cols[2]["nullable"] = false;
  cols.erase(5);  // paid
  cols.push_back({{"name", "vendor_id"}, {"type", "STRING"}, {"comment", "new"}});
  changed["cluster_by"] = {"date", "vendor_id"};
  changed["comment"] = "";
  Observation before = Observe(kKind, trips);
  Update(kKind, before.attributes, changed);
  ExpectNoDiff(kKind, changed);
  EXPECT_EQ(Sql("SHOW TABLES LIKE 'TRIPS' IN SCHEMA \"SHARE\".\"LANDING\"").Text(0, "created_on"),
            created_on)
      << "altered, not re-created";

  Value retyped = changed;
  retyped["columns"][2]["type"] = "STRING";
  auto refused = provider_->update(
      UpdateRequest{Address{kKind, "x"}, "", Observe(kKind, changed).attributes, retyped, {}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cannot change its type"), std::string::npos)
      << refused.status().ToString();

  Delete(kKind, changed);
  EXPECT_FALSE(Observe(kKind, changed).exists);
  Delete(kKind, changed);
}

TEST_F(SnowflakeTableTest, BulkObserveReadsColumnsOncePerSchema) {
  MakeSchema("share", "landing");
  std::vector<ObserveItem> items;
  for (const char* name : {"t1", "t2", "t3"}) {
    Value t = {{"database", "share"},
               {"schema", "landing"},
               {"name", name},
               {"columns", {{{"name", std::string("c_") + name}, {"type", "INT"}}}}};
    Create(kKind, t);
    items.push_back({Address{kKind, name}, "", t});
  }
  const int64_t before = provider_->client()->statements();
  auto seen = provider_->observe(items);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(provider_->client()->statements() - before, 2) << "SHOW TABLES + SHOW COLUMNS";
  for (size_t i = 0; i < items.size(); ++i) {
    ASSERT_TRUE((*seen)[i].exists);
    EXPECT_EQ((*seen)[i].attributes["columns"].size(), 1u) << (*seen)[i].attributes.dump();
  }
}

TEST_F(SnowflakeTableTest, CreateAdoptsATableMadeByHandAndAltersItsColumns) {
  MakeSchema("share", "landing");
  Sql("CREATE TABLE \"SHARE\".\"LANDING\".\"BY_HAND\" (\"OLD\" INT, \"ID\" VARCHAR(10))");
  Value t = {{"database", "share"},
             {"schema", "landing"},
             {"name", "by_hand"},
             {"columns",
              {{{"name", "id"}, {"type", "VARCHAR(20)"}, {"nullable", false}},
               {{"name", "added"}, {"type", "DATE"}}}}};
  Create(kKind, t);
  Observation seen = ExpectNoDiff(kKind, t);
  EXPECT_EQ(seen.attributes["columns"].size(), 2u) << seen.attributes.dump();
}

TEST_F(SnowflakeTableTest, HostileNamesRoundTrip) {
  for (const std::string name : {"\"; DROP TABLE x; --\"", "\"a\"\"b\"", "Ünïcødé 名前"}) {
    MakeSchema(name, name);
    Value t = {{"database", name},
               {"schema", name},
               {"name", name},
               {"columns", {{{"name", name}, {"type", "STRING"}, {"comment", "it's"}}}},
               {"cluster_by", {name}}};
    Create(kKind, t);
    ExpectNoDiff(kKind, t);
    Delete(kKind, t);
    EXPECT_FALSE(Observe(kKind, t).exists) << name;
  }
}

}  // namespace
}  // namespace causeway::testing
