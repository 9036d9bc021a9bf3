// Test fixture for the IAM kinds (tests/aws/iam_*_test.cc): the in-process sandbox, two
// AwsProviders configured for it (bulk and per-resource refresh), the kinds' schemas, and Drift()
// (tests/support/drift.h: the engine's own diff) by kind. Thread-safety: one fixture per test.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "providers/aws/aws_provider.h"
#include "tests/support/drift.h"
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
    return NewSandboxAwsProvider(&fixture_, {{"refresh_mode", mode}});
  }

  Observation Observe(Provider& p, const std::string& kind, const std::string& id,
                      const Value& attrs) {
    return ObserveOne(p, kind, id, attrs);
  }

  // The attributes a plan would show as changed between the manifest and the live object.
  std::vector<std::string> Drift(const std::string& kind, const Value& manifest,
                                 const Value& live) {
    return ::causeway::testing::Drift(schemas_.at(kind), manifest, live);
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
