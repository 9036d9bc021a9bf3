// The IAM kinds aws.iam.role, aws.iam.role_policy and aws.iam.role_policy_attachment driven
// through AwsProvider exactly as the engine drives them, against the in-process sandbox: create ->
// observe returns the manifest's attributes (after normalisation, in bulk and per-resource mode)
// -> update -> delete; natural-key lookup with an empty id; adoption on create; delete of missing
// objects; the bootstrap trust policy; error paths with clear messages; list for import.
#include <gtest/gtest.h>

#include <chrono>

#include "providers/aws/policy_document.h"
#include "tests/aws/iam_test_fixture.h"

namespace causeway::testing {
namespace {

using IamKindsTest = IamKindsFixture;

TEST_F(IamKindsTest, SchemasDeclareTheContract) {
  ASSERT_TRUE(schemas_.count(kRole) && schemas_.count(kRolePolicy) && schemas_.count(kAttachment) &&
              schemas_.count(kPolicy));
  const KindSchema& role = schemas_.at(kRole);
  EXPECT_TRUE(role.Find("role_name")->required && role.Find("role_name")->force_new);
  EXPECT_TRUE(role.Find("path")->force_new);
  EXPECT_TRUE(role.Find("assume_role_policy")->updatable_after_create);
  EXPECT_TRUE(role.Find("arn")->computed && role.Find("role_id")->computed);
  EXPECT_EQ(*role.Find("max_session_duration")->default_value, 3600);
  EXPECT_TRUE(schemas_.at(kPolicy).Find("description")->force_new)
      << "IAM cannot change a managed policy's description";
}

TEST_F(IamKindsTest, RoleCreateObserveUpdateDelete) {
  Value manifest = {{"role_name", "crawler"},
                    {"assume_role_policy", GlueTrust()},
                    {"description", "Glue crawler"},
                    {"path", "/service/"},
                    {"tags", {{"team", "data"}}}};
  auto created = Create(kRole, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "crawler");
  EXPECT_EQ(created->outputs["arn"], "arn:aws:iam::123456789012:role/service/crawler");
  EXPECT_EQ(created->outputs["role_id"].get<std::string>().rfind("AROA", 0), 0u);

  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kRole, "crawler", manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_EQ(o.id, "crawler");
    EXPECT_TRUE(Drift(kRole, manifest, o.attributes).empty()) << o.attributes.dump();
    EXPECT_EQ(o.attributes["max_session_duration"], 3600);
    EXPECT_EQ(o.outputs, created->outputs);
  }

  Value changed = manifest;
  changed["assume_role_policy"]["Statement"][0]["Principal"] = {
      {"Service", "lakeformation.amazonaws.com"}};
  changed["description"] = "";
  changed["max_session_duration"] = 7200;
  changed["tags"] = {{"owner", "lake"}};
  Observation before = Observe(*bulk_, kRole, "crawler", manifest);
  std::vector<std::string> names = Drift(kRole, changed, before.attributes);
  EXPECT_EQ(names, (std::vector<std::string>{"assume_role_policy", "description",
                                             "max_session_duration", "tags"}));
  client_->Raw("POST", "/_sandbox/counts/reset");
  auto updated = bulk_->update(
      UpdateRequest{Address{kRole, "x"}, "crawler", before.attributes, changed, names});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->outputs, created->outputs);
  Value counts = client_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(counts["by_operation"]["iam:UpdateAssumeRolePolicy"], 1);
  EXPECT_EQ(counts["by_operation"]["iam:UpdateRole"], 1);
  EXPECT_EQ(counts["by_operation"]["iam:UntagRole"], 1);
  EXPECT_EQ(counts["by_operation"]["iam:TagRole"], 1);
  EXPECT_FALSE(counts["by_operation"].contains("iam:CreateRole"));

  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kRole, "crawler", changed);
    EXPECT_TRUE(Drift(kRole, changed, o.attributes).empty()) << o.attributes.dump();
    EXPECT_EQ(o.attributes["tags"], Value({{"owner", "lake"}}));
  }

  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kRole, "x"}, "crawler", changed}).ok());
  EXPECT_FALSE(Observe(*bulk_, kRole, "crawler", changed).exists);
  EXPECT_FALSE(Observe(*per_resource_, kRole, "crawler", changed).exists);
}

TEST_F(IamKindsTest, OnlyChangedAttributesAreSent) {
  Value manifest = {{"role_name", "r"}, {"assume_role_policy", GlueTrust()}};
  ASSERT_TRUE(Create(kRole, manifest).ok());
  Observation before = Observe(*bulk_, kRole, "r", manifest);
  Value changed = manifest;
  changed["tags"] = {{"a", "1"}};
  client_->Raw("POST", "/_sandbox/counts/reset");
  ASSERT_TRUE(
      bulk_->update(UpdateRequest{Address{kRole, "x"}, "r", before.attributes, changed, {"tags"}})
          .ok());
  Value ops = client_->Raw("GET", "/_sandbox/counts").Json()["by_operation"];
  EXPECT_EQ(ops["iam:TagRole"], 1);
  EXPECT_FALSE(ops.contains("iam:UntagRole")) << "no tag was removed";
  EXPECT_FALSE(ops.contains("iam:UpdateRole"));
  EXPECT_FALSE(ops.contains("iam:UpdateAssumeRolePolicy"));
}

TEST_F(IamKindsTest, TrustPolicyReferencingAPrincipalRoundTrips) {
  struct Case {
    std::string reason;
    Value trust;
  };
  std::vector<Case> cases = {
      {"role ARN principal with an external id condition",
       J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":)"
         R"("arn:aws:iam::123456789012:role/reader"},"Action":"sts:AssumeRole","Condition":)"
         R"({"StringEquals":{"sts:ExternalId":"snowflake-ext-1"}}}]})")},
      {"account principal written as an id, statement as an object, action in capitals",
       J(R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},)"
         R"("Action":"STS:AssumeRole"}})")},
      {"several principal types and lists",
       J(R"({"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":)"
         R"(["glue.amazonaws.com","lakeformation.amazonaws.com"],"AWS":["arn:aws:iam::123456789012:root"]},)"
         R"("Action":["sts:AssumeRole","sts:TagSession"]}]})")},
  };
  int n = 0;
  for (const auto& c : cases) {
    std::string name = "trust" + std::to_string(++n);
    Value manifest = {{"role_name", name}, {"assume_role_policy", c.trust}};
    auto created = Create(kRole, manifest);
    ASSERT_TRUE(created.ok()) << c.reason << ": " << created.status().ToString();
    for (auto* p : {bulk_.get(), per_resource_.get()}) {
      Observation o = Observe(*p, kRole, name, manifest);
      ASSERT_TRUE(o.exists) << c.reason;
      EXPECT_EQ(aws::NormalizePolicyDocument(o.attributes["assume_role_policy"]),
                aws::NormalizePolicyDocument(c.trust))
          << c.reason << "\n live: " << o.attributes["assume_role_policy"].dump();
      EXPECT_TRUE(Drift(kRole, manifest, o.attributes).empty()) << c.reason;
    }
  }
}

TEST_F(IamKindsTest, BootstrapTrustPolicyIsAcceptedThenReplaced) {
  const AttributeSchema* trust = schemas_.at(kRole).Find("assume_role_policy");
  ASSERT_FALSE(trust->bootstrap.is_null());
  Value boot = {{"role_name", "cyclic"}, {"assume_role_policy", trust->bootstrap}};
  auto created = Create(kRole, boot);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  // It trusts nobody: the sandbox's STS refuses to assume it.
  auto assume = client_->Query(
      "sts", "AssumeRole",
      {{"RoleArn", created->outputs["arn"].get<std::string>()}, {"RoleSessionName", "session"}});
  EXPECT_EQ(assume.status, 403) << assume.body;
  // The deferred update sets the real trust policy.
  Value real = boot;
  real["assume_role_policy"] = GlueTrust();
  Observation live = Observe(*bulk_, kRole, "cyclic", boot);
  auto updated = bulk_->update(
      UpdateRequest{Address{kRole, "x"}, "cyclic", live.attributes, real, {"assume_role_policy"}});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(Drift(kRole, real, Observe(*bulk_, kRole, "cyclic", real).attributes).empty());
}

TEST_F(IamKindsTest, NaturalKeyLookupWithEmptyId) {
  ASSERT_EQ(
      Iam("CreateRole", {{"RoleName", "found"}, {"AssumeRolePolicyDocument", GlueTrust().dump()}})
          .status,
      200);
  ASSERT_EQ(
      Iam("PutRolePolicy",
          {{"RoleName", "found"}, {"PolicyName", "read"}, {"PolicyDocument", ReadPolicy().dump()}})
          .status,
      200);
  const std::string s3_read = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
  ASSERT_EQ(Iam("AttachRolePolicy", {{"RoleName", "found"}, {"PolicyArn", s3_read}}).status, 200);
  struct Case {
    std::string reason, kind;
    Value attrs;
    bool exists;
    std::string id;
  };
  std::vector<Case> cases = {
      {"role by role_name", kRole, {{"role_name", "found"}}, true, "found"},
      {"role names are case-insensitive in IAM", kRole, {{"role_name", "FOUND"}}, true, "found"},
      {"missing role", kRole, {{"role_name", "nope"}}, false, ""},
      {"role whose name is not known yet", kRole, {{"role_name", UnknownValue()}}, false, ""},
      {"inline policy by role + policy_name",
       kRolePolicy,
       {{"role", "found"}, {"policy_name", "read"}},
       true,
       "found:read"},
      {"missing inline policy",
       kRolePolicy,
       {{"role", "found"}, {"policy_name", "write"}},
       false,
       ""},
      {"inline policy of a missing role",
       kRolePolicy,
       {{"role", "nope"}, {"policy_name", "read"}},
       false,
       ""},
      {"attachment by role + policy_arn",
       kAttachment,
       {{"role", "found"}, {"policy_arn", s3_read}},
       true,
       "found/" + s3_read},
      {"missing attachment",
       kAttachment,
       {{"role", "found"}, {"policy_arn", "arn:aws:iam::aws:policy/Other"}},
       false,
       ""},
      {"attachment of a missing role",
       kAttachment,
       {{"role", "nope"}, {"policy_arn", s3_read}},
       false,
       ""},
  };
  for (const auto& c : cases) {
    for (auto* p : {bulk_.get(), per_resource_.get()}) {
      Observation o = Observe(*p, c.kind, "", c.attrs);
      EXPECT_EQ(o.exists, c.exists)
          << c.reason << (p == bulk_.get() ? " (bulk)" : " (per-resource)");
      EXPECT_EQ(o.id, c.id) << c.reason;
    }
  }
}

TEST_F(IamKindsTest, CreateAdoptsAnExistingRoleAndConvergesIt) {
  ASSERT_EQ(Iam("CreateRole", {{"RoleName", "adopted"},
                               {"Description", "made by hand"},
                               {"AssumeRolePolicyDocument", GlueTrust().dump()}})
                .status,
            200);
  Value manifest = {{"role_name", "adopted"},
                    {"assume_role_policy", GlueTrust()},
                    {"description", "managed now"},
                    {"tags", {{"k", "v"}}}};
  auto r = Create(kRole, manifest);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "adopted");
  EXPECT_EQ(r->outputs["arn"], "arn:aws:iam::123456789012:role/adopted");
  Observation o = Observe(*bulk_, kRole, "adopted", manifest);
  EXPECT_TRUE(Drift(kRole, manifest, o.attributes).empty()) << o.attributes.dump();

  Value other_path = manifest;
  other_path["path"] = "/elsewhere/";
  auto conflict = Create(kRole, other_path);
  EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
  EXPECT_NE(conflict.status().message().find("already exists with path /"), std::string::npos)
      << conflict.status().message();
}

TEST_F(IamKindsTest, DeleteOfMissingObjectsSucceeds) {
  ASSERT_EQ(
      Iam("CreateRole", {{"RoleName", "bare"}, {"AssumeRolePolicyDocument", GlueTrust().dump()}})
          .status,
      200);
  struct Case {
    std::string reason, kind, id;
  };
  for (const auto& c : std::vector<Case>{
           {"role", kRole, "gone"},
           {"inline policy of a missing role", kRolePolicy, "gone:p"},
           {"missing inline policy of a role", kRolePolicy, "bare:p"},
           {"attachment of a missing role", kAttachment, "gone/arn:aws:iam::aws:policy/X"},
           {"missing attachment", kAttachment, "bare/arn:aws:iam::aws:policy/X"},
           {"managed policy", kPolicy, "arn:aws:iam::123456789012:policy/gone"},
       }) {
    Status s = bulk_->remove(DeleteRequest{Address{c.kind, "x"}, c.id, Value::object()});
    EXPECT_TRUE(s.ok()) << c.reason << ": " << s.ToString();
  }
}

TEST_F(IamKindsTest, DeletingARoleThatStillHasPoliciesIsAClearConflict) {
  Value role = {{"role_name", "busy"}, {"assume_role_policy", GlueTrust()}};
  ASSERT_TRUE(Create(kRole, role).ok());
  Value inline_policy = {{"role", "busy"}, {"policy_name", "read"}, {"policy", ReadPolicy()}};
  ASSERT_TRUE(Create(kRolePolicy, inline_policy).ok());
  Status s = bulk_->remove(DeleteRequest{Address{kRole, "x"}, "busy", role});
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("aws.iam.role busy"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("aws.iam.role_policy"), std::string::npos) << s.message();
  // In dependency order (policy first) the delete goes through.
  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kRolePolicy, "x"}, "busy:read", inline_policy}).ok());
  EXPECT_TRUE(bulk_->remove(DeleteRequest{Address{kRole, "x"}, "busy", role}).ok());
}

TEST_F(IamKindsTest, InlinePolicyLifecycle) {
  ASSERT_TRUE(Create(kRole, {{"role_name", "owner"}, {"assume_role_policy", GlueTrust()}}).ok());
  // Written the way people write it: a single statement object, strings, capitals.
  Value manifest = {
      {"role", "owner"},
      {"policy_name", "lake-read"},
      {"policy", J(R"({"Statement":{"Effect":"Allow","Action":["S3:GetObject","s3:ListBucket"],)"
                   R"("Resource":["arn:aws:s3:::lake","arn:aws:s3:::lake/*"]}})")}};
  auto created = Create(kRolePolicy, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "owner:lake-read");
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kRolePolicy, "owner:lake-read", manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(Drift(kRolePolicy, manifest, o.attributes).empty()) << o.attributes.dump();
  }
  Value changed = manifest;
  changed["policy"] = ReadPolicy();
  Observation before = Observe(*bulk_, kRolePolicy, "owner:lake-read", manifest);
  EXPECT_EQ(Drift(kRolePolicy, changed, before.attributes), std::vector<std::string>{"policy"});
  ASSERT_TRUE(
      bulk_
          ->update(UpdateRequest{
              Address{kRolePolicy, "x"}, "owner:lake-read", before.attributes, changed, {"policy"}})
          .ok());
  EXPECT_TRUE(Drift(kRolePolicy, changed,
                    Observe(*per_resource_, kRolePolicy, "owner:lake-read", changed).attributes)
                  .empty());
  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kRolePolicy, "x"}, "owner:lake-read", changed}).ok());
  EXPECT_FALSE(Observe(*bulk_, kRolePolicy, "owner:lake-read", changed).exists);
}

TEST_F(IamKindsTest, InlinePolicyOnAMissingRoleNamesTheRole) {
  auto r = Create(kRolePolicy, {{"role", "ghost"}, {"policy_name", "p"}, {"policy", ReadPolicy()}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("role ghost does not exist"), std::string::npos)
      << r.status().message();
}

TEST_F(IamKindsTest, MalformedPoliciesAreReportedWithTheObjectAndIamsMessage) {
  struct Case {
    std::string reason, kind;
    Value attrs;
    std::string expect;
  };
  std::vector<Case> cases = {
      {"trust policy without a principal",
       kRole,
       {{"role_name", "bad"},
        {"assume_role_policy",
         J(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]})")}},
       "aws.iam.role bad"},
      {"identity policy with a principal",
       kRolePolicy,
       {{"role", "ok"},
        {"policy_name", "p"},
        {"policy",
         J(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]})")}},
       "aws.iam.role_policy ok:p"},
      {"policy that is not a document",
       kRolePolicy,
       {{"role", "ok"}, {"policy_name", "p"}, {"policy", 42}},
       "must be a policy document"},
  };
  ASSERT_TRUE(Create(kRole, {{"role_name", "ok"}, {"assume_role_policy", GlueTrust()}}).ok());
  for (const auto& c : cases) {
    auto r = Create(c.kind, c.attrs);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos)
        << c.reason << ": " << r.status().message();
    if (c.attrs.value("policy", Value()) != 42) {  // not every case has a "policy"
      EXPECT_NE(r.status().message().find("MalformedPolicyDocument"), std::string::npos)
          << c.reason << ": " << r.status().message();
    }
  }
}

TEST_F(IamKindsTest, InvalidPrincipalRightAfterItsCreationIsRetriedAsPropagation) {
  // IAM refuses a trust policy naming a principal created moments ago with "Invalid principal";
  // the provider retries that (and only that) within the propagation timeout.
  client_->Raw("POST", "/_sandbox/faults",
               R"({"fail":[{"service":"iam","operation":"CreateRole","nth":1,"status":400,)"
               R"("code":"MalformedPolicyDocument","message":"Invalid principal in policy: )"
               R"(\"AWS\":\"arn:aws:iam::123456789012:role/new\"","times":1}]})");
  auto r = Create(kRole, {{"role_name", "late"}, {"assume_role_policy", GlueTrust()}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Value ops = client_->Raw("GET", "/_sandbox/counts").Json()["by_operation"];
  EXPECT_EQ(ops["iam:CreateRole"], 2);

  client_->Raw("POST", "/_sandbox/counts/reset", "");
  auto bad =
      Create(kRole, {{"role_name", "bad"},
                     {"assume_role_policy",
                      J(R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]})")}});
  EXPECT_FALSE(bad.ok());
  ops = client_->Raw("GET", "/_sandbox/counts").Json()["by_operation"];
  EXPECT_EQ(ops["iam:CreateRole"], 1) << "a malformed document is not a propagation delay";
}

TEST_F(IamKindsTest, ForceNewAttributesAreNotChangedInPlace) {
  Value manifest = {{"role_name", "fixed"}, {"assume_role_policy", GlueTrust()}};
  ASSERT_TRUE(Create(kRole, manifest).ok());
  Value moved = manifest;
  moved["path"] = "/new/";
  Observation live = Observe(*bulk_, kRole, "fixed", manifest);
  auto r =
      bulk_->update(UpdateRequest{Address{kRole, "x"}, "fixed", live.attributes, moved, {"path"}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("must be replaced"), std::string::npos);
}

TEST_F(IamKindsTest, AttachmentLifecycle) {
  ASSERT_TRUE(Create(kRole, {{"role_name", "att"}, {"assume_role_policy", GlueTrust()}}).ok());
  const std::string arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess";
  Value manifest = {{"role", "att"}, {"policy_arn", arn}};
  auto created = Create(kAttachment, manifest);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "att/" + arn);
  EXPECT_TRUE(Create(kAttachment, manifest).ok()) << "attaching twice adopts";
  for (auto* p : {bulk_.get(), per_resource_.get()}) {
    Observation o = Observe(*p, kAttachment, created->id, manifest);
    ASSERT_TRUE(o.exists);
    EXPECT_TRUE(Drift(kAttachment, manifest, o.attributes).empty()) << o.attributes.dump();
  }
  ASSERT_TRUE(bulk_->remove(DeleteRequest{Address{kAttachment, "x"}, created->id, manifest}).ok());
  EXPECT_FALSE(Observe(*per_resource_, kAttachment, created->id, manifest).exists);
  auto missing_policy = Create(
      kAttachment, {{"role", "att"}, {"policy_arn", "arn:aws:iam::123456789012:policy/none"}});
  EXPECT_FALSE(missing_policy.ok());
  EXPECT_NE(missing_policy.status().message().find("aws.iam.role_policy_attachment att/"),
            std::string::npos)
      << missing_policy.status().message();
}

TEST_F(IamKindsTest, ListFindsRolesInlinePoliciesAndAttachments) {
  ASSERT_TRUE(
      Create(kRole,
             {{"role_name", "svc.reader"}, {"path", "/svc/"}, {"assume_role_policy", GlueTrust()}})
          .ok());
  ASSERT_TRUE(Create(kRole, {{"role_name", "other"}, {"assume_role_policy", GlueTrust()}}).ok());
  ASSERT_TRUE(Create(kRolePolicy,
                     {{"role", "svc.reader"}, {"policy_name", "read"}, {"policy", ReadPolicy()}})
                  .ok());
  ASSERT_TRUE(
      Create(kAttachment, {{"role", "other"}, {"policy_arn", "arn:aws:iam::aws:policy/X"}}).ok());

  auto roles = bulk_->list(ListRequest{kRole, {{"path_prefix", "/svc/"}}});
  ASSERT_TRUE(roles.ok()) << roles.status().ToString();
  ASSERT_EQ(roles->size(), 1u);
  EXPECT_EQ((*roles)[0].id, "svc.reader");
  EXPECT_EQ((*roles)[0].address.name, "svc_reader") << "a valid resource name";
  EXPECT_EQ((*roles)[0].attributes["path"], "/svc/");
  auto all = bulk_->list(ListRequest{kRole, Value::object()});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);

  auto inline_policies = bulk_->list(ListRequest{kRolePolicy, Value::object()});
  ASSERT_TRUE(inline_policies.ok());
  ASSERT_EQ(inline_policies->size(), 1u);
  EXPECT_EQ((*inline_policies)[0].id, "svc.reader:read");
  EXPECT_TRUE(aws::PolicyDocumentsEqual((*inline_policies)[0].attributes["policy"], ReadPolicy()));

  auto attachments = bulk_->list(ListRequest{kAttachment, {{"role", "svc.reader"}}});
  ASSERT_TRUE(attachments.ok());
  EXPECT_TRUE(attachments->empty()) << "scoped to one role";
  attachments = bulk_->list(ListRequest{kAttachment, Value::object()});
  ASSERT_TRUE(attachments.ok());
  ASSERT_EQ(attachments->size(), 1u);
  EXPECT_EQ((*attachments)[0].id, "other/arn:aws:iam::aws:policy/X");
}

}  // namespace
}  // namespace causeway::testing
