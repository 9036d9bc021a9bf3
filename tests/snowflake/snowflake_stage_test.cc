// snowflake.stage against the sandbox: internal and external stages created (adopting one made
// by hand), observed with one SHOW STAGES per schema (DESC STAGE only for a managed file
// format), URL / integration / file format / directory / comment changed by ALTER, deleted;
// re-plans are no-ops; and LIST @stage through the integration: refused with Snowflake's
// assume-role error until the IAM role trusts the integration's user ARN and external id (the
// outputs of snowflake.storage_integration), then listing the bucket.
#include <gtest/gtest.h>

#include "tests/snowflake/snowflake_sandbox_provider.h"

namespace causeway::testing {
namespace {

constexpr char kStage[] = "snowflake.stage";

class SnowflakeStageTest : public SnowflakeSandboxTest {
 protected:
  // An integration over s3://lake/trips/ whose role is snowflake-lake; returns its outputs.
  Value MakeIntegration() {
    return Create("snowflake.storage_integration",
                  {{"name", "lake_int"},
                   {"storage_aws_role_arn", "arn:aws:iam::123456789012:role/snowflake-lake"},
                   {"storage_allowed_locations", {"s3://lake/trips/", "s3://lake/more/"}}})
        .outputs;
  }
  void MakeBucket() {
    ASSERT_EQ(aws_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
    for (const char* key : {"/lake/trips/a.parquet", "/lake/trips/b.parquet"}) {
      ASSERT_EQ(aws_->Send("s3", "PUT", key, "", {}, "data").status, 200);
    }
  }
  // The IAM role, trusting `principal` with `external_id`.
  void TrustRole(const std::string& principal, const std::string& external_id) {
    const std::string policy =
        Value{{"Version", "2012-10-17"},
              {"Statement",
               {{{"Effect", "Allow"},
                 {"Principal", {{"AWS", principal}}},
                 {"Action", "sts:AssumeRole"},
                 {"Condition", {{"StringEquals", {{"sts:ExternalId", external_id}}}}}}}}}
            .dump();
    SandboxReply created =
        aws_->Query("iam", "CreateRole",
                    {{"RoleName", "snowflake-lake"}, {"AssumeRolePolicyDocument", policy}});
    if (created.status != 200) {
      ASSERT_EQ(aws_->Query("iam", "UpdateAssumeRolePolicy",
                            {{"RoleName", "snowflake-lake"}, {"PolicyDocument", policy}})
                    .status,
                200);
    }
  }
};

TEST_F(SnowflakeStageTest, ListSucceedsOnlyOnceTheRoleTrustsTheIntegration) {
  MakeBucket();
  MakeSchema("raw", "landing");
  Value outputs = MakeIntegration();
  Value stage = {{"database", "raw"},
                 {"schema", "landing"},
                 {"name", "trips"},
                 {"url", "s3://lake/trips/"},
                 {"storage_integration", "lake_int"},
                 {"file_format_type", "parquet"}};
  ResourceResult created = Create(kStage, stage);
  EXPECT_EQ(created.outputs["fully_qualified_name"], "\"RAW\".\"LANDING\".\"TRIPS\"");
  ExpectNoDiff(kStage, stage);

  auto refused = Try("LIST @\"RAW\".\"LANDING\".\"TRIPS\"");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("091003"), std::string::npos)
      << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("sts:AssumeRole"), std::string::npos);
  TrustRole(outputs["storage_aws_iam_user_arn"], "not-the-external-id");
  EXPECT_FALSE(Try("LIST @\"RAW\".\"LANDING\".\"TRIPS\"").ok());
  TrustRole(outputs["storage_aws_iam_user_arn"], outputs["storage_aws_external_id"]);
  auto listed = Try("LIST @\"RAW\".\"LANDING\".\"TRIPS\"");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->Text(0, "name"), "s3://lake/trips/a.parquet");
}

TEST_F(SnowflakeStageTest, ExternalStageAltersInPlace) {
  MakeSchema("raw", "landing");
  MakeIntegration();
  Create("snowflake.file_format",
         {{"database", "raw"}, {"schema", "landing"}, {"name", "pq"}, {"type", "PARQUET"}});
  Value stage = {{"database", "raw"},
                 {"schema", "landing"},
                 {"name", "s1"},
                 {"url", "s3://lake/trips/"},
                 {"storage_integration", "LAKE_INT"},
                 {"file_format", "raw.landing.pq"},
                 {"directory_enabled", true},
                 {"comment", "trips"}};
  Create(kStage, stage);
  Observation seen = ExpectNoDiff(kStage, stage);
  EXPECT_EQ(seen.attributes["file_format"], "\"RAW\".\"LANDING\".\"PQ\"");

  Value changed = stage;
  changed["url"] = "s3://lake/more/";
  changed["file_format"] = Value();
  changed.erase("file_format");
  changed["file_format_type"] = "JSON";
  changed["directory_enabled"] = false;
  changed["comment"] = "";
  Update(kStage, seen.attributes, changed);
  ExpectNoDiff(kStage, changed);
  EXPECT_EQ(Observe(kStage, changed).outputs["fully_qualified_name"], "\"RAW\".\"LANDING\".\"S1\"");

  Value internal = changed;
  internal["url"] = "";
  internal["storage_integration"] = "";
  auto refused = provider_->update(
      UpdateRequest{Address{kStage, "x"}, "", Observe(kStage, changed).attributes, internal, {}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cannot become internal"), std::string::npos);

  Delete(kStage, changed);
  EXPECT_FALSE(Observe(kStage, changed).exists);
  Delete(kStage, changed);
}

TEST_F(SnowflakeStageTest, InternalStageAdoptedAndHostileNames) {
  MakeSchema("raw", "landing");
  Sql("CREATE STAGE \"RAW\".\"LANDING\".\"BY_HAND\" COMMENT = 'old'");
  Value internal = {
      {"database", "raw"}, {"schema", "landing"}, {"name", "by_hand"}, {"comment", "managed"}};
  Create(kStage, internal);
  ExpectNoDiff(kStage, internal);
  for (const std::string name : {"\"; DROP STAGE x; --\"", "\"a\"\"b\"", "Ünïcødé 名前"}) {
    MakeSchema(name, name);
    Value s = {{"database", name}, {"schema", name}, {"name", name}, {"comment", "it's"}};
    Create(kStage, s);
    ExpectNoDiff(kStage, s);
    Delete(kStage, s);
    EXPECT_FALSE(Observe(kStage, s).exists) << name;
  }
  EXPECT_TRUE(Names("STAGES IN SCHEMA \"RAW\".\"LANDING\"").count("BY_HAND"));
}

}  // namespace
}  // namespace causeway::testing
