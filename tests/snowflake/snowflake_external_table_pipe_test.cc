// snowflake.external_table and snowflake.pipe against the sandbox, over an external stage whose
// integration's role trusts Snowflake: created, observed (one SHOW per kind and schema; columns
// with one SHOW COLUMNS), their notification_channel output present with auto refresh / ingest,
// a re-plan a no-op (expressions compared without whitespace; the location by stage and path),
// the changes Snowflake can ALTER made in place, the others forcing a replacement, deleted; an
// external table created while the role does not trust the integration yet (its trust is the
// deferred update of the same apply) waits for the trust instead of failing.
#include <gtest/gtest.h>

#include <functional>
#include <utility>

#include "tests/snowflake/snowflake_sandbox_provider.h"

namespace causeway::testing {
namespace {

class SnowflakeExternalTablePipeTest : public SnowflakeSandboxTest {
 protected:
  void SetUp() override {
    SnowflakeSandboxTest::SetUp();
    ASSERT_EQ(aws_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
    for (const char* key :
         {"/lake/trips/date=2025-11-15/a.parquet", "/lake/trips/date=2025-11-16/b.parquet"}) {
      ASSERT_EQ(aws_->Send("s3", "PUT", key, "", {}, "data").status, 200);
    }
    Value outputs =
        Create("snowflake.storage_integration",
               {{"name", "lake_int"},
                {"storage_aws_role_arn", "arn:aws:iam::123456789012:role/snowflake-lake"},
                {"storage_allowed_locations", {"s3://lake/"}}})
            .outputs;
    const std::string policy =
        Value{{"Version", "2012-10-17"},
              {"Statement",
               {{{"Effect", "Allow"},
                 {"Principal", {{"AWS", outputs["storage_aws_iam_user_arn"]}}},
                 {"Action", "sts:AssumeRole"},
                 {"Condition",
                  {{"StringEquals", {{"sts:ExternalId", outputs["storage_aws_external_id"]}}}}}}}}}
            .dump();
    ASSERT_EQ(aws_->Query("iam", "CreateRole",
                          {{"RoleName", "snowflake-lake"}, {"AssumeRolePolicyDocument", policy}})
                  .status,
              200);
    trust_policy_ = policy;
    MakeSchema("raw", "landing");
    Create("snowflake.stage", {{"database", "raw"},
                               {"schema", "landing"},
                               {"name", "lake"},
                               {"url", "s3://lake/"},
                               {"storage_integration", "lake_int"}});
    Create("snowflake.file_format",
           {{"database", "raw"}, {"schema", "landing"}, {"name", "pq"}, {"type", "PARQUET"}});
  }

  std::string trust_policy_;  // the role's policy trusting the integration
};

TEST_F(SnowflakeExternalTablePipeTest, ExternalTableLifecycle) {
  constexpr char kKind[] = "snowflake.external_table";
  Value ext = {
      {"database", "raw"},
      {"schema", "landing"},
      {"name", "trips_ext"},
      {"columns",
       {{{"name", "trip_id"}, {"type", "STRING"}, {"expression", "VALUE:trip_id::VARCHAR"}},
        {{"name", "date"},
         {"type", "DATE"},
         {"expression", "TO_DATE(SPLIT_PART(METADATA$FILENAME, '/', 2))"}}}},
      {"partition_by", {"date"}},
      {"location", "@raw.landing.lake/trips/"},
      {"file_format", "RAW.LANDING.PQ"},
      {"comment", "trips in S3"}};
  ResourceResult created = Create(kKind, ext);
  EXPECT_EQ(created.outputs.value("notification_channel", "").rfind("arn:aws:sqs:", 0), 0u)
      << created.outputs.dump();
  Observation seen = ExpectNoDiff(kKind, ext);
  EXPECT_EQ(seen.attributes["columns"].size(), 2u) << seen.attributes.dump();

  Value spaced = ext;
  spaced["columns"][1]["expression"] = "TO_DATE( SPLIT_PART(METADATA$FILENAME,'/', 2) )";
  ExpectNoDiff(kKind, spaced);
  Value elsewhere = ext;
  elsewhere["location"] = "@raw.landing.lake/other/";
  EXPECT_NE(Diff(kKind, elsewhere, seen), std::vector<std::string>{});
  const KindSchema& schema = Schema(kKind);
  EXPECT_TRUE(schema.Find("location")->force_new);
  EXPECT_TRUE(schema.Find("columns")->force_new);
  EXPECT_FALSE(schema.holds_data) << "its data stays in S3";

  Value manual = ext;
  manual["auto_refresh"] = false;
  ResourceResult updated = Update(kKind, seen.attributes, manual);
  EXPECT_EQ(updated.outputs.value("notification_channel", ""), "");
  ExpectNoDiff(kKind, manual);

  Delete(kKind, manual);
  EXPECT_FALSE(Observe(kKind, manual).exists);
  Delete(kKind, manual);
}

// A clock whose first sleep runs `on_first_sleep`: the test acts while the provider waits.
class ActingClock : public FakeClock {
 public:
  void SleepFor(std::chrono::milliseconds d) override {
    FakeClock::SleepFor(d);
    if (auto act = std::exchange(on_first_sleep, nullptr)) act();
  }
  std::function<void()> on_first_sleep;
};

TEST_F(SnowflakeExternalTablePipeTest, CreateWaitsForTheRoleToTrustTheIntegration) {
  const std::string untrusting =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  ASSERT_EQ(aws_->Query("iam", "UpdateAssumeRolePolicy",
                        {{"RoleName", "snowflake-lake"}, {"PolicyDocument", untrusting}})
                .status,
            200);
  ActingClock clock;
  snowflake::SnowflakeProviderOptions options;
  options.clock = &clock;
  options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  snowflake::SnowflakeProvider waiting(options);
  Value config = {{"endpoint", sandbox_.endpoint()}};
  for (const char* key : {"account", "user", "role", "warehouse", "private_key_file"}) {
    config[key] = credentials_[key];
  }
  ASSERT_TRUE(waiting.configure(config).ok());
  bool fixed = false;
  clock.on_first_sleep = [&] {
    // The deferred update of the role's trust lands while the create waits.
    fixed = aws_->Query("iam", "UpdateAssumeRolePolicy",
                        {{"RoleName", "snowflake-lake"}, {"PolicyDocument", trust_policy_}})
                .status == 200;
  };
  Value ext = {{"database", "raw"},
               {"schema", "landing"},
               {"name", "late_trust"},
               {"columns", {{{"name", "v"}, {"type", "VARIANT"}, {"expression", "VALUE"}}}},
               {"location", "@raw.landing.lake/trips/"},
               {"file_format", "RAW.LANDING.PQ"}};
  auto created = waiting.create(CreateRequest{Address{"snowflake.external_table", "x"}, ext});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(fixed) << "the provider waited (slept) before the trust was fixed";
  EXPECT_FALSE(clock.sleeps().empty());
}

TEST_F(SnowflakeExternalTablePipeTest, PipeLifecycle) {
  constexpr char kKind[] = "snowflake.pipe";
  Create("snowflake.table", {{"database", "raw"},
                             {"schema", "landing"},
                             {"name", "trips"},
                             {"columns", {{{"name", "v"}, {"type", "VARIANT"}}}}});
  Value pipe = {
      {"database", "raw"},
      {"schema", "landing"},
      {"name", "trips_pipe"},
      {"copy_statement",
       "COPY INTO \"RAW\".\"LANDING\".\"TRIPS\"\n  FROM @\"RAW\".\"LANDING\".\"LAKE\"/trips/"
       "\n  FILE_FORMAT = (FORMAT_NAME = '\"RAW\".\"LANDING\".\"PQ\"')"},
      {"auto_ingest", true},
      {"comment", "loads trips"}};
  ResourceResult created = Create(kKind, pipe);
  EXPECT_EQ(created.outputs.value("notification_channel", "").rfind("arn:aws:sqs:", 0), 0u);
  Observation seen = ExpectNoDiff(kKind, pipe);
  Value changed = pipe;
  changed["comment"] = "";
  Update(kKind, seen.attributes, changed);
  ExpectNoDiff(kKind, changed);
  EXPECT_TRUE(Schema(kKind).Find("copy_statement")->force_new);

  const AttributeSchema& copy = *Schema(kKind).Find("copy_statement");
  EXPECT_NE(CheckAttribute(kKind, copy, "COPY INTO t FROM @s; DROP TABLE t"), "");
  EXPECT_NE(CheckAttribute(kKind, copy, "COPY INTO t FROM @s -- x"), "");
  EXPECT_NE(CheckAttribute(kKind, copy, "DROP TABLE t"), "");

  Delete(kKind, changed);
  EXPECT_FALSE(Observe(kKind, changed).exists);
  Delete(kKind, changed);
}

}  // namespace
}  // namespace causeway::testing
