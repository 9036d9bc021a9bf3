// Tests for AwsClient (providers/aws/aws_client.h) on a recording fake HttpClient and a fake
// clock: exact request shapes per protocol (signature recomputed from what was sent), endpoint
// resolution, error parsing and mapping, retries on throttling, and pagination.
#include "providers/aws/aws_client.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>

#include "providers/aws_sigv4/sigv4.h"

namespace causeway::aws {
namespace {

class FakeClock : public Clock {
 public:
  std::chrono::system_clock::time_point Now() override { return now; }
  void SleepFor(std::chrono::milliseconds d) override {
    sleeps.push_back(d);
    now += d;
  }
  // 2015-08-30T12:36:00Z
  std::chrono::system_clock::time_point now = std::chrono::system_clock::from_time_t(1440938160);
  std::vector<std::chrono::milliseconds> sleeps;
};

class FakeHttp : public HttpClient {
 public:
  Result<HttpResponse> Send(const HttpRequest& r) override {
    std::lock_guard<std::mutex> lock(mu);
    requests.push_back(r);
    if (responses.empty()) return Status::Internal("fake: no scripted response");
    auto next = responses.front();
    responses.pop_front();
    return next;
  }
  void Reply(int status, std::string body,
             std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    responses.push_back(r);
  }
  std::mutex mu;
  std::vector<HttpRequest> requests;
  std::deque<Result<HttpResponse>> responses;
};

std::string HeaderOf(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<missing>";
}

const Credentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

struct Fixture {
  explicit Fixture(std::string region = "us-east-1", Endpoints endpoints = {},
                   Credentials creds = kCreds) {
    AwsClientOptions o;
    o.http = &http;
    o.credentials = std::make_shared<StaticCredentialProvider>(creds, "test");
    o.region = std::move(region);
    o.endpoints = std::move(endpoints);
    o.clock = &clock;
    o.retry.max_attempts = 3;
    o.retry.seed = 1;
    client = std::make_unique<AwsClient>(std::move(o));
  }
  FakeHttp http;
  FakeClock clock;
  std::unique_ptr<AwsClient> client;
};

// Recomputes the signature from the request as sent (minus the unsigned user-agent), proving that
// the Authorization header covers exactly what went over the wire.
void ExpectValidSignature(const HttpRequest& sent, const std::string& region,
                          const std::string& service, const Credentials& creds) {
  SignableRequest s;
  s.method = sent.method;
  std::string rest = sent.url.substr(sent.url.find("://") + 3);
  std::string target = rest.substr(rest.find('/'));
  size_t q = target.find('?');
  s.path = target.substr(0, q);
  s.query = q == std::string::npos ? "" : target.substr(q + 1);
  std::string auth;
  for (const auto& [k, v] : sent.headers) {
    if (k == "authorization") {
      auth = v;
    } else if (k != "user-agent") {
      s.headers.emplace_back(k, v);
    }
  }
  s.body = sent.body;
  auto parsed = ParseAuthorization(auth);
  ASSERT_TRUE(parsed.ok()) << auth;
  EXPECT_EQ(parsed->access_key_id, creds.access_key_id);
  EXPECT_EQ(parsed->region, region);
  EXPECT_EQ(parsed->service, service);
  SigningParams p;
  p.region = region;
  p.service = service;
  p.amz_date = HeaderOf(sent, "x-amz-date");
  p.s3_path_rules = service == "s3";
  EXPECT_EQ(AuthorizationHeader(s, p, creds), auth);
}

TEST(AwsClientTest, QueryRequestShape) {
  Fixture f;
  f.http.Reply(200,
               "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
               "<ListRolesResult><IsTruncated>false</IsTruncated><Roles><member><RoleName>a"
               "</RoleName></member></Roles></ListRolesResult></ListRolesResponse>");
  auto doc = f.client->Query("iam", "ListRoles", "2010-05-08", {{"PathPrefix", "/svc roles/"}});
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_STREQ((*doc)
                   ->child("ListRolesResponse")
                   .child("ListRolesResult")
                   .child("Roles")
                   .child("member")
                   .child_value("RoleName"),
               "a");
  ASSERT_EQ(f.http.requests.size(), 1u);
  const HttpRequest& r = f.http.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://iam.amazonaws.com/");
  EXPECT_EQ(r.body, "Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fsvc%20roles%2F");
  EXPECT_EQ(HeaderOf(r, "host"), "iam.amazonaws.com");
  EXPECT_EQ(HeaderOf(r, "x-amz-date"), "20150830T123600Z");
  EXPECT_EQ(HeaderOf(r, "content-type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "x-amz-security-token"), "<missing>");
  ExpectValidSignature(r, "us-east-1", "iam", kCreds);
}

TEST(AwsClientTest, IamIsSignedForUsEast1FromAnyRegionAndSessionTokensAreSent) {
  Credentials temp{"ASIATEMP", "tempsecret", "SESSIONTOKEN"};
  Fixture f("eu-west-1", {}, temp);
  f.http.Reply(200, "<GetRoleResponse/>");
  f.http.Reply(200, "{}");
  ASSERT_TRUE(f.client->Query("iam", "GetRole", "2010-05-08", {{"RoleName", "r"}}).ok());
  ASSERT_TRUE(f.client->Json("glue", "AWSGlue", "GetDatabases", Value::object()).ok());
  ASSERT_EQ(f.http.requests.size(), 2u);
  EXPECT_EQ(f.http.requests[0].url, "https://iam.amazonaws.com/");
  EXPECT_EQ(HeaderOf(f.http.requests[0], "x-amz-security-token"), "SESSIONTOKEN");
  ExpectValidSignature(f.http.requests[0], "us-east-1", "iam", temp);
  EXPECT_EQ(f.http.requests[1].url, "https://glue.eu-west-1.amazonaws.com/");
  ExpectValidSignature(f.http.requests[1], "eu-west-1", "glue", temp);
}

TEST(AwsClientTest, JsonRequestShape) {
  Fixture f;
  f.http.Reply(200, R"({"Database":{"Name":"raw"}})");
  auto r = f.client->Json("glue", "AWSGlue", "GetDatabase", {{"Name", "raw"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["Database"]["Name"], "raw");
  const HttpRequest& sent = f.http.requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://glue.us-east-1.amazonaws.com/");
  EXPECT_EQ(HeaderOf(sent, "x-amz-target"), "AWSGlue.GetDatabase");
  EXPECT_EQ(HeaderOf(sent, "content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(sent.body, R"({"Name":"raw"})");
  ExpectValidSignature(sent, "us-east-1", "glue", kCreds);
}

TEST(AwsClientTest, RestJsonAndRestXmlRequestShapes) {
  Fixture f;
  f.http.Reply(200, "");
  f.http.Reply(200, "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
  auto lf = f.client->RestJson("lakeformation", "GrantPermissions", "POST", "/GrantPermissions",
                               {{"Permissions", {"SELECT"}}});
  ASSERT_TRUE(lf.ok()) << lf.status().ToString();
  EXPECT_EQ(*lf, Value::object());
  const HttpRequest& a = f.http.requests[0];
  EXPECT_EQ(a.url, "https://lakeformation.us-east-1.amazonaws.com/GrantPermissions");
  EXPECT_EQ(HeaderOf(a, "content-type"), "application/json");
  ExpectValidSignature(a, "us-east-1", "lakeformation", kCreds);

  auto s3 =
      f.client->RestXml("s3", "GetBucketVersioning", "GET", "/my-bucket", "versioning", {}, "");
  ASSERT_TRUE(s3.ok()) << s3.status().ToString();
  const HttpRequest& b = f.http.requests[1];
  EXPECT_EQ(b.method, "GET");
  EXPECT_EQ(b.url, "https://s3.us-east-1.amazonaws.com/my-bucket?versioning");
  EXPECT_EQ(HeaderOf(b, "x-amz-content-sha256"), HexSha256(""));
  ExpectValidSignature(b, "us-east-1", "s3", kCreds);
}

struct EndpointCase {
  std::string reason;
  Value block;
  std::string service;
  std::string region;
  std::string want_url;
  std::string want_host;
};

TEST(AwsClientTest, EndpointResolution) {
  const EndpointCase cases[] = {
      {"default regional", Value::object(), "athena", "eu-central-1",
       "https://athena.eu-central-1.amazonaws.com/", "athena.eu-central-1.amazonaws.com"},
      {"iam is global", Value::object(), "iam", "ap-southeast-2", "https://iam.amazonaws.com/",
       "iam.amazonaws.com"},
      {"one override for all services (sandbox)",
       {{"endpoint", "http://127.0.0.1:4566/"}},
       "glue",
       "us-east-1",
       "http://127.0.0.1:4566/",
       "127.0.0.1:4566"},
      {"per-service override wins",
       {{"endpoint", "http://127.0.0.1:4566"}, {"endpoints", {{"s3", "http://127.0.0.1:9000"}}}},
       "s3",
       "us-east-1",
       "http://127.0.0.1:9000/",
       "127.0.0.1:9000"},
      {"default port not in the Host header",
       {{"endpoints", {{"sts", "https://sts.local:443"}}}},
       "sts",
       "us-east-1",
       "https://sts.local:443/",
       "sts.local"},
  };
  for (const auto& c : cases) {
    auto endpoints = ParseEndpoints(c.block);
    ASSERT_TRUE(endpoints.ok()) << c.reason;
    Fixture f(c.region, *endpoints);
    f.http.Reply(200, "{}");
    ASSERT_TRUE(f.client->Json(c.service, "X", "ListThings", Value::object()).ok()) << c.reason;
    EXPECT_EQ(f.http.requests[0].url, c.want_url) << c.reason;
    EXPECT_EQ(HeaderOf(f.http.requests[0], "host"), c.want_host) << c.reason;
  }
  EXPECT_FALSE(ParseEndpoints({{"endpoint", "ftp://x"}}).ok());
  EXPECT_FALSE(ParseEndpoints({{"endpoints", "http://x"}}).ok());
  EXPECT_EQ(SigningRegion("iam", "eu-west-1"), "us-east-1");
  EXPECT_EQ(SigningRegion("glue", "eu-west-1"), "eu-west-1");
}

struct ErrorCase {
  std::string reason;
  std::string protocol;  // query | json | restjson | restxml
  int status;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  StatusCode want_code;
  std::string want_message;
  std::string want_aws_code;
};

TEST(AwsClientTest, ErrorsAreParsedAndMapped) {
  const ErrorCase cases[] = {
      {"IAM error XML",
       "query",
       409,
       "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender"
       "</Type><Code>EntityAlreadyExists</Code><Message>Role with name x already exists."
       "</Message></Error><RequestId>1</RequestId></ErrorResponse>",
       {},
       StatusCode::kConflict,
       "iam CreateRole: EntityAlreadyExists: Role with name x already exists.",
       "EntityAlreadyExists"},
      {"IAM NoSuchEntity",
       "query",
       404,
       "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>The role with name x cannot be "
       "found.</Message></Error></ErrorResponse>",
       {},
       StatusCode::kNotFound,
       "iam CreateRole: NoSuchEntity: The role with name x cannot be found.",
       "NoSuchEntity"},
      {"AccessDenied",
       "query",
       403,
       "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error>"
       "</ErrorResponse>",
       {},
       StatusCode::kPermissionDenied,
       "iam CreateRole: AccessDenied: no",
       "AccessDenied"},
      {"MalformedPolicyDocument is a provider error",
       "query",
       400,
       "<ErrorResponse><Error><Code>MalformedPolicyDocument</Code><Message>bad</Message>"
       "</Error></ErrorResponse>",
       {},
       StatusCode::kProviderError,
       "iam CreateRole: MalformedPolicyDocument: bad",
       "MalformedPolicyDocument"},
      {"Glue __type with namespace",
       "json",
       400,
       R"({"__type":"com.amazonaws.glue#EntityNotFoundException","Message":"Database raw not found."})",
       {},
       StatusCode::kNotFound,
       "glue GetDatabase: EntityNotFoundException: Database raw not found.",
       "EntityNotFoundException"},
      {"Glue AlreadyExistsException",
       "json",
       400,
       R"({"__type":"AlreadyExistsException","message":"Database already exists."})",
       {},
       StatusCode::kConflict,
       "glue GetDatabase: AlreadyExistsException: Database already exists.",
       "AlreadyExistsException"},
      {"REST-JSON error type header",
       "restjson",
       400,
       R"({"Message":"no such resource"})",
       {{"x-amzn-errortype", "EntityNotFoundException:http://internal.amazon.com/"}},
       StatusCode::kNotFound,
       "lakeformation ListPermissions: EntityNotFoundException: no such resource",
       "EntityNotFoundException"},
      {"S3 error XML",
       "restxml",
       404,
       "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket "
       "does not exist</Message><BucketName>b</BucketName></Error>",
       {},
       StatusCode::kNotFound,
       "s3 HeadBucket: NoSuchBucket: The specified bucket does not exist",
       "NoSuchBucket"},
      {"S3 HEAD 404 without a body",
       "restxml",
       404,
       "",
       {},
       StatusCode::kNotFound,
       "s3 HeadBucket: HTTP 404",
       ""},
      {"500 without a body after retries",
       "restxml",
       500,
       "",
       {},
       StatusCode::kProviderError,
       "s3 HeadBucket: HTTP 500",
       ""},
  };
  for (const auto& c : cases) {
    Fixture f;
    for (int i = 0; i < 3; ++i) f.http.Reply(c.status, c.body, c.headers);
    Status s;
    if (c.protocol == "query") {
      s = f.client->Query("iam", "CreateRole", "2010-05-08", {}).status();
    } else if (c.protocol == "json") {
      s = f.client->Json("glue", "AWSGlue", "GetDatabase", Value::object()).status();
    } else if (c.protocol == "restjson") {
      s = f.client
              ->RestJson("lakeformation", "ListPermissions", "POST", "/ListPermissions",
                         Value::object())
              .status();
    } else {
      s = f.client->RestXml("s3", "HeadBucket", "HEAD", "/b", "", {}, "").status();
    }
    EXPECT_EQ(s.code(), c.want_code) << c.reason << ": " << s.ToString();
    EXPECT_EQ(s.message(), c.want_message) << c.reason;
    EXPECT_EQ(s.provider_code(), c.want_aws_code) << c.reason;
  }
}

TEST(AwsClientTest, ThrottlingIsRetriedAndEachAttemptIsResigned) {
  Fixture f;
  f.http.Reply(400,
               "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message>"
               "</Error></ErrorResponse>");
  f.http.Reply(200,
               "<CreateRoleResponse><CreateRoleResult><Role><Arn>arn:x</Arn></Role>"
               "</CreateRoleResult></CreateRoleResponse>");
  f.clock.now += std::chrono::seconds(5);  // the sleep below moves it further
  auto r = f.client->Query("iam", "CreateRole", "2010-05-08", {{"RoleName", "x"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(f.http.requests.size(), 2u);
  ASSERT_EQ(f.clock.sleeps.size(), 1u);
  for (const auto& sent : f.http.requests) ExpectValidSignature(sent, "us-east-1", "iam", kCreds);
}

TEST(AwsClientTest, PersistentThrottlingBecomesUnavailable) {
  Fixture f;
  for (int i = 0; i < 3; ++i) {
    f.http.Reply(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})");
  }
  auto r = f.client->Json("glue", "AWSGlue", "CreateTable", Value::object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(f.http.requests.size(), 3u);
}

TEST(AwsClientTest, NonIdempotentCallIsNotRetriedAfterAServerError) {
  Fixture f;
  f.http.Reply(500,
               "<ErrorResponse><Error><Code>ServiceFailure</Code><Message>oops</Message>"
               "</Error></ErrorResponse>");
  f.http.Reply(200, "<CreateRoleResponse/>");
  auto r = f.client->Query("iam", "CreateRole", "2010-05-08", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kProviderError);
  EXPECT_EQ(f.http.requests.size(), 1u);

  Fixture g;  // the same failure on a read is retried
  g.http.Reply(500, "");
  g.http.Reply(200, "<GetRoleResponse/>");
  EXPECT_TRUE(g.client->Query("iam", "GetRole", "2010-05-08", {}).ok());
  EXPECT_EQ(g.http.requests.size(), 2u);

  Fixture h;  // a connection that never opened is retried even for a create
  h.http.responses.push_back(Status::IOError("connect failed: refused"));
  h.http.Reply(200, "<CreateRoleResponse/>");
  EXPECT_TRUE(h.client->Query("iam", "CreateRole", "2010-05-08", {}).ok());
  EXPECT_EQ(h.http.requests.size(), 2u);
}

TEST(AwsClientTest, QueryPaginationFollowsMarker) {
  Fixture f;
  f.http.Reply(200,
               "<ListRolesResponse><ListRolesResult><IsTruncated>true</IsTruncated>"
               "<Marker>m1</Marker><Roles><member><RoleName>a</RoleName></member>"
               "<member><RoleName>b</RoleName></member></Roles></ListRolesResult>"
               "</ListRolesResponse>");
  f.http.Reply(200,
               "<ListRolesResponse><ListRolesResult><IsTruncated>false</IsTruncated>"
               "<Roles><member><RoleName>c</RoleName></member></Roles></ListRolesResult>"
               "</ListRolesResponse>");
  std::vector<std::string> names;
  Status s = f.client->QueryPaginate("iam", "ListRoles", "2010-05-08", {{"MaxItems", "2"}},
                                     [&](const pugi::xml_node& result) {
                                       for (auto m : result.child("Roles").children("member"))
                                         names.push_back(m.child_value("RoleName"));
                                       return Status::Ok();
                                     });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(f.http.requests.size(), 2u);
  EXPECT_EQ(f.http.requests[0].body, "Action=ListRoles&Version=2010-05-08&MaxItems=2");
  EXPECT_EQ(f.http.requests[1].body, "Action=ListRoles&Version=2010-05-08&MaxItems=2&Marker=m1");

  Fixture loop;  // a server that repeats its marker must not loop forever
  for (int i = 0; i < 3; ++i) {
    loop.http.Reply(200,
                    "<ListRolesResponse><ListRolesResult><IsTruncated>true</IsTruncated>"
                    "<Marker>same</Marker></ListRolesResult></ListRolesResponse>");
  }
  Status bad = loop.client->QueryPaginate("iam", "ListRoles", "2010-05-08", {},
                                          [](const pugi::xml_node&) { return Status::Ok(); });
  EXPECT_EQ(bad.code(), StatusCode::kProviderError);
}

TEST(AwsClientTest, JsonPaginationFollowsNextToken) {
  Fixture f;
  f.http.Reply(200, R"({"TableList":[{"Name":"t1"}],"NextToken":"tok1"})");
  f.http.Reply(200, R"({"TableList":[{"Name":"t2"}],"NextToken":""})");
  std::vector<std::string> names;
  Status s = f.client->JsonPaginate("glue", "AWSGlue", "GetTables", {{"DatabaseName", "raw"}},
                                    [&](const Value& page) {
                                      for (const auto& t : page["TableList"])
                                        names.push_back(t["Name"]);
                                      return Status::Ok();
                                    });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(names, (std::vector<std::string>{"t1", "t2"}));
  ASSERT_EQ(f.http.requests.size(), 2u);
  EXPECT_EQ(f.http.requests[0].body, R"({"DatabaseName":"raw"})");
  EXPECT_EQ(f.http.requests[1].body, R"({"DatabaseName":"raw","NextToken":"tok1"})");
  // A page callback's error stops pagination.
  Fixture g;
  g.http.Reply(200, R"({"NextToken":"a"})");
  Status stop = g.client->JsonPaginate("glue", "AWSGlue", "GetTables", Value::object(),
                                       [](const Value&) { return Status::Aborted("stop"); });
  EXPECT_EQ(stop.code(), StatusCode::kAborted);
  EXPECT_EQ(g.http.requests.size(), 1u);
}

class FailingCredentials : public CredentialProvider {
 public:
  Result<Credentials> Get() override { return Status::PermissionDenied("provider aws: no keys"); }
  std::string Describe() const override { return "none"; }
};

TEST(AwsClientTest, CredentialFailureIsReturnedWithoutSending) {
  FakeHttp http;
  AwsClientOptions o;
  o.http = &http;
  o.credentials = std::make_shared<FailingCredentials>();
  AwsClient client(std::move(o));
  auto r = client.Query("iam", "ListRoles", "2010-05-08", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(http.requests.empty());
}

TEST(AwsClientTest, EncodingHelpers) {
  EXPECT_EQ(UriEncode("a b/c~"), "a%20b%2Fc~");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(FormEncode({{"Policy", "{\"a\":1}"}, {"k", ""}}), "Policy=%7B%22a%22%3A1%7D&k=");
}

}  // namespace
}  // namespace causeway::aws
