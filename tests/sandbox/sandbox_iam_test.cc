// The IAM emulator over HTTP: role lifecycle, tags, inline and managed policies, attachments,
// GetAccountAuthorizationDetails, pagination and IAM's error codes.
#include <gtest/gtest.h>

#include "sandbox/core/url_encoding.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr char kPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::lake/*"}]})";

using Params = std::vector<std::pair<std::string, std::string>>;

class SandboxIamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& action, const Params& params = {}) {
    return client_->Query("iam", action, params);
  }
  void MustCall(const std::string& action, const Params& params = {}) {
    auto r = Call(action, params);
    ASSERT_EQ(r.status, 200) << action << ": " << r.body;
  }
  void CreateRole(const std::string& name, const std::string& path = "/") {
    MustCall("CreateRole",
             {{"RoleName", name}, {"Path", path}, {"AssumeRolePolicyDocument", kTrust}});
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(SandboxIamTest, CreateRoleReturnsModelShape) {
  auto r = Call("CreateRole", {{"RoleName", "crawler"},
                               {"Path", "/service/"},
                               {"Description", "Glue crawler"},
                               {"MaxSessionDuration", "7200"},
                               {"AssumeRolePolicyDocument", kTrust},
                               {"Tags.member.1.Key", "team"},
                               {"Tags.member.1.Value", "data"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/xml");
  EXPECT_NE(r.body.find("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        "<CreateRoleResult><Role>"),
            std::string::npos)
      << r.body;
  EXPECT_FALSE(XmlText(r.body, "RequestId").empty());
  EXPECT_EQ(XmlText(r.body, "Arn"), "arn:aws:iam::123456789012:role/service/crawler");
  EXPECT_EQ(XmlText(r.body, "RoleId").rfind("AROA", 0), 0u);
  EXPECT_EQ(XmlText(r.body, "RoleId").size(), 21u);
  EXPECT_EQ(XmlText(r.body, "Path"), "/service/");
  EXPECT_EQ(XmlText(r.body, "MaxSessionDuration"), "7200");
  EXPECT_EQ(XmlText(r.body, "Key"), "team");
  std::string date = XmlText(r.body, "CreateDate");
  EXPECT_EQ(date.size(), 20u) << date;
  EXPECT_EQ(date[10], 'T');
  // The trust policy comes back URL-encoded, as IAM sends it.
  std::string doc = XmlText(r.body, "AssumeRolePolicyDocument");
  EXPECT_EQ(doc.rfind("%7B%22Version%22", 0), 0u) << doc;
  EXPECT_EQ(sandbox::UrlDecode(doc), kTrust);
}

TEST_F(SandboxIamTest, RoleErrors) {
  CreateRole("exists");
  struct Case {
    std::string reason;
    std::string action;
    Params params;
    int status;
    std::string code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"duplicate names conflict",
       "CreateRole",
       {{"RoleName", "exists"}, {"AssumeRolePolicyDocument", kTrust}},
       409,
       "EntityAlreadyExists",
       "Role with name exists already exists."},
      {"names are unique case-insensitively",
       "CreateRole",
       {{"RoleName", "EXISTS"}, {"AssumeRolePolicyDocument", kTrust}},
       409,
       "EntityAlreadyExists",
       "Role with name EXISTS already exists."},
      {"missing role",
       "GetRole",
       {{"RoleName", "ghost"}},
       404,
       "NoSuchEntity",
       "The role with name ghost cannot be found."},
      {"invalid JSON trust policy",
       "CreateRole",
       {{"RoleName", "bad"}, {"AssumeRolePolicyDocument", "{nope"}},
       400,
       "MalformedPolicyDocument",
       "This policy contains invalid Json"},
      {"trust policy with a Resource",
       "CreateRole",
       {{"RoleName", "bad"},
        {"AssumeRolePolicyDocument",
         R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]})"}},
       400,
       "MalformedPolicyDocument",
       "Has prohibited field Resource"},
      {"invalid role name",
       "CreateRole",
       {{"RoleName", "has space"}, {"AssumeRolePolicyDocument", kTrust}},
       400,
       "ValidationError",
       ""},
      {"path must start and end with a slash",
       "CreateRole",
       {{"RoleName", "p"}, {"Path", "nope"}, {"AssumeRolePolicyDocument", kTrust}},
       400,
       "ValidationError",
       ""},
      {"max session duration above 12h",
       "CreateRole",
       {{"RoleName", "long"},
        {"MaxSessionDuration", "50000"},
        {"AssumeRolePolicyDocument", kTrust}},
       400,
       "ValidationError",
       ""},
      {"missing required parameter",
       "CreateRole",
       {{"RoleName", "x"}},
       400,
       "ValidationError",
       "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy "
       "constraint: Member must not be null"},
      {"delete of a missing role", "DeleteRole", {{"RoleName", "ghost"}}, 404, "NoSuchEntity", ""},
      {"update of a missing role", "UpdateRole", {{"RoleName", "ghost"}}, 404, "NoSuchEntity", ""},
      {"unknown action", "FlyToTheMoon", {}, 400, "InvalidAction", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    auto r = Call(c.action, c.params);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(XmlText(r.body, "Code"), c.code) << r.body;
    if (!c.message.empty()) {
      EXPECT_EQ(XmlText(r.body, "Message"), c.message);
    }
  }
}

TEST_F(SandboxIamTest, UpdateRoleAndTrustPolicy) {
  CreateRole("r");
  MustCall("UpdateRole",
           {{"RoleName", "r"}, {"Description", "new"}, {"MaxSessionDuration", "4000"}});
  const std::string trust2 =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})";
  MustCall("UpdateAssumeRolePolicy", {{"RoleName", "r"}, {"PolicyDocument", trust2}});
  auto r = Call("GetRole", {{"RoleName", "r"}});
  EXPECT_EQ(XmlText(r.body, "Description"), "new");
  EXPECT_EQ(XmlText(r.body, "MaxSessionDuration"), "4000");
  EXPECT_EQ(sandbox::UrlDecode(XmlText(r.body, "AssumeRolePolicyDocument")), trust2);
  auto bad = Call("UpdateAssumeRolePolicy", {{"RoleName", "r"}, {"PolicyDocument", "[]"}});
  EXPECT_EQ(XmlText(bad.body, "Code"), "MalformedPolicyDocument");
}

TEST_F(SandboxIamTest, Tags) {
  CreateRole("t");
  MustCall("TagRole", {{"RoleName", "t"},
                       {"Tags.member.1.Key", "a"},
                       {"Tags.member.1.Value", "1"},
                       {"Tags.member.2.Key", "b"},
                       {"Tags.member.2.Value", "2"}});
  MustCall("TagRole",
           {{"RoleName", "t"}, {"Tags.member.1.Key", "a"}, {"Tags.member.1.Value", "9"}});
  auto r = Call("ListRoleTags", {{"RoleName", "t"}});
  EXPECT_EQ(XmlTexts(r.body, "Key"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(XmlTexts(r.body, "Value"), (std::vector<std::string>{"9", "2"}));
  EXPECT_EQ(XmlText(r.body, "IsTruncated"), "false");
  MustCall("UntagRole", {{"RoleName", "t"}, {"TagKeys.member.1", "a"}});
  r = Call("ListRoleTags", {{"RoleName", "t"}});
  EXPECT_EQ(XmlTexts(r.body, "Key"), (std::vector<std::string>{"b"}));
  Params many = {{"RoleName", "t"}};
  for (int i = 1; i <= 50; ++i) {
    many.emplace_back("Tags.member." + std::to_string(i) + ".Key", "k" + std::to_string(i));
    many.emplace_back("Tags.member." + std::to_string(i) + ".Value", "v");
  }
  EXPECT_EQ(XmlText(Call("TagRole", many).body, "Code"), "LimitExceeded");
}

TEST_F(SandboxIamTest, InlinePoliciesAndDeleteConflict) {
  CreateRole("r");
  MustCall("PutRolePolicy",
           {{"RoleName", "r"}, {"PolicyName", "read"}, {"PolicyDocument", kPolicy}});
  auto got = Call("GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "read"}});
  EXPECT_EQ(XmlText(got.body, "RoleName"), "r");
  EXPECT_EQ(sandbox::UrlDecode(XmlText(got.body, "PolicyDocument")), kPolicy);
  EXPECT_EQ(XmlTexts(Call("ListRolePolicies", {{"RoleName", "r"}}).body, "member"),
            (std::vector<std::string>{"read"}));
  auto conflict = Call("DeleteRole", {{"RoleName", "r"}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(XmlText(conflict.body, "Code"), "DeleteConflict");
  auto principal = Call(
      "PutRolePolicy",
      {{"RoleName", "r"},
       {"PolicyName", "p"},
       {"PolicyDocument",
        R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]})"}});
  EXPECT_EQ(XmlText(principal.body, "Message"), "Policy document should not specify a principal.");
  EXPECT_EQ(
      XmlText(Call("GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "nope"}}).body, "Code"),
      "NoSuchEntity");
  MustCall("DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "read"}});
  EXPECT_EQ(Call("DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "read"}}).status, 404);
  MustCall("DeleteRole", {{"RoleName", "r"}});
  EXPECT_EQ(Call("GetRole", {{"RoleName", "r"}}).status, 404);
}

TEST_F(SandboxIamTest, ManagedPoliciesVersionsAndAttachments) {
  CreateRole("r");
  auto created = Call("CreatePolicy", {{"PolicyName", "lake-read"},
                                       {"Path", "/causeway/"},
                                       {"PolicyDocument", kPolicy},
                                       {"Description", "d"}});
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string arn = "arn:aws:iam::123456789012:policy/causeway/lake-read";
  EXPECT_EQ(XmlText(created.body, "Arn"), arn);
  EXPECT_EQ(XmlText(created.body, "PolicyId").rfind("ANPA", 0), 0u);
  EXPECT_EQ(XmlText(created.body, "DefaultVersionId"), "v1");
  EXPECT_EQ(
      XmlText(Call("CreatePolicy", {{"PolicyName", "lake-read"}, {"PolicyDocument", kPolicy}}).body,
              "Code"),
      "EntityAlreadyExists");

  auto v2 = Call("CreatePolicyVersion",
                 {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}, {"SetAsDefault", "true"}});
  EXPECT_EQ(XmlText(v2.body, "VersionId"), "v2");
  EXPECT_EQ(XmlText(v2.body, "IsDefaultVersion"), "true");
  auto versions = Call("ListPolicyVersions", {{"PolicyArn", arn}});
  EXPECT_EQ(XmlTexts(versions.body, "VersionId"), (std::vector<std::string>{"v2", "v1"}));
  auto v1 = Call("GetPolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v1"}});
  EXPECT_EQ(sandbox::UrlDecode(XmlText(v1.body, "Document")), kPolicy);
  EXPECT_EQ(
      XmlText(Call("DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v2"}}).body, "Code"),
      "DeleteConflict")
      << "the default version cannot be deleted";
  for (int i = 0; i < 3; ++i) {
    MustCall("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}});
  }
  EXPECT_EQ(
      XmlText(Call("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}}).body,
              "Code"),
      "LimitExceeded")
      << "at most 5 versions";

  MustCall("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});
  MustCall("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});  // idempotent
  MustCall("AttachRolePolicy",
           {{"RoleName", "r"},
            {"PolicyArn", "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"}});
  auto attached = Call("ListAttachedRolePolicies", {{"RoleName", "r"}});
  EXPECT_EQ(XmlTexts(attached.body, "PolicyName"),
            (std::vector<std::string>{"lake-read", "AWSGlueServiceRole"}))
      << "sorted by ARN";
  EXPECT_EQ(XmlText(Call("GetPolicy", {{"PolicyArn", arn}}).body, "AttachmentCount"), "1");
  EXPECT_EQ(XmlText(Call("DeletePolicy", {{"PolicyArn", arn}}).body, "Code"), "DeleteConflict");
  EXPECT_EQ(
      XmlText(Call("AttachRolePolicy",
                   {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::123456789012:policy/none"}})
                  .body,
              "Code"),
      "NoSuchEntity");
  auto local = Call("ListPolicies", {{"Scope", "Local"}});
  EXPECT_EQ(XmlTexts(local.body, "PolicyName"), (std::vector<std::string>{"lake-read"}));

  MustCall("DetachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});
  EXPECT_EQ(Call("DetachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}}).status, 404);
  for (const char* v : {"v1", "v3", "v4", "v5"}) {
    MustCall("DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", v}});
  }
  MustCall("DeletePolicy", {{"PolicyArn", arn}});
  EXPECT_EQ(Call("GetPolicy", {{"PolicyArn", arn}}).status, 404);
}

TEST_F(SandboxIamTest, ListRolesPaginatesWithMarker) {
  for (int i = 0; i < 7; ++i) CreateRole("role-" + std::to_string(i), i < 5 ? "/a/" : "/b/");
  std::vector<std::string> seen;
  std::string marker;
  int pages = 0;
  do {
    Params p = {{"MaxItems", "2"}, {"PathPrefix", "/a/"}};
    if (!marker.empty()) p.emplace_back("Marker", marker);
    auto r = Call("ListRoles", p);
    ASSERT_EQ(r.status, 200) << r.body;
    for (auto& n : XmlTexts(r.body, "RoleName")) seen.push_back(n);
    marker = XmlText(r.body, "Marker");
    EXPECT_EQ(XmlText(r.body, "IsTruncated"), marker.empty() ? "false" : "true");
    ++pages;
  } while (!marker.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"role-0", "role-1", "role-2", "role-3", "role-4"}));
  EXPECT_EQ(XmlText(Call("ListRoles", {{"MaxItems", "0"}}).body, "Code"), "ValidationError");
  EXPECT_EQ(XmlText(Call("ListRoles", {{"Marker", "zz-not-hex"}}).body, "Code"), "ValidationError");
  // ListRoles leaves tags out, as IAM does.
  EXPECT_EQ(Call("ListRoles").body.find("<Tags>"), std::string::npos);
}

TEST_F(SandboxIamTest, AccountAuthorizationDetails) {
  CreateRole("r1");
  CreateRole("r2");
  MustCall("PutRolePolicy",
           {{"RoleName", "r1"}, {"PolicyName", "inline"}, {"PolicyDocument", kPolicy}});
  MustCall("CreatePolicy", {{"PolicyName", "managed"}, {"PolicyDocument", kPolicy}});
  MustCall("AttachRolePolicy",
           {{"RoleName", "r2"}, {"PolicyArn", "arn:aws:iam::123456789012:policy/managed"}});

  auto all = Call("GetAccountAuthorizationDetails",
                  {{"Filter.member.1", "Role"}, {"Filter.member.2", "LocalManagedPolicy"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(XmlTexts(all.body, "RoleName"), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(sandbox::UrlDecode(XmlTexts(all.body, "PolicyDocument").at(0)), kPolicy);
  EXPECT_EQ(XmlTexts(all.body, "PolicyArn"),
            (std::vector<std::string>{"arn:aws:iam::123456789012:policy/managed"}));
  EXPECT_EQ(XmlTexts(all.body, "VersionId"), (std::vector<std::string>{"v1"}));

  // Paginated one entity at a time: r1, r2, then the policy.
  std::vector<std::string> order;
  std::string marker;
  for (int i = 0; i < 5; ++i) {
    Params p = {{"MaxItems", "1"}};
    if (!marker.empty()) p.emplace_back("Marker", marker);
    auto r = Call("GetAccountAuthorizationDetails", p);
    for (auto& n : XmlTexts(r.body, "RoleName")) order.push_back(n);
    auto policies = XmlTexts(r.body, "DefaultVersionId");
    if (!policies.empty()) order.push_back("policy");
    marker = XmlText(r.body, "Marker");
    if (marker.empty()) break;
  }
  EXPECT_EQ(order, (std::vector<std::string>{"r1", "r2", "policy"}));

  auto roles_only = Call("GetAccountAuthorizationDetails", {{"Filter.member.1", "Role"}});
  EXPECT_TRUE(XmlTexts(roles_only.body, "DefaultVersionId").empty());
  EXPECT_EQ(
      XmlText(Call("GetAccountAuthorizationDetails", {{"Filter.member.1", "Robots"}}).body, "Code"),
      "ValidationError");
}

}  // namespace
}  // namespace causeway::testing
