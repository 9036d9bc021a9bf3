// snowflake.storage_integration against the sandbox: created (adopting one made by hand),
// observed with one SHOW INTEGRATIONS and a DESC per integration, its IAM user and external id
// given as outputs, locations / role / comment / enabled changed by ALTER without a new external
// id, deleted (a missing one too); the plan refuses to delete or replace it without the opt-in
// and says why; a re-plan after each apply is a no-op; hostile names round-trip.
#include <gtest/gtest.h>

#include "reconciler/plan/safety.h"
#include "tests/snowflake/snowflake_sandbox_provider.h"

namespace causeway::testing {
namespace {

constexpr char kKind[] = "snowflake.storage_integration";

Value Integration(const std::string& name) {
  return {{"name", name},
          {"storage_aws_role_arn", "arn:aws:iam::123456789012:role/snowflake-lake"},
          {"storage_allowed_locations", {"s3://lake/trips/"}},
          {"comment", "lake access"}};
}

class SnowflakeStorageIntegrationTest : public SnowflakeSandboxTest {};

TEST_F(SnowflakeStorageIntegrationTest, CreateObserveAlterDelete) {
  Value i = Integration("lake_int");
  ResourceResult created = Create(kKind, i);
  EXPECT_EQ(created.id, "LAKE_INT");
  const std::string user = created.outputs.value("storage_aws_iam_user_arn", "");
  const std::string id = created.outputs.value("storage_aws_external_id", "");
  EXPECT_EQ(user.rfind("arn:aws:iam::", 0), 0u) << created.outputs.dump();
  EXPECT_EQ(id.rfind("SANDBOX_SFCRole=2_", 0), 0u) << created.outputs.dump();
  Observation seen = ExpectNoDiff(kKind, i);
  EXPECT_EQ(seen.outputs["storage_aws_iam_user_arn"], user);
  EXPECT_EQ(seen.outputs["storage_aws_external_id"], id);
  EXPECT_EQ(seen.attributes["storage_aws_external_id"], id) << "kept for references to read";

  Value changed = i;
  changed["storage_allowed_locations"] = {"s3://lake/trips/", "s3://lake/other/"};
  changed["storage_blocked_locations"] = {"s3://lake/other/secret/"};
  changed["storage_aws_role_arn"] = "arn:aws:iam::123456789012:role/snowflake-lake-2";
  changed["enabled"] = false;
  changed["comment"] = "";
  ResourceResult updated = Update(kKind, seen.attributes, changed);
  EXPECT_EQ(updated.outputs["storage_aws_external_id"], id) << "ALTER keeps the external id";
  ExpectNoDiff(kKind, changed);
  Value back = changed;
  back["storage_blocked_locations"] = Value::array();
  back["enabled"] = true;
  Update(kKind, changed, back);
  ExpectNoDiff(kKind, back);

  Delete(kKind, back);
  EXPECT_FALSE(Observe(kKind, back).exists);
  EXPECT_FALSE(Names("INTEGRATIONS").count("LAKE_INT"));
  Delete(kKind, back);  // a missing integration's delete succeeds
}

TEST_F(SnowflakeStorageIntegrationTest, FixedExternalIdIsKeptAndAdoptionAltersToTheManifest) {
  Sql("CREATE STORAGE INTEGRATION \"BY_HAND\" TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' "
      "ENABLED = FALSE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/old' "
      "STORAGE_ALLOWED_LOCATIONS = ('s3://old/')");
  Value i = Integration("by_hand");
  i["storage_aws_external_id"] = "acme-fixed-id";
  ResourceResult r = Create(kKind, i);
  EXPECT_EQ(r.outputs["storage_aws_external_id"], "acme-fixed-id");
  ExpectNoDiff(kKind, i);
}

TEST_F(SnowflakeStorageIntegrationTest, PlanRefusesToReplaceItAndSaysWhy) {
  const KindSchema& schema = Schema(kKind);
  EXPECT_TRUE(schema.holds_data);
  EXPECT_NE(schema.description.find("external id"), std::string::npos);
  const AttributeSchema* name = schema.Find("name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->force_new);
  Change replace;
  replace.address = Address{kKind, "share"};
  replace.action = Action::kReplace;
  replace.replace_reasons = {"name"};
  Lifecycle lifecycle;
  std::string refusal = CheckDestroy(&replace, &schema, &lifecycle, {}, false);
  EXPECT_NE(refusal.find("new external id"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("trust polic"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("allow_destroy"), std::string::npos) << refusal;
  lifecycle.allow_destroy = true;
  EXPECT_EQ(CheckDestroy(&replace, &schema, &lifecycle, {}, false), "");
}

TEST_F(SnowflakeStorageIntegrationTest, ValuesAreCheckedAtValidate) {
  const KindSchema& schema = Schema(kKind);
  EXPECT_NE(
      CheckAttribute(kKind, *schema.Find("storage_allowed_locations"), Value::array({"https://x"})),
      "");
  EXPECT_NE(CheckAttribute(kKind, *schema.Find("storage_allowed_locations"), Value::array()), "");
  EXPECT_NE(CheckAttribute(kKind, *schema.Find("storage_aws_role_arn"), "role/x"), "");
  EXPECT_EQ(
      CheckAttribute(kKind, *schema.Find("storage_allowed_locations"), Value::array({"s3://b/p/"})),
      "");
}

TEST_F(SnowflakeStorageIntegrationTest, HostileNamesRoundTrip) {
  for (const std::string name : {"\"; DROP INTEGRATION x; --\"", "\"a\"\"b\"", "Ünïcødé 名前"}) {
    Value i = Integration(name);
    i["comment"] = "'; DROP INTEGRATION X; --";
    Create(kKind, i);
    ExpectNoDiff(kKind, i);
    Delete(kKind, i);
    EXPECT_FALSE(Observe(kKind, i).exists) << name;
  }
}

}  // namespace
}  // namespace causeway::testing
