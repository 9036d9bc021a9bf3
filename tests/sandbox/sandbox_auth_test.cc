// SigV4 authentication in the sandbox: accepted keys, AWS's errors for wrong secrets, unknown
// keys, stale or future X-Amz-Date, missing signatures, and STS temporary credentials.
#include <gtest/gtest.h>

#include "sandbox/aws/amz_date.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

class SandboxAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxFixture::Options o;
    o.clock = &clock_;
    fixture_ = std::make_unique<SandboxFixture>(o);
    ASSERT_TRUE(fixture_->Start().ok());
    client_ = fixture_->Client();
  }

  // Creates role `name` trusting the account root.
  void CreateRole(const std::string& name) {
    auto r = client_->Query(
        "iam", "CreateRole",
        {{"RoleName", name},
         {"AssumeRolePolicyDocument",
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]})"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  SandboxTestClock clock_;
  std::unique_ptr<SandboxFixture> fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(SandboxAuthTest, ErrorsMatchAws) {
  struct Case {
    std::string reason;
    aws::Credentials credentials;
    std::chrono::minutes sign_offset;
    int status;
    std::string code;
    std::string message_prefix;
  };
  const std::vector<Case> cases = {
      {"configured key and secret are accepted", SandboxFixture::DefaultCredentials(),
       std::chrono::minutes(0), 200, "", ""},
      {"a wrong secret fails signature verification",
       {"AKIDSANDBOXEXAMPLE", "not-the-secret", ""},
       std::chrono::minutes(0),
       403,
       "SignatureDoesNotMatch",
       "The request signature we calculated does not match"},
      {"an unknown access key is an invalid client token",
       {"AKIDUNKNOWN", "whatever", ""},
       std::chrono::minutes(0),
       403,
       "InvalidClientTokenId",
       "The security token included in the request is invalid."},
      {"a date 16 minutes old is expired", SandboxFixture::DefaultCredentials(),
       std::chrono::minutes(-16), 403, "SignatureDoesNotMatch", "Signature expired: "},
      {"a date 14 minutes old is still accepted", SandboxFixture::DefaultCredentials(),
       std::chrono::minutes(-14), 200, "", ""},
      {"a date 16 minutes ahead is not yet current", SandboxFixture::DefaultCredentials(),
       std::chrono::minutes(16), 403, "SignatureDoesNotMatch", "Signature not yet current: "},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    client_->set_credentials(c.credentials);
    client_->set_sign_time(clock_.Now() + c.sign_offset);
    auto r = client_->Query("iam", "ListRoles");
    EXPECT_EQ(r.status, c.status) << r.body;
    if (!c.code.empty()) {
      EXPECT_EQ(XmlText(r.body, "Code"), c.code);
      EXPECT_EQ(XmlText(r.body, "Message").rfind(c.message_prefix, 0), 0u)
          << XmlText(r.body, "Message");
      EXPECT_EQ(XmlText(r.body, "Type"), "Sender");
      EXPECT_FALSE(XmlText(r.body, "RequestId").empty());
    }
  }
}

TEST_F(SandboxAuthTest, ExpiredMessageNamesBothTimes) {
  client_->set_sign_time(clock_.Now() - std::chrono::minutes(20));
  auto r = client_->Query("sts", "GetCallerIdentity");
  ASSERT_EQ(r.status, 403);
  std::string msg = XmlText(r.body, "Message");
  EXPECT_NE(msg.find("is now earlier than"), std::string::npos) << msg;
  EXPECT_NE(msg.find("- 15 min.)"), std::string::npos) << msg;
}

TEST_F(SandboxAuthTest, UnsignedRequestIsRejected) {
  auto r = client_->Raw("POST", "/", "Action=ListRoles&Version=2010-05-08",
                        {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "MissingAuthenticationToken");
}

TEST_F(SandboxAuthTest, TamperedBodyFailsSignature) {
  // Sign one body, send another: the signature covers the payload hash.
  aws::SignableRequest req;
  req.method = "POST";
  req.path = "/";
  req.headers = {{"host", "127.0.0.1:" + std::to_string(fixture_->port())},
                 {"content-type", "application/x-www-form-urlencoded"}};
  req.body = "Action=ListRoles&Version=2010-05-08";
  aws::SigningParams p{"us-east-1", "iam", sandbox::AmzDate(clock_.Now())};
  aws::SignRequest(&req, p, SandboxFixture::DefaultCredentials());
  auto r = client_->Raw("POST", "/", "Action=ListRoles&Version=2010-05-08&MaxItems=1", req.headers);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "SignatureDoesNotMatch");
}

// Presigned form: the signature travels in X-Amz-* query parameters instead of a header.
SandboxReply PresignedGetCallerIdentity(SandboxClient& client, int port,
                                        std::chrono::system_clock::time_point when,
                                        int expires_seconds, const std::string& secret) {
  const std::string date = sandbox::AmzDate(when);
  std::string query =
      "Action=GetCallerIdentity&Version=2011-06-15"
      "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIDSANDBOXEXAMPLE%2F" +
      date.substr(0, 8) + "%2Fus-east-1%2Fsts%2Faws4_request" + "&X-Amz-Date=" + date +
      "&X-Amz-Expires=" + std::to_string(expires_seconds) + "&X-Amz-SignedHeaders=host";
  aws::SignableRequest req{"GET", "/", query, {{"host", "127.0.0.1:" + std::to_string(port)}}, ""};
  aws::SigningParams params{"us-east-1", "sts", date};
  std::string creq = aws::CanonicalRequest(req, params, nullptr);
  std::string sig = aws::Signature(secret, aws::StringToSign(creq, params), params);
  return client.Raw("GET", "/?" + query + "&X-Amz-Signature=" + sig);
}

TEST_F(SandboxAuthTest, PresignedRequests) {
  const std::string secret = sandbox::kDefaultSecretKey;
  auto ok = PresignedGetCallerIdentity(*client_, fixture_->port(), clock_.Now(), 300, secret);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(XmlText(ok.body, "Account"), "123456789012");
  auto bad = PresignedGetCallerIdentity(*client_, fixture_->port(), clock_.Now(), 300, "wrong");
  EXPECT_EQ(XmlText(bad.body, "Code"), "SignatureDoesNotMatch");
  auto expired = PresignedGetCallerIdentity(*client_, fixture_->port(),
                                            clock_.Now() - std::chrono::seconds(301), 300, secret);
  EXPECT_EQ(expired.status, 403) << expired.body;
}

TEST_F(SandboxAuthTest, CallerIdentityOfRootKeys) {
  auto r = client_->Query("sts", "GetCallerIdentity");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlText(r.body, "Account"), "123456789012");
  EXPECT_EQ(XmlText(r.body, "Arn"), "arn:aws:iam::123456789012:root");
  EXPECT_EQ(XmlText(r.body, "UserId"), "123456789012");
}

TEST_F(SandboxAuthTest, TemporaryCredentialsWorkUntilExpiry) {
  CreateRole("deployer");
  auto assumed = client_->Query("sts", "AssumeRole",
                                {{"RoleArn", "arn:aws:iam::123456789012:role/deployer"},
                                 {"RoleSessionName", "causeway"},
                                 {"DurationSeconds", "900"}});
  ASSERT_EQ(assumed.status, 200) << assumed.body;
  aws::Credentials temp{XmlText(assumed.body, "AccessKeyId"),
                        XmlText(assumed.body, "SecretAccessKey"),
                        XmlText(assumed.body, "SessionToken")};
  EXPECT_EQ(temp.access_key_id.rfind("ASIA", 0), 0u);
  EXPECT_FALSE(temp.session_token.empty());

  SandboxClient session(fixture_->endpoint(), temp, &clock_);
  auto who = session.Query("sts", "GetCallerIdentity");
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(XmlText(who.body, "Arn"), "arn:aws:sts::123456789012:assumed-role/deployer/causeway");
  EXPECT_EQ(XmlText(who.body, "UserId").find(":causeway"), XmlText(who.body, "UserId").size() - 9);

  // Without the session token the key is not valid.
  SandboxClient no_token(fixture_->endpoint(), {temp.access_key_id, temp.secret_access_key, ""},
                         &clock_);
  auto bad = no_token.Query("sts", "GetCallerIdentity");
  EXPECT_EQ(bad.status, 403);
  EXPECT_EQ(XmlText(bad.body, "Code"), "InvalidClientTokenId");

  clock_.Advance(std::chrono::seconds(901));
  auto expired = session.Query("iam", "ListRoles");
  EXPECT_EQ(expired.status, 403);
  EXPECT_EQ(XmlText(expired.body, "Code"), "ExpiredToken");
}

TEST_F(SandboxAuthTest, SessionsSurviveRestart) {
  CreateRole("deployer");
  auto assumed = client_->Query(
      "sts", "AssumeRole",
      {{"RoleArn", "arn:aws:iam::123456789012:role/deployer"}, {"RoleSessionName", "persisted"}});
  ASSERT_EQ(assumed.status, 200) << assumed.body;
  aws::Credentials temp{XmlText(assumed.body, "AccessKeyId"),
                        XmlText(assumed.body, "SecretAccessKey"),
                        XmlText(assumed.body, "SessionToken")};
  ASSERT_TRUE(fixture_->Restart().ok());
  SandboxClient session(fixture_->endpoint(), temp, &clock_);
  EXPECT_EQ(session.Query("sts", "GetCallerIdentity").status, 200);
}

}  // namespace
}  // namespace causeway::testing
