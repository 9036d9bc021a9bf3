// Tests for assume_role (providers/aws/assume_role.h): the STS AssumeRole request, parsing of a
// canned STS response, caching until near expiry, error messages, and the chain factory, on a
// fake HttpClient and a fake clock.
#include "providers/aws/assume_role.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>

#include "tests/support/fake_clock.h"

namespace causeway::aws {
namespace {

class FakeHttp : public HttpClient {
 public:
  Result<HttpResponse> Send(const HttpRequest& r) override {
    std::lock_guard<std::mutex> lock(mu);
    requests.push_back(r);
    if (responses.empty()) return Status::Internal("fake: no scripted response");
    HttpResponse next = responses.front();
    responses.pop_front();
    return next;
  }
  void Reply(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    responses.push_back(r);
  }
  std::mutex mu;
  std::vector<HttpRequest> requests;
  std::deque<HttpResponse> responses;
};

std::string Header(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<missing>";
}

std::string StsResponse(const std::string& key_id, const std::string& expiration) {
  return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
         "<AssumeRoleResult><SourceIdentity>x</SourceIdentity><AssumedRoleUser>"
         "<Arn>arn:aws:sts::123456789012:assumed-role/deployer/causeway</Arn>"
         "<AssumedRoleId>AROA:causeway</AssumedRoleId></AssumedRoleUser><Credentials>"
         "<AccessKeyId>" +
         key_id +
         "</AccessKeyId>"
         "<SecretAccessKey>tempsecret</SecretAccessKey>"
         "<SessionToken>temptoken</SessionToken>"
         "<Expiration>" +
         expiration +
         "</Expiration>"
         "</Credentials><PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>"
         "<ResponseMetadata><RequestId>c6104cbe</RequestId></ResponseMetadata>"
         "</AssumeRoleResponse>";
}

struct Fixture {
  Fixture() {
    AwsClientOptions o;
    o.http = &http;
    o.credentials = std::make_shared<StaticCredentialProvider>(
        Credentials{"AKIDBASE", "basesecret", ""}, "test base");
    o.clock = &clock;
    o.retry.max_attempts = 2;
    sts = std::make_shared<AwsClient>(std::move(o));
    role.role_arn = "arn:aws:iam::123456789012:role/deployer";
    role.external_id = "ext 1";
    role.session_name = "causeway";
    role.duration_seconds = 1800;
  }
  FakeHttp http;
  testing::FakeClock clock{testing::FakeClock::At(1767225600)};  // 2026-01-01T00:00:00Z
  std::shared_ptr<AwsClient> sts;
  AssumeRoleConfig role;
};

TEST(AssumeRoleTest, SendsAssumeRoleSignedWithBaseCredentialsAndParsesTheResponse) {
  Fixture f;
  f.http.Reply(200, StsResponse("ASIATEMP1", "2026-01-01T00:30:00Z"));
  AssumeRoleCredentialProvider p(f.role, f.sts, &f.clock);
  auto c = p.Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIATEMP1");
  EXPECT_EQ(c->secret_access_key, "tempsecret");
  EXPECT_EQ(c->session_token, "temptoken");
  ASSERT_EQ(f.http.requests.size(), 1u);
  const HttpRequest& r = f.http.requests[0];
  EXPECT_EQ(r.url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(r.body,
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeployer"
            "&RoleSessionName=causeway&DurationSeconds=1800&ExternalId=ext%201");
  EXPECT_NE(Header(r, "authorization").find("Credential=AKIDBASE/20260101/us-east-1/sts/"),
            std::string::npos);
  EXPECT_EQ(p.Describe(), "assume_role arn:aws:iam::123456789012:role/deployer");
}

TEST(AssumeRoleTest, CachesUntilNearExpiry) {
  Fixture f;
  f.http.Reply(200, StsResponse("ASIATEMP1", "2026-01-01T00:30:00Z"));
  f.http.Reply(200, StsResponse("ASIATEMP2", "2026-01-01T01:00:00Z"));
  AssumeRoleCredentialProvider p(f.role, f.sts, &f.clock, std::chrono::seconds(300));
  ASSERT_EQ(p.Get()->access_key_id, "ASIATEMP1");
  f.clock.Advance(std::chrono::minutes(20));  // 10 minutes left: still cached
  ASSERT_EQ(p.Get()->access_key_id, "ASIATEMP1");
  EXPECT_EQ(f.http.requests.size(), 1u);
  f.clock.Advance(std::chrono::minutes(6));  // 4 minutes left: refresh
  ASSERT_EQ(p.Get()->access_key_id, "ASIATEMP2");
  EXPECT_EQ(f.http.requests.size(), 2u);
}

TEST(AssumeRoleTest, AccessDeniedNamesTheRoleAndWhatToCheck) {
  Fixture f;
  f.http.Reply(403,
               "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: "
               "arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole"
               "</Message></Error></ErrorResponse>");
  AssumeRoleCredentialProvider p(f.role, f.sts, &f.clock);
  auto c = p.Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kPermissionDenied);
  const std::string& m = c.status().message();
  EXPECT_NE(m.find("arn:aws:iam::123456789012:role/deployer"), std::string::npos) << m;
  EXPECT_NE(m.find("sts AssumeRole: AccessDenied"), std::string::npos) << m;
  EXPECT_NE(m.find("trust policy"), std::string::npos) << m;
  EXPECT_EQ(m.find("basesecret"), std::string::npos);
}

TEST(AssumeRoleTest, ResponseWithoutCredentialsIsAProviderError) {
  Fixture f;
  f.http.Reply(200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>");
  AssumeRoleCredentialProvider p(f.role, f.sts, &f.clock);
  auto c = p.Get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kProviderError);
}

TEST(AssumeRoleTest, FactoryWrapsTheChainAndSignsWithTemporaryCredentials) {
  FakeHttp http;
  testing::FakeClock clock{testing::FakeClock::At(1767225600)};  // 2026-01-01T00:00:00Z
  http.Reply(200, StsResponse("ASIATEMP1", "2026-01-01T01:00:00Z"));
  http.Reply(200, "<ListRolesResponse/>");
  std::map<std::string, std::string> env = {{"AWS_ACCESS_KEY_ID", "AKIDBASE"},
                                            {"AWS_SECRET_ACCESS_KEY", "basesecret"},
                                            {"HOME", "/nonexistent"}};
  EnvLookup lookup = [&](const std::string& k) -> std::optional<std::string> {
    auto it = env.find(k);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  auto config = ParseCredentialConfig(
      {{"region", "eu-west-1"},
       {"endpoint", "http://127.0.0.1:4566"},
       {"assume_role", {{"role_arn", "arn:aws:iam::123456789012:role/deployer"}}}});
  ASSERT_TRUE(config.ok());
  AwsClientOptions sts_options;
  sts_options.http = &http;
  sts_options.clock = &clock;
  sts_options.endpoints.all = "http://127.0.0.1:4566";
  std::string region;
  auto provider = NewCredentialProvider(*config, lookup, sts_options, &region);
  ASSERT_TRUE(provider.ok()) << provider.status().ToString();
  EXPECT_EQ(region, "eu-west-1");

  AwsClientOptions o = sts_options;
  o.credentials = *provider;
  o.region = region;
  AwsClient client(std::move(o));
  ASSERT_TRUE(client.Query("iam", "ListRoles", "2010-05-08", {}).ok());
  ASSERT_EQ(http.requests.size(), 2u);
  EXPECT_EQ(http.requests[0].url, "http://127.0.0.1:4566/");
  EXPECT_NE(Header(http.requests[0], "authorization").find("AKIDBASE/20260101/eu-west-1/sts/"),
            std::string::npos);
  EXPECT_NE(Header(http.requests[1], "authorization").find("ASIATEMP1/20260101/us-east-1/iam/"),
            std::string::npos);
  EXPECT_EQ(Header(http.requests[1], "x-amz-security-token"), "temptoken");

  // Without assume_role the factory hands back the base credentials.
  auto plain = NewCredentialProvider(CredentialConfig{}, lookup, sts_options, nullptr);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)->Get()->access_key_id, "AKIDBASE");
  EXPECT_EQ((*plain)->Describe(), "environment (AWS_ACCESS_KEY_ID)");
}

struct TimeCase {
  std::string text;
  bool ok;
  int64_t want_epoch;
};

TEST(AssumeRoleTest, ParseIso8601) {
  const TimeCase cases[] = {
      {"2015-08-30T12:36:00Z", true, 1440938160},
      {"2015-08-30T12:36:00.123Z", true, 1440938160},
      {"yesterday", false, 0},
      {"2015-13-01T00:00:00Z", false, 0},
  };
  for (const auto& c : cases) {
    auto t = ParseIso8601(c.text);
    EXPECT_EQ(t.ok(), c.ok) << c.text;
    if (t.ok()) {
      EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), c.want_epoch) << c.text;
    }
  }
}

}  // namespace
}  // namespace causeway::aws
