// AwsProvider::undeclared over the sandbox: inside a managed role, inline and attached policies
// no managed resource declares; inside a managed Glue database, its undeclared tables and Lake
// Formation grants (on it and on every table of it); inside a managed table, grants on it. What
// is managed is not reported, nor what is outside managed containers; each finding deletes
// through the ordinary remove() of its kind; and the list calls made are counted.
#include "providers/aws/undeclared_finder.h"

#include <gtest/gtest.h>

#include "providers/aws/aws_provider.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/undeclared_lines.h"

namespace causeway::testing {
namespace {

constexpr char kNobody[] = "arn:aws:iam::123456789012:role/nobody";

const Value kTrust = Value::parse(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}]})");
const Value kAdmin = Value::parse(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Action": "*", "Resource": "*"}]})");

class UndeclaredFinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    provider_ = NewSandboxAwsProvider(&fixture_, {});
  }

  // Creates the object; managed ones are remembered as the planner would pass them.
  void Make(const std::string& address, const Value& attrs, bool managed) {
    Address a = *Address::Parse(address);
    auto r = provider_->create(CreateRequest{a, attrs});
    ASSERT_TRUE(r.ok()) << address << ": " << r.status().ToString();
    if (managed) managed_.push_back(ObserveItem{a, r->id, r->attributes});
  }
  void Grant(const Value& resource) {
    auto r = client_->Send("lakeformation", "POST", "/GrantPermissions", "",
                           {{"content-type", "application/json"}},
                           Value{{"Principal", {{"DataLakePrincipalIdentifier", kNobody}}},
                                 {"Resource", resource},
                                 {"Permissions", {"ALL"}}}
                               .dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::vector<std::string> Found() { return FindingLines(*provider_, managed_); }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> provider_;
  std::vector<ObserveItem> managed_;
};

TEST_F(UndeclaredFinderTest, FindsWhatNoManagedResourceDeclaresInsideManagedContainers) {
  Make("aws.iam.role.etl", {{"role_name", "etl"}, {"assume_role_policy", kTrust}}, true);
  Make("aws.iam.role.nobody", {{"role_name", "nobody"}, {"assume_role_policy", kTrust}}, false);
  Make("aws.iam.role_policy.read", {{"role", "etl"}, {"policy_name", "read"}, {"policy", kAdmin}},
       true);
  Make("aws.iam.role_policy.admin", {{"role", "etl"}, {"policy_name", "admin"}, {"policy", kAdmin}},
       false);
  Make("aws.iam.role_policy.other",  // inside an unmanaged role: not reported
       {{"role", "nobody"}, {"policy_name", "admin"}, {"policy", kAdmin}}, false);
  Make("aws.iam.policy.ro", {{"policy_name", "ro"}, {"policy", kAdmin}}, false);
  Make("aws.iam.role_policy_attachment.ro",
       {{"role", "etl"}, {"policy_arn", "arn:aws:iam::123456789012:policy/ro"}}, false);
  Make("aws.glue.database.raw", {{"name", "raw"}}, true);
  Make("aws.glue.database.other", {{"name", "other"}}, false);
  Make("aws.glue.table.events", {{"database", "raw"}, {"name", "events"}}, true);
  Make("aws.glue.table.scratch", {{"database", "raw"}, {"name", "scratch"}}, false);
  Make("aws.glue.table.elsewhere", {{"database", "other"}, {"name", "t"}}, false);
  Grant({{"Database", {{"Name", "raw"}}}});
  Grant({{"Table", {{"DatabaseName", "raw"}, {"Name", "events"}}}});
  Grant({{"Database", {{"Name", "other"}}}});  // an unmanaged database: not reported

  EXPECT_EQ(Found(), (std::vector<std::string>{
                         "aws.glue.database.raw | aws.glue.table.raw_scratch | table raw.scratch "
                         "| object",
                         "aws.glue.database.raw | aws.lakeformation.permissions.nobody_on_raw | "
                         "Lake Formation ALL on database raw to " +
                             std::string(kNobody) + " | privilege",
                         "aws.glue.table.events | aws.lakeformation.permissions.nobody_on_events "
                         "| Lake Formation ALL on table raw.events to " +
                             std::string(kNobody) + " | privilege",
                         "aws.iam.role.etl | aws.iam.role_policy.etl_admin | inline policy "
                         "\"admin\" allows * on * | privilege",
                         "aws.iam.role.etl | aws.iam.role_policy_attachment.etl_ro | managed "
                         "policy arn:aws:iam::123456789012:policy/ro attached | privilege",
                     }));

  // Each finding is removed by its kind's own remove().
  auto found = provider_->undeclared(managed_);
  ASSERT_TRUE(found.ok());
  for (const auto& u : *found) {
    if (u.address.kind == "aws.glue.table") continue;  // data: the plan keeps it by default
    Status s = provider_->remove(DeleteRequest{u.address, u.id, u.attributes});
    ASSERT_TRUE(s.ok()) << u.address.str() << ": " << s.ToString();
  }
  EXPECT_EQ(Found(), (std::vector<std::string>{
                         "aws.glue.database.raw | aws.glue.table.raw_scratch | table raw.scratch "
                         "| object"}));
}

TEST_F(UndeclaredFinderTest, NothingManagedMeansNoCalls) {
  ASSERT_EQ(client_->Raw("POST", "/_sandbox/counts/reset").status, 200);
  auto found = provider_->undeclared({});
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  Value c = client_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(c.value("total", int64_t{-1}), 0) << c.dump();
}

}  // namespace
}  // namespace causeway::testing
