// aws.athena.workgroup end to end: the AWS provider against the in-process sandbox. Create ->
// observe returns the manifest's attributes -> out-of-band change is drift -> update sends only
// what changed -> delete; defaults, adoption, natural-key lookup, bulk-observe request counts,
// validation errors and import listing.
#include <gtest/gtest.h>

#include "providers/aws/aws_provider.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kKind[] = "aws.athena.workgroup";

class AthenaKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    provider_ = MakeProvider("bulk");
    for (auto& s : provider_->schemas()) {
      if (s.kind == kKind) schema_ = s;
    }
    ASSERT_EQ(schema_.kind, kKind);
  }

  std::unique_ptr<aws::AwsProvider> MakeProvider(const std::string& mode) {
    return NewSandboxAwsProvider(&fixture_, {{"refresh_mode", mode}});
  }

  ::testing::AssertionResult Matches(const Value& desired, const Value& live) {
    return NoDrift(schema_, desired, live);
  }

  Observation Observe(const std::string& id, const Value& attributes) {
    return ObserveOne(*provider_, kKind, id, attributes);
  }
  SandboxReply Athena(const std::string& op, const Value& body) {
    return client_->Json("athena", "AmazonAthena." + op, body);
  }
  void ResetCounts() { ASSERT_EQ(client_->Raw("POST", "/_sandbox/counts/reset").status, 200); }
  int64_t Count(const std::string& op) {
    Value c = client_->Raw("GET", "/_sandbox/counts").Json();
    return c["by_operation"].value("athena:" + op, int64_t{0});
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> provider_;
  KindSchema schema_;
};

TEST_F(AthenaKindsTest, Lifecycle) {
  Address addr{kKind, "analytics"};
  Value desired = {{"name", "analytics"},
                   {"description", "BI"},
                   {"state", "disabled"},
                   {"output_location", "s3://results/athena/"},
                   {"enforce_workgroup_configuration", false},
                   {"bytes_scanned_cutoff_per_query", 10000000000}};
  auto created = provider_->create({addr, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "analytics");
  EXPECT_EQ(created->outputs["arn"], "arn:aws:athena:us-east-1:123456789012:workgroup/analytics");
  EXPECT_EQ(Count("UpdateWorkGroup"), 1) << "create cannot set the state";

  Observation o = Observe("analytics", desired);
  ASSERT_TRUE(o.exists);
  EXPECT_TRUE(Matches(desired, o.attributes)) << o.attributes.dump();
  EXPECT_EQ(o.attributes["state"], "DISABLED");
  EXPECT_EQ(o.outputs["arn"], "arn:aws:athena:us-east-1:123456789012:workgroup/analytics");

  // Out of band: someone re-enables it and changes the output location.
  ASSERT_EQ(Athena("UpdateWorkGroup",
                   {{"WorkGroup", "analytics"},
                    {"State", "ENABLED"},
                    {"ConfigurationUpdates",
                     {{"ResultConfigurationUpdates", {{"OutputLocation", "s3://elsewhere/"}}}}}})
                .status,
            200);
  o = Observe("analytics", desired);
  EXPECT_FALSE(Matches(desired, o.attributes));

  ResetCounts();
  auto fixed =
      provider_->update({addr, "analytics", o.attributes, desired, {"state", "output_location"}});
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_EQ(Count("UpdateWorkGroup"), 1);
  EXPECT_TRUE(Matches(desired, Observe("analytics", desired).attributes));

  // Remove the cutoff and the output location, change the description.
  Value changed = desired;
  changed.erase("bytes_scanned_cutoff_per_query");
  changed["output_location"] = "";
  changed["description"] = "changed";
  auto up =
      provider_->update({addr,
                         "analytics",
                         desired,
                         changed,
                         {"bytes_scanned_cutoff_per_query", "output_location", "description"}});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  o = Observe("analytics", changed);
  EXPECT_TRUE(Matches(changed, o.attributes)) << o.attributes.dump();
  EXPECT_TRUE(o.attributes["bytes_scanned_cutoff_per_query"].is_null());

  ASSERT_TRUE(provider_->remove({addr, "analytics", changed}).ok());
  EXPECT_FALSE(Observe("analytics", changed).exists);
  Status again = provider_->remove({addr, "analytics", changed});
  EXPECT_TRUE(again.ok()) << "delete of a missing workgroup succeeds: " << again.ToString();
}

TEST_F(AthenaKindsTest, DefaultsObserveAsNoOp) {
  Value desired = {{"name", "plain"}};
  auto created = provider_->create({Address{kKind, "plain"}, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(Count("UpdateWorkGroup"), 0);
  Observation o = Observe("", desired);  // natural key: name
  ASSERT_TRUE(o.exists);
  EXPECT_TRUE(Matches(desired, o.attributes)) << o.attributes.dump();
  EXPECT_EQ(o.attributes["enforce_workgroup_configuration"], true);
  EXPECT_EQ(o.attributes["publish_cloudwatch_metrics"], true);
  EXPECT_EQ(o.attributes["force_destroy"], false);
}

TEST_F(AthenaKindsTest, CreateAdoptsExistingWorkgroup) {
  ASSERT_EQ(Athena("CreateWorkGroup", {{"Name", "etl"}, {"Description", "old"}}).status, 200);
  Value desired = {{"name", "etl"}, {"description", "new"}, {"publish_cloudwatch_metrics", false}};
  auto created = provider_->create({Address{kKind, "etl"}, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "etl");
  EXPECT_TRUE(Matches(desired, Observe("etl", desired).attributes));
}

TEST_F(AthenaKindsTest, BulkObserveListsOnceAndGetsOnlyPresentOnes) {
  std::vector<ObserveItem> items;
  for (int i = 0; i < 15; ++i) {
    std::string name = "wg" + std::to_string(i);
    Value desired = {{"name", name}, {"description", "n" + std::to_string(i)}};
    if (i < 12) {
      ASSERT_TRUE(provider_->create({Address{kKind, name}, desired}).ok());
    }
    items.push_back({Address{kKind, name}, "", desired});
  }
  ResetCounts();
  auto obs = provider_->observe(items);
  ASSERT_TRUE(obs.ok()) << obs.status().ToString();
  for (int i = 0; i < 15; ++i) {
    EXPECT_EQ((*obs)[i].exists, i < 12) << i;
    if (i < 12) {
      EXPECT_TRUE(Matches(items[i].attributes, (*obs)[i].attributes)) << i;
    }
  }
  EXPECT_EQ(Count("ListWorkGroups"), 1);
  EXPECT_EQ(Count("GetWorkGroup"), 12) << "configuration is only in GetWorkGroup";
}

// The workgroup's rules are schema checks: validate runs them on literal values and apply on
// resolved ones before calling the provider (ApplierTest.ValueFromAReferenceIsChecked...).
TEST_F(AthenaKindsTest, ValidationRulesAreSchemaChecks) {
  struct Case {
    std::string reason;
    std::string attribute;
    Value value;
  } cases[] = {
      {"cutoff below Athena's minimum", "bytes_scanned_cutoff_per_query", 5},
      {"unknown state", "state", "PAUSED"},
      {"output location not on S3", "output_location", "/tmp/out"},
  };
  for (const auto& c : cases) {
    const AttributeSchema* a = schema_.Find(c.attribute);
    ASSERT_NE(a, nullptr) << c.reason;
    EXPECT_EQ(CheckAttribute(kKind, *a, c.value)
                  .rfind("invalid value for attribute '" + c.attribute + "' of " + kKind, 0),
              0u)
        << c.reason;
  }
  // A natural key still unknown at plan time: not found rather than an error.
  auto pending = provider_->observe({{Address{kKind, "p"}, "", {{"name", UnknownValue()}}}});
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_FALSE((*pending)[0].exists);
  // Athena's own refusal comes back with its message.
  auto r = provider_->create({Address{kKind, "bad"}, {{"name", "has space"}}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("InvalidRequestException"), std::string::npos)
      << r.status().message();
}

TEST_F(AthenaKindsTest, ListForImportSkipsPrimary) {
  ASSERT_TRUE(provider_->create({Address{kKind, "a"}, {{"name", "a"}}}).ok());
  ASSERT_TRUE(provider_->create({Address{kKind, "b"}, {{"name", "b"}, {"description", "B"}}}).ok());
  auto all = provider_->list({kKind, Value::object()});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "a");
  EXPECT_EQ((*all)[1].attributes["description"], "B");
}

}  // namespace
}  // namespace causeway::testing
