// Test fixture for the IAM kinds (tests/aws/iam_*_test.cc): the in-process sandbox, two
// AwsProviders configured for it (bulk and per-resource refresh), the kinds' schemas, and Drift(),
// which compares a manifest with an observation the way the engine's diff does (schema defaults
// and normalisers). Thread-safety: one fixture per test.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "providers/aws/aws_provider.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {

inline constexpr char kRole[] = "aws.iam.role";
inline constexpr char kRolePolicy[] = "aws.iam.role_policy";
inline constexpr char kPolicy[] = "aws.iam.policy";
inline constexpr char kAttachment[] = "aws.iam.role_policy_attachment";

inline Value J(const char* text) { return Value::parse(text); }

inline Value GlueTrust() {
  return J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
           R"("Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
}
inline Value ReadPolicy() {
  return J(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",)"
           R"("Resource":"arn:aws:s3:::lake/*"}]})");
}

class IamKindsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    bulk_ = NewProvider("bulk");
    per_resource_ = NewProvider("per-resource");
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) schemas_[s.kind] = s;
  }

  std::unique_ptr<aws::AwsProvider> NewProvider(const std::string& mode) {
    aws::Credentials creds = SandboxFixture::DefaultCredentials();
    aws::AwsProviderOptions o;
    std::string url = fixture_.endpoint();
    o.sandbox = [url, creds]() -> Result<aws::SandboxEndpoint> {
      return aws::SandboxEndpoint{url, creds.access_key_id, creds.secret_access_key};
    };
    auto p = std::make_unique<aws::AwsProvider>(o);
    Status s =
        p->configure({{"endpoint", "sandbox"}, {"region", "us-east-1"}, {"refresh_mode", mode}});
    if (!s.ok()) {
      ADD_FAILURE() << s.ToString();
      return nullptr;
    }
    return p;
  }

  Observation Observe(Provider& p, const std::string& kind, const std::string& id,
                      const Value& attrs) {
    auto r = p.observe({ObserveItem{Address{kind, "x"}, id, attrs}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok() || r->size() != 1) return Observation{};
    return (*r)[0];
  }

  // The attributes a plan would show as changed between the manifest and the live object,
  // compared as the engine does (schema defaults, normalisers).
  std::vector<std::string> Drift(const std::string& kind, const Value& manifest,
                                 const Value& live) {
    std::vector<std::string> out;
    for (const auto& a : schemas_.at(kind).attributes) {
      if (a.computed) continue;
      Value want = manifest.contains(a.name) ? manifest[a.name] : a.default_value.value_or(Value());
      if (want.is_null()) continue;
      Value have = live.contains(a.name) ? live[a.name] : Value();
      if (have.is_null() && a.default_value) have = *a.default_value;
      if (NormalizeAttr(&a, have) != NormalizeAttr(&a, want)) out.push_back(a.name);
    }
    return out;
  }

  Result<ResourceResult> Create(const std::string& kind, const Value& attrs) {
    return bulk_->create(CreateRequest{Address{kind, "x"}, attrs});
  }

  Value Counts() { return client_->Raw("GET", "/_sandbox/counts").Json(); }
  void ResetCounts() { client_->Raw("POST", "/_sandbox/counts/reset"); }

  SandboxReply Iam(const std::string& action,
                   const std::vector<std::pair<std::string, std::string>>& params) {
    return client_->Query("iam", action, params);
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  std::map<std::string, KindSchema> schemas_;
};

}  // namespace causeway::testing
