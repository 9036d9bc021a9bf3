// How the IAM kinds read IAM's XML replies (issue 17): a session against the sandbox is recorded,
// then replayed with one reply element changed. An emptied optional element reads exactly like an
// absent one (the default), and a malformed value (a session duration that is not a number, a
// policy document that is not JSON, a tag without a key) is a ProviderError naming the object,
// the operation and the field, in per-resource (GetRole) and bulk (the account snapshot) mode.
#include <gtest/gtest.h>

#include "providers/aws/aws_provider.h"
#include "tests/support/reply_mutations.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

using Kind = ReplyMutation::Kind;

class IamReplyReadingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    auto p = NewSandboxAwsProvider(&fixture_);
    ASSERT_NE(p, nullptr);
    manifest_ = {{"role_name", "reader"},
                 {"assume_role_policy", Value::parse(kTrust)},
                 {"description", "reads the lake"},
                 {"max_session_duration", 7200},
                 {"tags", {{"team", "data"}}}};
    ASSERT_TRUE(p->create({Address{"aws.iam.role", "r"}, manifest_}).ok());
  }

  // Observes the role through a provider on `http` in `mode`.
  Result<Observation> Observe(HttpClient* http, const std::string& mode) {
    aws::AwsProviderOptions o;
    o.http = http;
    aws::AwsProvider p(o);
    aws::Credentials c = SandboxFixture::DefaultCredentials();
    CW_RETURN_IF_ERROR(p.configure({{"endpoint", fixture_.endpoint()},
                                    {"access_key_id", c.access_key_id},
                                    {"secret_access_key", c.secret_access_key},
                                    {"region", "us-east-1"},
                                    {"refresh_mode", mode}}));
    CW_ASSIGN_OR_RETURN(auto obs, p.observe({{Address{"aws.iam.role", "r"}, "reader", manifest_}}));
    return obs.at(0);
  }

  // The observation with `path` of the reply to `action` mutated, and the unmutated one.
  Result<Observation> Replayed(const std::string& mode, const std::string& action,
                               const std::string& path, Kind kind, Observation* clean) {
    auto curl = NewCurlHttpClient();
    RecordingHttpClient recorder(curl.get());
    auto original = Observe(&recorder, mode);
    EXPECT_TRUE(original.ok()) << original.status().ToString();
    if (original.ok() && clean != nullptr) *clean = *original;
    std::vector<Exchange> recorded = recorder.exchanges();
    for (size_t i = 0; i < recorded.size(); ++i) {
      if (recorded[i].request.body.find("Action=" + action + "&") == std::string::npos) continue;
      ReplayHttpClient replay(recorded, ReplyMutation{i, path, kind, /*xml=*/true});
      return Observe(&replay, mode);
    }
    return Status::NotFound(action + " was not called");
  }

  SandboxFixture fixture_;
  Value manifest_;
};

TEST_F(IamReplyReadingTest, EmptiedOptionalElementsReadAsAbsent) {
  const std::string role = "/GetRoleResponse[0]/GetRoleResult[0]/Role[0]/";
  struct Case {
    std::string reason, path, attribute;
    Value expect;
  };
  for (const auto& c : std::vector<Case>{
           {"emptied description", role + "Description[0]", "description", ""},
           {"emptied tags", role + "Tags[0]", "tags", Value::object()},
           {"emptied tag value", role + "Tags[0]/member[0]/Value[0]", "tags", {{"team", ""}}},
           {"emptied session duration", role + "MaxSessionDuration[0]", "max_session_duration",
            3600},
       }) {
    for (Kind kind : {Kind::kNull, Kind::kRemove}) {
      Observation clean;
      auto o = Replayed("per-resource", "GetRole", c.path, kind, &clean);
      ASSERT_TRUE(o.ok()) << c.reason << ": " << o.status().ToString();
      EXPECT_EQ(o->attributes[c.attribute], c.expect) << c.reason;
      Value rest = o->attributes, clean_rest = clean.attributes;
      rest.erase(c.attribute);
      clean_rest.erase(c.attribute);
      EXPECT_EQ(rest, clean_rest) << c.reason << ": nothing else changes";
      EXPECT_EQ(o->outputs, clean.outputs) << c.reason;
    }
  }
}

TEST_F(IamReplyReadingTest, MalformedValuesAreErrorsNamingOperationAndField) {
  const std::string role = "/GetRoleResponse[0]/GetRoleResult[0]/Role[0]/";
  const std::string detail =
      "/GetAccountAuthorizationDetailsResponse[0]/GetAccountAuthorizationDetailsResult[0]/"
      "RoleDetailList[0]/member[0]/";
  struct Case {
    std::string reason, mode, action, path;
    Kind kind;
    std::string expect;
  };
  for (const auto& c : std::vector<Case>{
           {"session duration that is not a number", "per-resource", "GetRole",
            role + "MaxSessionDuration[0]", Kind::kWrongType,
            "aws.iam.role.r: iam GetRole: Role.MaxSessionDuration: expected an integer, got a "
            "string"},
           {"trust policy that is not JSON", "per-resource", "GetRole",
            role + "AssumeRolePolicyDocument[0]", Kind::kWrongType,
            "iam GetRole: Role.AssumeRolePolicyDocument: IAM returned a policy document that is "
            "not JSON"},
           {"tag without a key", "per-resource", "GetRole", role + "Tags[0]/member[0]/Key[0]",
            Kind::kRemove, "iam GetRole: Role.Tags: item 0: Key: missing"},
           {"tags that are not a list", "bulk", "GetAccountAuthorizationDetails",
            detail + "Tags[0]", Kind::kWrongType,
            "aws.iam.role.r: iam GetAccountAuthorizationDetails: RoleDetailList[0].Tags: "
            "expected a list, got a string"},
           {"role without a name", "bulk", "GetAccountAuthorizationDetails", detail + "RoleName[0]",
            Kind::kNull, "iam GetAccountAuthorizationDetails: RoleDetailList[0].RoleName: missing"},
           {"ListRoles session duration that is not a number", "bulk", "ListRoles",
            "/ListRolesResponse[0]/ListRolesResult[0]/Roles[0]/member[0]/MaxSessionDuration[0]",
            Kind::kWrongType, "iam ListRoles: Roles[0].MaxSessionDuration: expected an integer"},
       }) {
    auto o = Replayed(c.mode, c.action, c.path, c.kind, nullptr);
    ASSERT_FALSE(o.ok()) << c.reason;
    EXPECT_EQ(o.status().code(), StatusCode::kProviderError) << c.reason;
    EXPECT_NE(o.status().message().find(c.expect), std::string::npos)
        << c.reason << ": " << o.status().message();
  }
}

}  // namespace
}  // namespace causeway::testing
