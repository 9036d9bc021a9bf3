// Unit tests of the sandbox's pure pieces: policy validation and trust evaluation, wildcard
// matching, fault configuration and decisions, URL/time helpers, and AWS error envelopes.
#include <gtest/gtest.h>

#include "sandbox/aws/amz_date.h"
#include "sandbox/aws/errors.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/faults.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {
namespace {

TEST(SandboxPolicyDocumentTest, Validation) {
  struct Case {
    std::string reason;
    std::string doc;
    PolicyKind kind;
    std::string error;  // "" = valid
  };
  const std::vector<Case> cases = {
      {"valid identity policy",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]})",
       PolicyKind::kIdentity, ""},
      {"single statement object",
       R"({"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}})", PolicyKind::kIdentity,
       ""},
      {"not JSON", "{", PolicyKind::kIdentity, "This policy contains invalid Json"},
      {"no statement", R"({"Version":"2012-10-17"})", PolicyKind::kIdentity,
       "Syntax errors in policy."},
      {"bad effect", R"({"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]})",
       PolicyKind::kIdentity, "Syntax errors in policy."},
      {"bad version", R"({"Version":"2020-01-01","Statement":[]})", PolicyKind::kIdentity,
       "The policy failed legacy parsing"},
      {"action without vendor",
       R"({"Statement":[{"Effect":"Allow","Action":"read","Resource":"*"}]})",
       PolicyKind::kIdentity,
       "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
      {"identity policy with principal",
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]})",
       PolicyKind::kIdentity, "Policy document should not specify a principal."},
      {"identity policy without resource", R"({"Statement":[{"Effect":"Allow","Action":"s3:*"}]})",
       PolicyKind::kIdentity, "Policy statement must contain resources."},
      {"valid trust policy",
       R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
       PolicyKind::kTrust, ""},
      {"trust policy with resource",
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]})",
       PolicyKind::kTrust, "Has prohibited field Resource"},
      {"trust policy with a bad AWS principal",
       R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"sts:AssumeRole"}]})",
       PolicyKind::kTrust, "Invalid principal in policy: \"AWS\":\"bob\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    EXPECT_EQ(ValidatePolicyDocument(c.doc, c.kind), c.error);
  }
}

TEST(SandboxPolicyDocumentTest, TrustEvaluation) {
  TrustCaller root{{"arn:aws:iam::123456789012:root"}, "123456789012", ""};
  TrustCaller glue{{}, "", "glue.amazonaws.com"};
  const std::string deny_ext =
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
          {"Effect":"Deny","Principal":"*","Action":"sts:*","Condition":{"StringEquals":{"sts:ExternalId":"bad"}}}]})";
  struct Case {
    std::string reason;
    std::string policy;
    TrustCaller caller;
    std::map<std::string, std::string> context;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"service principal matches the service",
       R"({"Statement":[{"Effect":"Allow","Principal":{"Service":["glue.amazonaws.com"]},"Action":"sts:AssumeRole"}]})",
       glue,
       {},
       true},
      {"account principal does not admit a service",
       R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]})",
       glue,
       {},
       false},
      {"action wildcard",
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:*"}]})",
       root,
       {},
       true},
      {"other action only",
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:TagSession"}]})",
       root,
       {},
       false},
      {"explicit deny wins", deny_ext, root, {{"sts:ExternalId", "bad"}}, false},
      {"deny condition not met", deny_ext, root, {{"sts:ExternalId", "good"}}, true},
      {"condition keys are case-insensitive",
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"STS:EXTERNALID":"x1"}}}]})",
       root,
       {{"sts:ExternalId", "x1"}},
       true},
      {"unsupported operator fails closed",
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4"}}}]})",
       root,
       {},
       false},
      {"unparsable policy", "nope", root, {}, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    EXPECT_EQ(TrustPolicyAllows(c.policy, c.caller, "sts:AssumeRole", c.context), c.allowed);
  }
}

TEST(SandboxPolicyDocumentTest, WildcardMatch) {
  EXPECT_TRUE(WildcardMatch("s3:*", "s3:GetObject"));
  EXPECT_TRUE(WildcardMatch("a?c", "abc"));
  EXPECT_TRUE(WildcardMatch("*", ""));
  EXPECT_FALSE(WildcardMatch("s3:Get*", "s3:PutObject"));
  EXPECT_FALSE(WildcardMatch("abc", "abcd"));
}

TEST(SandboxFaultsTest, FailRuleFiresOnNthForTimes) {
  FaultConfig config;
  FaultRule rule;
  rule.service = "glue";
  rule.operation = "*";
  rule.nth = 2;
  rule.times = 2;
  config.fail.push_back(rule);
  FaultInjector faults;
  faults.Set(config);
  std::string pattern;
  for (int i = 0; i < 5; ++i)
    pattern += faults.OnRequest("glue", "GetTable", false).fail ? "F" : ".";
  EXPECT_EQ(pattern, ".FF..");
  EXPECT_FALSE(faults.OnRequest("iam", "GetRole", false).fail) << "other services untouched";
  Value counts = faults.Counts();
  EXPECT_EQ(counts["total"], 6);
  EXPECT_EQ(counts["failed"], 2);
}

TEST(SandboxFaultsTest, ParseRoundTrip) {
  auto c = ParseFaultConfig(Value::parse(
      R"({"latency_ms":50,"throttle_rate":0.25,"seed":9,"consistency_delay_ms":100,
          "fail":[{"operation":"CreateRole","status":503,"code":"ServiceUnavailable"}]})"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->latency.count(), 50);
  EXPECT_EQ(c->fail.at(0).nth, 1);
  Value j = FaultConfigToJson(*c);
  EXPECT_EQ(j["fail"][0]["code"], "ServiceUnavailable");
  EXPECT_EQ(j["throttle_rate"], 0.25);
  EXPECT_FALSE(ParseFaultConfig(Value::parse(R"({"latency_ms":"slow"})")).ok());
}

TEST(SandboxUtilTest, UrlCodingAndDates) {
  EXPECT_EQ(UrlDecode("a%20b+c"), "a b c");
  EXPECT_EQ(UrlDecode("a+b", /*plus_as_space=*/false), "a+b");
  EXPECT_EQ(UrlDecode("100%"), "100%");
  EXPECT_EQ(UrlEncode("{\"a\": 1}/x"), "%7B%22a%22%3A%201%7D%2Fx");
  EXPECT_EQ(UrlEncode("a/b", /*keep_slash=*/true), "a/b");
  auto params = ParseQueryString("Action=GetRole&RoleName=a%2Bb&Flag&x=1&x=2");
  EXPECT_EQ(params.find("RoleName")->second, "a+b");
  EXPECT_EQ(params.count("x"), 2u);
  EXPECT_EQ(params.find("Flag")->second, "");
  std::chrono::system_clock::time_point t;
  ASSERT_TRUE(ParseAmzDate("20150830T123600Z", &t));
  EXPECT_EQ(AmzDate(t), "20150830T123600Z");
  EXPECT_EQ(Iso8601(t), "2015-08-30T12:36:00Z");
  EXPECT_EQ(HttpDate(t), "Sun, 30 Aug 2015 12:36:00 GMT");
  EXPECT_FALSE(ParseAmzDate("2015-08-30", &t));
  EXPECT_EQ(RandomId("AROA", 17).size(), 21u);
  EXPECT_EQ(NewUuid().size(), 36u);
}

TEST(SandboxErrorsTest, ProtocolEnvelopes) {
  auto q = QueryError(404, "NoSuchEntity", "gone <x>", "req-1");
  EXPECT_EQ(q.content_type, "text/xml");
  EXPECT_NE(q.body.find("<Error><Type>Sender</Type><Code>NoSuchEntity</Code>"
                        "<Message>gone &lt;x&gt;</Message></Error><RequestId>req-1</RequestId>"),
            std::string::npos)
      << q.body;
  auto j = JsonError(400, "EntityNotFoundException", "no db", "req-2");
  EXPECT_EQ(Value::parse(j.body)["__type"], "EntityNotFoundException");
  EXPECT_EQ(j.headers.at(0), std::make_pair(std::string("x-amzn-ErrorType"),
                                            std::string("EntityNotFoundException")));
  auto s3 = S3Error(404, "NoSuchBucket", "The specified bucket does not exist", "req-3", "/b");
  EXPECT_NE(s3.body.find("<Error><Code>NoSuchBucket</Code>"), std::string::npos);
  EXPECT_NE(s3.body.find("<Resource>/b</Resource>"), std::string::npos);
  EXPECT_EQ(ThrottlingError(AwsProtocol::kRestXml, "r").status, 503);
  EXPECT_EQ(Value::parse(ThrottlingError(AwsProtocol::kJson, "r").body)["__type"],
            "ThrottlingException");
  EXPECT_EQ(XmlEscape("a&'\""), "a&amp;&apos;&quot;");
}

}  // namespace
}  // namespace causeway::sandbox
