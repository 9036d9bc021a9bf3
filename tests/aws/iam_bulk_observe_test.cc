// Bulk observe of the IAM kinds, counted through the sandbox's /_sandbox/counts: one paginated
// GetAccountAuthorizationDetails serves every IAM kind of a batch (plus ListRoles for the role
// fields it lacks and ListPolicyTags per managed policy), and reading 50 roles with inline
// policies takes far fewer requests in bulk than per resource, with identical observations.
#include <gtest/gtest.h>

#include "tests/aws/iam_test_fixture.h"

namespace causeway::testing {
namespace {

using IamBulkObserveTest = IamKindsFixture;

ObserveItem Item(const std::string& kind, const std::string& name, const std::string& id,
                 const Value& attrs) {
  return ObserveItem{Address{kind, name}, id, attrs};
}

TEST_F(IamBulkObserveTest, OneListingServesEveryIamKindInABatch) {
  std::vector<ObserveItem> items;
  for (int i = 0; i < 3; ++i) {
    std::string role = "role" + std::to_string(i);
    std::string policy = "managed" + std::to_string(i);
    Value r = {{"role_name", role}, {"assume_role_policy", GlueTrust()}};
    Value rp = {{"role", role}, {"policy_name", "inline"}, {"policy", ReadPolicy()}};
    Value mp = {
        {"policy_name", policy}, {"policy", ReadPolicy()}, {"tags", {{"i", std::to_string(i)}}}};
    ASSERT_TRUE(Create(kRole, r).ok());
    ASSERT_TRUE(Create(kRolePolicy, rp).ok());
    auto created = Create(kPolicy, mp);
    ASSERT_TRUE(created.ok());
    Value at = {{"role", role}, {"policy_arn", created->id}};
    ASSERT_TRUE(Create(kAttachment, at).ok());
    items.push_back(Item(kRole, role, role, r));
    items.push_back(Item(kRolePolicy, role + "_inline", role + ":inline", rp));
    items.push_back(Item(kPolicy, policy, "", mp));  // found by natural key
    items.push_back(Item(kAttachment, role + "_at", "", at));
  }
  items.push_back(Item(kRole, "missing", "missing", {{"role_name", "missing"}}));

  ResetCounts();
  auto obs = bulk_->observe(items);
  ASSERT_TRUE(obs.ok()) << obs.status().ToString();
  Value counts = Counts();
  EXPECT_EQ(counts["by_operation"]["iam:GetAccountAuthorizationDetails"], 1) << counts.dump();
  EXPECT_EQ(counts["by_operation"]["iam:ListRoles"], 1) << "RoleDetail lacks description/session";
  EXPECT_EQ(counts["by_operation"]["iam:ListPolicyTags"], 3) << "no listing returns policy tags";
  EXPECT_EQ(counts["total"], 5) << counts.dump();
  EXPECT_EQ(counts["mutating"], 0) << "observe never mutates";

  ASSERT_EQ(obs->size(), items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const Observation& o = (*obs)[i];
    EXPECT_EQ(o.address, items[i].address);
    if (items[i].address.name == "missing") {
      EXPECT_FALSE(o.exists);
      continue;
    }
    ASSERT_TRUE(o.exists) << items[i].address.str();
    EXPECT_TRUE(Drift(items[i].address.kind, items[i].attributes, o.attributes).empty())
        << items[i].address.str() << ": " << o.attributes.dump();
  }
  // Per-resource mode sees the same objects.
  auto one_by_one = per_resource_->observe(items);
  ASSERT_TRUE(one_by_one.ok()) << one_by_one.status().ToString();
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*one_by_one)[i].exists, (*obs)[i].exists) << items[i].address.str();
    EXPECT_EQ((*one_by_one)[i].id, (*obs)[i].id) << items[i].address.str();
    EXPECT_EQ((*one_by_one)[i].attributes, (*obs)[i].attributes) << items[i].address.str();
    EXPECT_EQ((*one_by_one)[i].outputs, (*obs)[i].outputs) << items[i].address.str();
  }
}

TEST_F(IamBulkObserveTest, ABatchReadsOnlyWhatItsKindsNeed) {
  auto created = Create(kPolicy, {{"policy_name", "p"}, {"policy", ReadPolicy()}});
  ASSERT_TRUE(created.ok());
  ResetCounts();
  auto obs = bulk_->observe({Item(kPolicy, "p", created->id, Value::object())});
  ASSERT_TRUE(obs.ok());
  EXPECT_TRUE((*obs)[0].exists);
  Value ops = Counts()["by_operation"];
  EXPECT_EQ(ops["iam:GetAccountAuthorizationDetails"], 1);
  EXPECT_FALSE(ops.contains("iam:ListRoles")) << "no role in the batch";
  // A second observe() is a new batch: it reads again (no stale cache across calls).
  ASSERT_EQ(Iam("DeletePolicy", {{"PolicyArn", created->id}}).status, 200);
  obs = bulk_->observe({Item(kPolicy, "p", created->id, Value::object())});
  ASSERT_TRUE(obs.ok());
  EXPECT_FALSE((*obs)[0].exists) << "deleted out of band";
}

TEST_F(IamBulkObserveTest, FiftyRolesWithInlinePoliciesBulkVersusPerResource) {
  constexpr int kRoles = 50;
  std::vector<ObserveItem> items;
  for (int i = 0; i < kRoles; ++i) {
    std::string role = "etl-" + std::to_string(i);
    ASSERT_EQ(Iam("CreateRole", {{"RoleName", role},
                                 {"Description", "role " + std::to_string(i)},
                                 {"AssumeRolePolicyDocument", GlueTrust().dump()}})
                  .status,
              200);
    ASSERT_EQ(
        Iam("PutRolePolicy",
            {{"RoleName", role}, {"PolicyName", "read"}, {"PolicyDocument", ReadPolicy().dump()}})
            .status,
        200);
    items.push_back(Item(kRole, "r" + std::to_string(i), role, Value::object()));
    items.push_back(Item(kRolePolicy, "p" + std::to_string(i), role + ":read", Value::object()));
  }
  ResetCounts();
  auto bulk = bulk_->observe(items);
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  int bulk_requests = Counts()["total"].get<int>();
  ResetCounts();
  auto per_resource = per_resource_->observe(items);
  ASSERT_TRUE(per_resource.ok()) << per_resource.status().ToString();
  Value counts = Counts();
  int per_resource_requests = counts["total"].get<int>();

  EXPECT_LE(bulk_requests, 2) << "one GetAccountAuthorizationDetails page + one ListRoles page";
  EXPECT_EQ(per_resource_requests, 2 * kRoles) << counts.dump();
  EXPECT_EQ(counts["by_operation"]["iam:GetRole"], kRoles);
  EXPECT_EQ(counts["by_operation"]["iam:GetRolePolicy"], kRoles);
  EXPECT_GE(per_resource_requests, 20 * bulk_requests);
  for (size_t i = 0; i < items.size(); ++i) {
    ASSERT_TRUE((*bulk)[i].exists) << items[i].address.str();
    EXPECT_EQ((*bulk)[i].attributes, (*per_resource)[i].attributes) << items[i].address.str();
    EXPECT_EQ((*bulk)[i].outputs, (*per_resource)[i].outputs) << items[i].address.str();
  }
  EXPECT_EQ((*bulk)[0].attributes["description"], "role 0");
}

}  // namespace
}  // namespace causeway::testing
