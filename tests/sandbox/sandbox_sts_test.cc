// STS AssumeRole over HTTP: trust-policy principals and sts:ExternalId conditions, duration
// limits, role chaining, and the injected IAM eventual-consistency delay.
#include <gtest/gtest.h>

#include "sandbox/core/timestamps.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

class SandboxStsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxFixture::Options o;
    o.clock = &clock_;
    fixture_ = std::make_unique<SandboxFixture>(o);
    ASSERT_TRUE(fixture_->Start().ok());
    client_ = fixture_->Client();
  }
  void CreateRole(const std::string& name, const std::string& trust) {
    auto r = client_->Query("iam", "CreateRole",
                            {{"RoleName", name}, {"AssumeRolePolicyDocument", trust}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  SandboxReply Assume(SandboxClient& client, const std::string& role,
                      std::vector<std::pair<std::string, std::string>> extra = {}) {
    extra.emplace_back("RoleArn", "arn:aws:iam::123456789012:role/" + role);
    extra.emplace_back("RoleSessionName", "test-session");
    return client.Query("sts", "AssumeRole", extra);
  }

  SandboxTestClock clock_;
  std::unique_ptr<SandboxFixture> fixture_;
  std::unique_ptr<SandboxClient> client_;
};

std::string Trust(const std::string& principal, const std::string& condition = "") {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)" + principal +
         R"(,"Action":"sts:AssumeRole")" +
         (condition.empty() ? "" : ",\"Condition\":" + condition) + "}]}";
}

TEST_F(SandboxStsTest, TrustPolicyDecides) {
  const std::string ext = R"({"StringEquals":{"sts:ExternalId":"snowflake-123"}})";
  struct Case {
    std::string reason;
    std::string trust;
    std::vector<std::pair<std::string, std::string>> params;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"account root principal trusts the account's keys",
       Trust(R"({"AWS":"arn:aws:iam::123456789012:root"})"),
       {},
       true},
      {"bare account id principal", Trust(R"({"AWS":"123456789012"})"), {}, true},
      {"wildcard principal", Trust(R"("*")"), {}, true},
      {"other account is denied", Trust(R"({"AWS":"arn:aws:iam::999999999999:root"})"), {}, false},
      {"service principal does not trust a user",
       Trust(R"({"Service":"glue.amazonaws.com"})"),
       {},
       false},
      {"matching external id",
       Trust(R"({"AWS":"123456789012"})", ext),
       {{"ExternalId", "snowflake-123"}},
       true},
      {"wrong external id",
       Trust(R"({"AWS":"123456789012"})", ext),
       {{"ExternalId", "nope-1"}},
       false},
      {"missing external id", Trust(R"({"AWS":"123456789012"})", ext), {}, false},
      {"StringLike external id",
       Trust(R"({"AWS":"123456789012"})", R"({"StringLike":{"sts:ExternalId":"snow*"}})"),
       {{"ExternalId", "snowflake-9"}},
       true},
  };
  int i = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    std::string name = "role" + std::to_string(i++);
    CreateRole(name, c.trust);
    auto r = Assume(*client_, name, c.params);
    if (c.allowed) {
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(XmlText(r.body, "Arn"),
                "arn:aws:sts::123456789012:assumed-role/" + name + "/test-session");
    } else {
      EXPECT_EQ(r.status, 403) << r.body;
      EXPECT_EQ(XmlText(r.body, "Code"), "AccessDenied");
      EXPECT_EQ(XmlText(r.body, "Message"),
                "User: arn:aws:iam::123456789012:root is not authorized to perform: "
                "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/" +
                    name);
    }
  }
}

TEST_F(SandboxStsTest, MissingRoleIsAccessDenied) {
  auto r = Assume(*client_, "ghost");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "AccessDenied");
}

TEST_F(SandboxStsTest, RoleChainingTrustsTheRoleArn) {
  CreateRole("first", Trust(R"({"AWS":"123456789012"})"));
  CreateRole("second", Trust(R"({"AWS":"arn:aws:iam::123456789012:role/first"})"));
  EXPECT_EQ(Assume(*client_, "second").status, 403) << "root is not role/first";
  auto first = Assume(*client_, "first");
  ASSERT_EQ(first.status, 200);
  SandboxClient as_first(
      fixture_->endpoint(),
      {XmlText(first.body, "AccessKeyId"), XmlText(first.body, "SecretAccessKey"),
       XmlText(first.body, "SessionToken")},
      &clock_);
  EXPECT_EQ(Assume(as_first, "second").status, 200);
  auto too_long = Assume(as_first, "second", {{"DurationSeconds", "7200"}});
  EXPECT_EQ(XmlText(too_long.body, "Code"), "ValidationError") << "chained sessions max 1h";
}

TEST_F(SandboxStsTest, DurationLimits) {
  CreateRole("r", Trust(R"({"AWS":"123456789012"})"));
  EXPECT_EQ(XmlText(Assume(*client_, "r", {{"DurationSeconds", "100"}}).body, "Code"),
            "ValidationError");
  EXPECT_EQ(XmlText(Assume(*client_, "r", {{"DurationSeconds", "7200"}}).body, "Code"),
            "ValidationError")
      << "above the role's MaxSessionDuration (3600)";
  auto ok = Assume(*client_, "r", {{"DurationSeconds", "1800"}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(XmlText(ok.body, "Expiration"),
            sandbox::Iso8601(clock_.Now() + std::chrono::seconds(1800)));
}

TEST_F(SandboxStsTest, ConsistencyDelay) {
  auto f = client_->Raw("POST", "/_sandbox/faults", R"({"consistency_delay_ms":5000})");
  ASSERT_EQ(f.status, 200);
  CreateRole("fresh", Trust(R"({"AWS":"123456789012"})"));
  EXPECT_EQ(Assume(*client_, "fresh").status, 403) << "new role not yet assumable";
  clock_.Advance(std::chrono::milliseconds(4999));
  EXPECT_EQ(Assume(*client_, "fresh").status, 403);
  clock_.Advance(std::chrono::milliseconds(2));
  EXPECT_EQ(Assume(*client_, "fresh").status, 200);
  // Changing the trust policy restarts the delay.
  auto u = client_->Query("iam", "UpdateAssumeRolePolicy",
                          {{"RoleName", "fresh"}, {"PolicyDocument", Trust(R"("*")")}});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(Assume(*client_, "fresh").status, 403);
  clock_.Advance(std::chrono::milliseconds(5001));
  EXPECT_EQ(Assume(*client_, "fresh").status, 200);
}

}  // namespace
}  // namespace causeway::testing
