// aws.iam.policy (customer managed policies) through AwsProvider against the sandbox: lifecycle
// with versions (never more than IAM's 5; the oldest non-default goes first), tags, natural-key
// lookup by name + path, adoption, force-new description, delete with versions, a policy still
// attached, and list.
#include <gtest/gtest.h>

#include "providers/aws/policy_document.h"
#include "tests/aws/iam_test_fixture.h"

namespace causeway::testing {
namespace {

using IamPolicyKindTest = IamKindsFixture;

constexpr char kArn[] = "arn:aws:iam::123456789012:policy/team/lake-read";

Value PolicyVersion(int n) {
  Value p = ReadPolicy();
  p["Statement"][0]["Resource"] = "arn:aws:s3:::lake/v" + std::to_string(n) + "/*";
  return p;
}

TEST_F(IamPolicyKindTest, LifecycleKeepsAtMostFiveVersions) {
  Value manifest = {{"policy_name", "lake-read"},
                    {"path", "/team/"},
                    {"description", "read the lake"},
                    {"policy", ReadPolicy()},
                    {"tags", {{"team", "data"}}}};
  auto created = Create(kPolicy, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, kArn);
  EXPECT_EQ(created->outputs["arn"], kArn);
  EXPECT_EQ(created->outputs["default_version_id"], "v1");
  EXPECT_EQ(created->outputs["policy_id"].get<std::string>().rfind("ANPA", 0), 0u);
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kPolicy, kArn, manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(Drift(kPolicy, manifest, o.attributes).empty()) << o.attributes.dump();
    EXPECT_EQ(o.outputs, created->outputs);
  }

  Value current = manifest;
  for (int n = 2; n <= 8; ++n) {
    Value next = current;
    next["policy"] = PolicyVersion(n);
    Observation live = Observe(*bulk_, kPolicy, kArn, current);
    ASSERT_EQ(Drift(kPolicy, next, live.attributes), std::vector<std::string>{"policy"});
    auto u = bulk_->update(
        UpdateRequest{Address{kPolicy, "x"}, kArn, live.attributes, next, {"policy"}});
    ASSERT_TRUE(u.ok()) << "version " << n << ": " << u.status().ToString();
    EXPECT_EQ(u->outputs["default_version_id"], "v" + std::to_string(n));
    current = next;
  }
  Value dump = client_->Raw("GET", "/_sandbox/dump?service=iam").Json();
  Value versions = dump["iam"].contains("policies") ? dump["iam"]["policies"][kArn]["Versions"]
                                                    : dump["policies"][kArn]["Versions"];
  ASSERT_EQ(versions.size(), 5u) << dump.dump();
  EXPECT_EQ(versions[0]["VersionId"], "v4") << "the oldest versions were deleted first";
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kPolicy, kArn, current);
    EXPECT_TRUE(Drift(kPolicy, current, o.attributes).empty()) << o.attributes.dump();
    EXPECT_EQ(o.outputs["default_version_id"], "v8");
  }

  // Tags: one removed, one changed, one added.
  Value retagged = current;
  retagged["tags"] = {{"owner", "lake"}};
  Observation live = Observe(*bulk_, kPolicy, kArn, current);
  ResetCounts();
  ASSERT_TRUE(
      bulk_->update(UpdateRequest{Address{kPolicy, "x"}, kArn, live.attributes, retagged, {"tags"}})
          .ok());
  Value ops = Counts()["by_operation"];
  EXPECT_EQ(ops["iam:UntagPolicy"], 1);
  EXPECT_EQ(ops["iam:TagPolicy"], 1);
  EXPECT_FALSE(ops.contains("iam:CreatePolicyVersion"));
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    EXPECT_EQ(Observe(*p, kPolicy, kArn, retagged).attributes["tags"], retagged["tags"]);
  }

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kPolicy, "x"}, kArn, retagged}).ok())
      << "non-default versions are deleted first";
  EXPECT_FALSE(Observe(*bulk_, kPolicy, kArn, retagged).exists);
  EXPECT_FALSE(Observe(*per_resource_, kPolicy, kArn, retagged).exists);
}

TEST_F(IamPolicyKindTest, NaturalKeyIsNameAndPath) {
  ASSERT_TRUE(
      Create(kPolicy, {{"policy_name", "lake-read"}, {"path", "/team/"}, {"policy", ReadPolicy()}})
          .ok());
  struct Case {
    std::string reason;
    Value attrs;
    bool exists;
  };
  for (const auto& c : std::vector<Case>{
           {"name and path", {{"policy_name", "lake-read"}, {"path", "/team/"}}, true},
           {"default path is /", {{"policy_name", "lake-read"}}, false},
           {"other path", {{"policy_name", "lake-read"}, {"path", "/x/"}}, false},
           {"other name", {{"policy_name", "lake-write"}, {"path", "/team/"}}, false},
       }) {
    for (auto* p : {bulk_.get(), per_resource_.get()}) {
      Observation o = Observe(*p, kPolicy, "", c.attrs);
      EXPECT_EQ(o.exists, c.exists) << c.reason;
      if (c.exists) {
        EXPECT_EQ(o.id, kArn) << c.reason;
      }
    }
  }
}

TEST_F(IamPolicyKindTest, CreateAdoptsAndConvergesAnExistingPolicy) {
  ASSERT_EQ(Iam("CreatePolicy", {{"PolicyName", "lake-read"},
                                 {"Path", "/team/"},
                                 {"PolicyDocument", PolicyVersion(1).dump()}})
                .status,
            200);
  Value manifest = {{"policy_name", "lake-read"},
                    {"path", "/team/"},
                    {"policy", ReadPolicy()},
                    {"tags", {{"k", "v"}}}};
  auto r = Create(kPolicy, manifest);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, kArn);
  EXPECT_EQ(r->outputs["default_version_id"], "v2");
  EXPECT_TRUE(
      Drift(kPolicy, manifest, Observe(*bulk_, kPolicy, kArn, manifest).attributes).empty());

  Value elsewhere = manifest;
  elsewhere["path"] = "/other/";
  auto conflict = Create(kPolicy, elsewhere);
  EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
  EXPECT_NE(conflict.status().message().find("under another path"), std::string::npos)
      << conflict.status().message();
}

TEST_F(IamPolicyKindTest, DescriptionCannotChangeInPlace) {
  Value manifest = {{"policy_name", "p"}, {"policy", ReadPolicy()}};
  auto created = Create(kPolicy, manifest);
  ASSERT_TRUE(created.ok());
  Value changed = manifest;
  changed["description"] = "new";
  Observation live = Observe(*bulk_, kPolicy, created->id, manifest);
  EXPECT_EQ(Drift(kPolicy, changed, live.attributes), std::vector<std::string>{"description"});
  auto r = bulk_->update(
      UpdateRequest{Address{kPolicy, "x"}, created->id, live.attributes, changed, {"description"}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(IamPolicyKindTest, DeletingAnAttachedPolicyIsAClearConflict) {
  ASSERT_TRUE(Create(kRole, {{"role_name", "r"}, {"assume_role_policy", GlueTrust()}}).ok());
  auto policy = Create(kPolicy, {{"policy_name", "p"}, {"policy", ReadPolicy()}});
  ASSERT_TRUE(policy.ok());
  ASSERT_TRUE(Create(kAttachment, {{"role", "r"}, {"policy_arn", policy->id}}).ok());
  Status s = bulk_->remove(DeleteRequest{Address{kPolicy, "x"}, policy->id, Value::object()});
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("still attached"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("aws.iam.role_policy_attachment"), std::string::npos) << s.message();
  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kAttachment, "x"}, "r/" + policy->id, Value::object()})
          .ok());
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kPolicy, "x"}, policy->id, Value::object()}).ok());
}

TEST_F(IamPolicyKindTest, ListByPathPrefix) {
  ASSERT_TRUE(Create(kPolicy, {{"policy_name", "a"},
                               {"path", "/team/"},
                               {"policy", ReadPolicy()},
                               {"tags", {{"t", "1"}}}})
                  .ok());
  ASSERT_TRUE(Create(kPolicy, {{"policy_name", "b"}, {"policy", ReadPolicy()}}).ok());
  auto team = bulk_->list(ListRequest{kPolicy, {{"path_prefix", "/team/"}}});
  ASSERT_TRUE(team.ok()) << team.status().ToString();
  ASSERT_EQ(team->size(), 1u);
  EXPECT_EQ((*team)[0].id, "arn:aws:iam::123456789012:policy/team/a");
  EXPECT_EQ((*team)[0].attributes["tags"], Value({{"t", "1"}}));
  auto all = bulk_->list(ListRequest{kPolicy, Value::object()});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

}  // namespace
}  // namespace causeway::testing
