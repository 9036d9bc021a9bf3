// Tests for providers/aws/policy_document.h: the canonical form of IAM policy documents (which
// spellings compare equal and which must not), idempotence, URL-decoding of IAM's responses and
// the text sent to IAM.
#include "providers/aws/policy_document.h"

#include <gtest/gtest.h>

namespace causeway::aws {
namespace {

Value J(const char* text) { return Value::parse(text); }

struct EqualityCase {
  std::string reason;
  Value a;
  Value b;
  bool equal;
};

std::vector<EqualityCase> Cases() {
  return {
      {"key order does not matter",
       J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"),
       J(R"({"Statement":[{"Resource":"*","Action":"s3:GetObject","Effect":"Allow"}],"Version":"2012-10-17"})"),
       true},
      {"Statement as an object equals a one-element list",
       J(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})"),
       J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"),
       true},
      {"Action string equals a one-element list",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]})"), true},
      {"Action lists are sets: order and duplicates do not matter",
       J(R"({"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:GetObject"],"Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]})"),
       true},
      {"action names are case-insensitive",
       J(R"({"Statement":[{"Effect":"Allow","Action":"S3:GetObject","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:getobject","Resource":"*"}]})"), true},
      {"NotAction is normalised like Action",
       J(R"({"Statement":[{"Effect":"Deny","NotAction":["IAM:*","s3:Get*"],"Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Deny","NotAction":["s3:get*","iam:*"],"Resource":"*"}]})"),
       true},
      {"Resource string equals a one-element list",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b/*"]}]})"),
       true},
      {"Resource order does not matter",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::a","arn:aws:s3:::b"]}]})"),
       true},
      {"resources are case-sensitive",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::Lake"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::lake"}]})"),
       false},
      {"a missing Version is 2012-10-17",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"),
       J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"),
       true},
      {"a different Version is a change",
       J(R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"), false},
      {"an empty Sid equals no Sid",
       J(R"({"Statement":[{"Sid":"","Effect":"Allow","Action":"s3:*","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"), true},
      {"a named Sid is kept",
       J(R"({"Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:*","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"), false},
      {"statement order does not matter",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"),
       true},
      {"Effect is compared",
       J(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"),
       J(R"({"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]})"), false},
      {"Principal \"*\" equals {\"AWS\": \"*\"}",
       J(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})"),
       true},
      {"an account id principal equals its root ARN (IAM rewrites it)",
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]})"),
       true},
      {"principal string equals a one-element list, lists are sets",
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com","AWS":["arn:aws:iam::1:role/b","arn:aws:iam::1:role/a"]},"Action":"sts:AssumeRole"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:role/a","arn:aws:iam::1:role/b"],"Service":["glue.amazonaws.com"]},"Action":"sts:AssumeRole"}]})"),
       true},
      {"different principals differ",
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:role/a"},"Action":"sts:AssumeRole"}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:role/b"},"Action":"sts:AssumeRole"}]})"),
       false},
      {"condition value string equals a one-element list",
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":["x"]}}}]})"),
       true},
      {"condition keys are case-insensitive",
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"STS:externalid":"x"}}}]})"),
       true},
      {"condition booleans compare as IAM's strings",
       J(R"({"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]})"),
       J(R"({"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})"),
       true},
      {"condition values are compared",
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]})"),
       J(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"y"}}}]})"),
       false},
      {"a policy written as JSON text equals the object",
       Value(
           R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})"),
       J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}]})"),
       true},
      {"a URL-encoded document (as IAM returns it) equals the object",
       Value("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%"
             "22Allow%22%2C"
             "%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"),
       J(R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})"), true},
  };
}

TEST(PolicyDocumentTest, CanonicalEquality) {
  for (const auto& c : Cases()) {
    EXPECT_EQ(PolicyDocumentsEqual(c.a, c.b), c.equal)
        << c.reason << "\n  a: " << NormalizePolicyDocument(c.a).dump()
        << "\n  b: " << NormalizePolicyDocument(c.b).dump();
  }
}

TEST(PolicyDocumentTest, NormalisationIsIdempotent) {
  for (const auto& c : Cases()) {
    for (const Value& v : {c.a, c.b}) {
      Value once = NormalizePolicyDocument(v);
      EXPECT_EQ(NormalizePolicyDocument(once), once) << c.reason;
    }
  }
}

TEST(PolicyDocumentTest, CanonicalShape) {
  Value n = NormalizePolicyDocument(
      J(R"({"Statement":{"Sid":"","Effect":"Allow","Principal":"*","Action":"STS:AssumeRole"}})"));
  EXPECT_EQ(n, J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                 R"("Principal":{"AWS":["*"]},"Action":["sts:assumerole"]}]})"));
}

TEST(PolicyDocumentTest, NonPolicyValuesAreLeftAlone) {
  struct Case {
    std::string reason;
    Value v;
  };
  for (const auto& c : std::vector<Case>{{"a number", Value(3)},
                                         {"text that is not JSON", Value("not json {")},
                                         {"an object without Statement", J(R"({"a":1})")},
                                         {"a list", J("[1,2]")},
                                         {"null", Value()}}) {
    EXPECT_EQ(NormalizePolicyDocument(c.v), c.v) << c.reason;
  }
}

TEST(PolicyDocumentTest, UrlDecode) {
  struct Case {
    std::string reason, in, out;
  };
  for (const auto& c : std::vector<Case>{
           {"percent escapes", "%7B%22a%22%3A1%7D", R"({"a":1})"},
           {"lower-case hex", "%7b%7d", "{}"},
           {"plus is literal (IAM encodes it as %2B)", "a+b%2Bc", "a+b+c"},
           {"a truncated escape is kept", "50%", "50%"},
           {"an invalid escape is kept", "%zz", "%zz"},
       }) {
    EXPECT_EQ(UrlDecode(c.in), c.out) << c.reason;
  }
}

TEST(PolicyDocumentTest, ParseIamPolicyDocument) {
  auto doc = ParseIamPolicyDocument("%7B%22Statement%22%3A%5B%5D%7D");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(*doc, J(R"({"Statement":[]})"));
  auto plain = ParseIamPolicyDocument(R"({"Statement":[]})");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, J(R"({"Statement":[]})"));
  auto bad = ParseIamPolicyDocument("%7Bnope");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  for (const char* not_an_object : {"5", "%5B%5D", "\"text\"", "null"}) {
    auto r = ParseIamPolicyDocument(not_an_object);
    ASSERT_FALSE(r.ok()) << not_an_object;
    EXPECT_NE(r.status().message().find("not a JSON object"), std::string::npos)
        << not_an_object << ": " << r.status().message();
  }
}

TEST(PolicyDocumentTest, PolicyDocumentText) {
  auto obj = PolicyDocumentText(J(R"({"Statement":[]})"), "policy");
  ASSERT_TRUE(obj.ok());
  EXPECT_EQ(*obj, R"({"Statement":[]})");
  auto text = PolicyDocumentText(Value(R"({ "Statement": [] })"), "policy");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, R"({ "Statement": [] })") << "text is sent as the user wrote it";
  auto bad = PolicyDocumentText(Value(42), "policy");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("policy"), std::string::npos);
}

}  // namespace
}  // namespace causeway::aws
