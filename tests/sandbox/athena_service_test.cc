// The Athena emulator over HTTP (JSON 1.1): workgroup lifecycle, the always-present primary
// workgroup, ListWorkGroups pagination, UpdateWorkGroup's configuration updates and Remove*
// flags, and Athena's InvalidRequestException messages.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

class AthenaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& op, const Value& body = Value::object()) {
    return client_->Json("athena", "AmazonAthena." + op, body);
  }
  Value Must(const std::string& op, const Value& body = Value::object()) {
    auto r = Call(op, body);
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return r.Json();
  }
  // The message of an InvalidRequestException.
  std::string Invalid(const SandboxReply& r) {
    EXPECT_EQ(r.status, 400) << r.body;
    Value j = r.Json();
    EXPECT_EQ(j.value("__type", std::string()), "InvalidRequestException") << r.body;
    return j.value("message", std::string());
  }
  Value Get(const std::string& name) { return Must("GetWorkGroup", {{"WorkGroup", name}}); }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(AthenaServiceTest, PrimaryAlwaysExistsAndCannotBeDeleted) {
  Value primary = Get("primary");
  EXPECT_EQ(primary["WorkGroup"]["Name"], "primary");
  EXPECT_EQ(primary["WorkGroup"]["State"], "ENABLED");
  EXPECT_FALSE(Invalid(Call("DeleteWorkGroup", {{"WorkGroup", "primary"}})).empty());
  // A reset keeps it.
  ASSERT_EQ(client_->Raw("POST", "/_sandbox/reset").status, 200);
  Get("primary");
}

TEST_F(AthenaServiceTest, CreateGetUpdateDelete) {
  Must("CreateWorkGroup", {{"Name", "analytics"},
                           {"Description", "BI queries"},
                           {"Configuration",
                            {{"ResultConfiguration", {{"OutputLocation", "s3://results/athena/"}}},
                             {"EnforceWorkGroupConfiguration", true},
                             {"PublishCloudWatchMetricsEnabled", false},
                             {"BytesScannedCutoffPerQuery", 10000000000}}},
                           {"Tags", {{{"Key", "team"}, {"Value", "bi"}}}}});
  Value wg = Get("analytics")["WorkGroup"];
  EXPECT_EQ(wg["Description"], "BI queries");
  EXPECT_EQ(wg["State"], "ENABLED");
  EXPECT_TRUE(wg["CreationTime"].is_number());
  EXPECT_EQ(wg["Configuration"]["ResultConfiguration"]["OutputLocation"], "s3://results/athena/");
  EXPECT_EQ(wg["Configuration"]["EnforceWorkGroupConfiguration"], true);
  EXPECT_EQ(wg["Configuration"]["PublishCloudWatchMetricsEnabled"], false);
  EXPECT_EQ(wg["Configuration"]["BytesScannedCutoffPerQuery"], 10000000000);
  EXPECT_EQ(wg["Configuration"]["EngineVersion"]["SelectedEngineVersion"], "AUTO");

  Must("UpdateWorkGroup", {{"WorkGroup", "analytics"},
                           {"Description", "changed"},
                           {"State", "DISABLED"},
                           {"ConfigurationUpdates",
                            {{"ResultConfigurationUpdates", {{"RemoveOutputLocation", true}}},
                             {"PublishCloudWatchMetricsEnabled", true},
                             {"RemoveBytesScannedCutoffPerQuery", true}}}});
  wg = Get("analytics")["WorkGroup"];
  EXPECT_EQ(wg["Description"], "changed");
  EXPECT_EQ(wg["State"], "DISABLED");
  EXPECT_FALSE(wg["Configuration"]["ResultConfiguration"].contains("OutputLocation"));
  EXPECT_EQ(wg["Configuration"]["PublishCloudWatchMetricsEnabled"], true);
  EXPECT_EQ(wg["Configuration"]["EnforceWorkGroupConfiguration"], true) << "left unchanged";
  EXPECT_FALSE(wg["Configuration"].contains("BytesScannedCutoffPerQuery"));

  Must("DeleteWorkGroup", {{"WorkGroup", "analytics"}, {"RecursiveDeleteOption", true}});
  EXPECT_EQ(Invalid(Call("GetWorkGroup", {{"WorkGroup", "analytics"}})),
            "WorkGroup analytics is not found.");
}

TEST_F(AthenaServiceTest, Errors) {
  Must("CreateWorkGroup", {{"Name", "etl"}});
  struct Case {
    std::string reason, op;
    Value body;
    std::string message_contains;
  } cases[] = {
      {"duplicate", "CreateWorkGroup", {{"Name", "etl"}}, "WorkGroup is already created"},
      {"bad name",
       "CreateWorkGroup",
       {{"Name", "has space"}},
       "failed to satisfy constraint: Member must satisfy regular expression pattern"},
      {"cutoff too small",
       "CreateWorkGroup",
       {{"Name", "x"}, {"Configuration", {{"BytesScannedCutoffPerQuery", 5}}}},
       "bytesScannedCutoffPerQuery"},
      {"output location not S3",
       "CreateWorkGroup",
       {{"Name", "x"}, {"Configuration", {{"ResultConfiguration", {{"OutputLocation", "/tmp"}}}}}},
       "outputLocation"},
      {"get missing", "GetWorkGroup", {{"WorkGroup", "ghost"}}, "WorkGroup ghost is not found."},
      {"update missing",
       "UpdateWorkGroup",
       {{"WorkGroup", "ghost"}, {"Description", "x"}},
       "WorkGroup ghost is not found."},
      {"bad state",
       "UpdateWorkGroup",
       {{"WorkGroup", "etl"}, {"State", "PAUSED"}},
       "Member must satisfy enum value set"},
      {"delete missing",
       "DeleteWorkGroup",
       {{"WorkGroup", "ghost"}},
       "WorkGroup ghost is not found."},
      {"list page too large", "ListWorkGroups", {{"MaxResults", 51}}, "maxResults"},
  };
  for (const auto& c : cases) {
    std::string m = Invalid(Call(c.op, c.body));
    EXPECT_NE(m.find(c.message_contains), std::string::npos) << c.reason << ": " << m;
  }
  // Nothing was created by the failed calls.
  EXPECT_EQ(Invalid(Call("GetWorkGroup", {{"WorkGroup", "x"}})), "WorkGroup x is not found.");
}

TEST_F(AthenaServiceTest, ListWorkGroupsPaginates) {
  for (int i = 0; i < 7; ++i) Must("CreateWorkGroup", {{"Name", "wg" + std::to_string(i)}});
  std::set<std::string> names;
  Value body = {{"MaxResults", 3}};
  int pages = 0;
  for (; pages < 10; ++pages) {
    Value page = Must("ListWorkGroups", body);
    for (const auto& w : page["WorkGroups"]) {
      names.insert(w["Name"]);
      EXPECT_TRUE(w.contains("State"));
      EXPECT_FALSE(w.contains("Configuration")) << "summaries carry no configuration";
    }
    if (!page.contains("NextToken")) break;
    body["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(pages, 2) << "8 workgroups in pages of 3 is 3 pages";
  EXPECT_EQ(names.size(), 8u);
  EXPECT_TRUE(names.count("primary"));
}

TEST_F(AthenaServiceTest, StateSurvivesRestart) {
  Must("CreateWorkGroup",
       {{"Name", "keep"}, {"Configuration", {{"BytesScannedCutoffPerQuery", 20000000}}}});
  Value before = Get("keep");
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(Get("keep"), before);
}

}  // namespace
}  // namespace causeway::testing
