// The Lake Formation emulator over HTTP (REST-JSON): registered locations, grants and revokes,
// ListPermissions filters and pagination, batch operations, data lake settings, Glue existence
// checks, and Lake Formation's error codes and messages.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kRole[] = "arn:aws:iam::123456789012:role/lf-access";
constexpr char kAnalyst[] = "arn:aws:iam::123456789012:role/analyst";

class LakeFormationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& op, const Value& body = Value::object()) {
    return client_->Send("lakeformation", "POST", "/" + op, "",
                         {{"content-type", "application/json"}}, body.dump());
  }
  Value Must(const std::string& op, const Value& body = Value::object()) {
    auto r = Call(op, body);
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return r.Json();
  }
  // The error type of a failed call (header), checking the body carries it too.
  std::string ErrorOf(SandboxReply r) {
    EXPECT_EQ(r.status, 400) << r.body;
    Value j = r.Json();
    EXPECT_EQ(j.value("__type", std::string()), r.headers["x-amzn-errortype"]);
    return r.headers["x-amzn-errortype"];
  }
  bool HasGlue() { return fixture_.server()->FindService("glue") != nullptr; }
  void GlueDatabase(const std::string& name) {
    auto r = client_->Json("glue", "AWSGlue.CreateDatabase", {{"DatabaseInput", {{"Name", name}}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void GlueTable(const std::string& db, const std::string& name) {
    auto r = client_->Json("glue", "AWSGlue.CreateTable",
                           {{"DatabaseName", db}, {"TableInput", {{"Name", name}}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static Value Grant(const std::string& principal, const Value& resource, const Value& perms,
                     const Value& grantable = Value::array()) {
    return {{"Principal", {{"DataLakePrincipalIdentifier", principal}}},
            {"Resource", resource},
            {"Permissions", perms},
            {"PermissionsWithGrantOption", grantable}};
  }
  static Value Db(const std::string& name) { return {{"Database", {{"Name", name}}}}; }
  static Value Location(const std::string& arn) {
    return {{"DataLocation", {{"ResourceArn", arn}}}};
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(LakeFormationServiceTest, RegisterDescribeListDeregister) {
  Must("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"}, {"RoleArn", kRole}});
  Must("RegisterResource",
       {{"ResourceArn", "arn:aws:s3:::lake/curated"}, {"UseServiceLinkedRole", true}});
  Value d = Must("DescribeResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"}});
  EXPECT_EQ(d["ResourceInfo"]["RoleArn"], kRole);
  EXPECT_TRUE(d["ResourceInfo"]["LastModified"].is_number());
  Value all = Must("ListResources");
  ASSERT_EQ(all["ResourceInfoList"].size(), 2u);
  EXPECT_EQ(all["ResourceInfoList"][0]["ResourceArn"], "arn:aws:s3:::lake/curated");
  EXPECT_EQ(all["ResourceInfoList"][0]["RoleArn"],
            "arn:aws:iam::123456789012:role/aws-service-role/lakeformation.amazonaws.com/"
            "AWSServiceRoleForLakeFormationDataAccess");
  Must("UpdateResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"},
                          {"RoleArn", "arn:aws:iam::123456789012:role/other"}});
  EXPECT_EQ(Must("DescribeResource",
                 {{"ResourceArn", "arn:aws:s3:::lake/raw"}})["ResourceInfo"]["RoleArn"],
            "arn:aws:iam::123456789012:role/other");
  Must("DeregisterResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"}});
  auto gone = Call("DescribeResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"}});
  EXPECT_EQ(ErrorOf(gone), "EntityNotFoundException");
  EXPECT_EQ(gone.Json()["Message"], "Entity not found");
}

TEST_F(LakeFormationServiceTest, ResourceErrors) {
  Must("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake"}, {"RoleArn", kRole}});
  struct Case {
    std::string reason, op;
    Value body;
    std::string code;
  } cases[] = {
      {"registering twice",
       "RegisterResource",
       {{"ResourceArn", "arn:aws:s3:::lake"}, {"RoleArn", kRole}},
       "AlreadyExistsException"},
      {"not an S3 ARN",
       "RegisterResource",
       {{"ResourceArn", "lake"}, {"RoleArn", kRole}},
       "InvalidInputException"},
      {"neither role nor service-linked role",
       "RegisterResource",
       {{"ResourceArn", "arn:aws:s3:::x"}},
       "InvalidInputException"},
      {"both role and service-linked role",
       "RegisterResource",
       {{"ResourceArn", "arn:aws:s3:::x"}, {"RoleArn", kRole}, {"UseServiceLinkedRole", true}},
       "InvalidInputException"},
      {"bad role ARN",
       "RegisterResource",
       {{"ResourceArn", "arn:aws:s3:::x"}, {"RoleArn", "r"}},
       "InvalidInputException"},
      {"deregister unknown",
       "DeregisterResource",
       {{"ResourceArn", "arn:aws:s3:::ghost"}},
       "EntityNotFoundException"},
      {"update unknown",
       "UpdateResource",
       {{"ResourceArn", "arn:aws:s3:::ghost"}, {"RoleArn", kRole}},
       "EntityNotFoundException"},
      {"bad token", "ListResources", {{"NextToken", "garbage"}}, "InvalidInputException"},
      {"page too large", "ListResources", {{"MaxResults", 5000}}, "InvalidInputException"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ErrorOf(Call(c.op, c.body)), c.code) << c.reason;
  }
}

TEST_F(LakeFormationServiceTest, ListResourcesPaginatesAndFilters) {
  for (int i = 0; i < 5; ++i) {
    Must("RegisterResource",
         {{"ResourceArn", "arn:aws:s3:::lake/p" + std::to_string(i)}, {"RoleArn", kRole}});
  }
  std::set<std::string> seen;
  Value body = {{"MaxResults", 2}};
  int pages = 0;
  while (true) {
    Value page = Must("ListResources", body);
    ++pages;
    for (const auto& r : page["ResourceInfoList"]) seen.insert(r["ResourceArn"]);
    if (!page.contains("NextToken")) break;
    body["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);
  Value filtered = Must("ListResources", {{"FilterConditionList",
                                           {{{"Field", "RESOURCE_ARN"},
                                             {"ComparisonOperator", "EQ"},
                                             {"StringValueList", {"arn:aws:s3:::lake/p3"}}}}}});
  ASSERT_EQ(filtered["ResourceInfoList"].size(), 1u);
  EXPECT_EQ(filtered["ResourceInfoList"][0]["ResourceArn"], "arn:aws:s3:::lake/p3");
}

TEST_F(LakeFormationServiceTest, GrantListRevoke) {
  if (HasGlue()) GlueDatabase("raw");
  Must("GrantPermissions", Grant(kAnalyst, Db("raw"), {"DESCRIBE"}));
  Must("GrantPermissions", Grant(kAnalyst, Db("raw"), {"ALTER", "CREATE_TABLE"}, {"ALTER"}));
  Value list = Must("ListPermissions", {{"ResourceType", "DATABASE"}});
  ASSERT_EQ(list["PrincipalResourcePermissions"].size(), 1u);
  const Value& e = list["PrincipalResourcePermissions"][0];
  EXPECT_EQ(e["Principal"]["DataLakePrincipalIdentifier"], kAnalyst);
  EXPECT_EQ(e["Resource"]["Database"]["Name"], "raw");
  EXPECT_EQ(e["Resource"]["Database"]["CatalogId"], "123456789012");
  EXPECT_EQ(e["Permissions"], Value({"ALTER", "CREATE_TABLE", "DESCRIBE"}));
  EXPECT_EQ(e["PermissionsWithGrantOption"], Value({"ALTER"}));
  // Revoking a permission drops its grant option too.
  Must("RevokePermissions", Grant(kAnalyst, Db("raw"), {"ALTER"}));
  Value after = Must("ListPermissions", {{"Principal", {{"DataLakePrincipalIdentifier", kAnalyst}}},
                                         {"Resource", Db("raw")}});
  ASSERT_EQ(after["PrincipalResourcePermissions"].size(), 1u);
  EXPECT_EQ(after["PrincipalResourcePermissions"][0]["Permissions"],
            Value({"CREATE_TABLE", "DESCRIBE"}));
  EXPECT_EQ(after["PrincipalResourcePermissions"][0]["PermissionsWithGrantOption"], Value::array());
  Must("RevokePermissions", Grant(kAnalyst, Db("raw"), {"CREATE_TABLE", "DESCRIBE"}));
  EXPECT_TRUE(Must("ListPermissions")["PrincipalResourcePermissions"].empty());
  auto again = Call("RevokePermissions", Grant(kAnalyst, Db("raw"), {"DESCRIBE"}));
  EXPECT_EQ(ErrorOf(again), "InvalidInputException");
  EXPECT_EQ(again.Json()["Message"],
            "No permissions revoked. Grantee has no permissions and no grantable permissions on "
            "resource.");
}

TEST_F(LakeFormationServiceTest, ListPermissionsFiltersByTypeResourceAndPrincipal) {
  if (HasGlue()) {
    GlueDatabase("raw");
    GlueTable("raw", "events");
  }
  Must("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake"}, {"RoleArn", kRole}});
  Must("GrantPermissions", Grant(kAnalyst, {{"Catalog", Value::object()}}, {"CREATE_DATABASE"}));
  Must("GrantPermissions", Grant(kAnalyst, Db("raw"), {"DESCRIBE"}));
  Must("GrantPermissions", Grant("IAM_ALLOWED_PRINCIPALS", Db("raw"), {"ALL"}));
  Must("GrantPermissions",
       Grant(kAnalyst, {{"Table", {{"DatabaseName", "raw"}, {"Name", "events"}}}}, {"SELECT"}));
  Must("GrantPermissions",
       Grant(kAnalyst, {{"Table", {{"DatabaseName", "raw"}, {"TableWildcard", Value::object()}}}},
             {"DESCRIBE"}));
  Must("GrantPermissions",
       Grant(kAnalyst,
             {{"TableWithColumns",
               {{"DatabaseName", "raw"}, {"Name", "events"}, {"ColumnNames", {"b", "a"}}}}},
             {"SELECT"}));
  Must("GrantPermissions",
       Grant(kAnalyst, Location("arn:aws:s3:::lake/raw/"), {"DATA_LOCATION_ACCESS"}));
  struct Case {
    std::string reason;
    Value filter;
    size_t count;
  } cases[] = {
      {"everything", Value::object(), 7},
      {"catalog type", {{"ResourceType", "CATALOG"}}, 1},
      {"database type", {{"ResourceType", "DATABASE"}}, 2},
      {"table type includes wildcard and column grants", {{"ResourceType", "TABLE"}}, 3},
      {"data location type", {{"ResourceType", "DATA_LOCATION"}}, 1},
      {"LF tags are never granted here", {{"ResourceType", "LF_TAG"}}, 0},
      {"one database, every principal", {{"Resource", Db("raw")}}, 2},
      {"one table also lists its column grants",
       {{"Resource", {{"Table", {{"DatabaseName", "raw"}, {"Name", "events"}}}}}},
       2},
      {"principal and resource",
       {{"Principal", {{"DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS"}}},
        {"Resource", Db("raw")}},
       1},
  };
  for (const auto& c : cases) {
    Value r = Must("ListPermissions", c.filter);
    EXPECT_EQ(r["PrincipalResourcePermissions"].size(), c.count) << c.reason << ": " << r.dump();
  }
  // Column names come back sorted; pagination covers everything exactly once.
  Value twc = Must("ListPermissions", {{"ResourceType", "TABLE"}});
  bool saw_columns = false;
  for (const auto& e : twc["PrincipalResourcePermissions"]) {
    if (e["Resource"].contains("TableWithColumns")) {
      saw_columns = true;
      EXPECT_EQ(e["Resource"]["TableWithColumns"]["ColumnNames"], Value({"a", "b"}));
    }
  }
  EXPECT_TRUE(saw_columns);
  size_t total = 0;
  Value body = {{"MaxResults", 3}};
  for (int guard = 0; guard < 10; ++guard) {
    Value page = Must("ListPermissions", body);
    total += page["PrincipalResourcePermissions"].size();
    if (!page.contains("NextToken")) break;
    body["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(total, 7u);
}

TEST_F(LakeFormationServiceTest, GrantErrors) {
  Must("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"}, {"RoleArn", kRole}});
  struct Case {
    std::string reason;
    Value body;
    std::string code;
  } cases[] = {
      {"no principal",
       {{"Resource", Db("raw")}, {"Permissions", {"DESCRIBE"}}},
       "InvalidInputException"},
      {"empty resource", Grant(kAnalyst, Value::object(), {"DESCRIBE"}), "InvalidInputException"},
      {"two resources at once",
       Grant(kAnalyst, {{"Database", {{"Name", "raw"}}}, {"Catalog", Value::object()}},
             {"DESCRIBE"}),
       "InvalidInputException"},
      {"table needs a name or a wildcard",
       Grant(kAnalyst, {{"Table", {{"DatabaseName", "raw"}}}}, {"SELECT"}),
       "InvalidInputException"},
      {"unknown permission", Grant(kAnalyst, Db("raw"), {"READ"}), "InvalidInputException"},
      {"permission not applicable to a database", Grant(kAnalyst, Db("raw"), {"SELECT"}),
       "InvalidInputException"},
      {"grant option without the permission", Grant(kAnalyst, Db("raw"), {"DESCRIBE"}, {"ALTER"}),
       "InvalidInputException"},
      {"unregistered location",
       Grant(kAnalyst, Location("arn:aws:s3:::elsewhere"), {"DATA_LOCATION_ACCESS"}),
       "AccessDeniedException"},
      {"sibling of a registered location",
       Grant(kAnalyst, Location("arn:aws:s3:::lake/rawdata"), {"DATA_LOCATION_ACCESS"}),
       "AccessDeniedException"},
      {"principal filter without a resource",
       {{"Principal", {{"DataLakePrincipalIdentifier", kAnalyst}}}},
       "InvalidInputException"},
  };
  for (const auto& c : cases) {
    const bool list = c.reason == "principal filter without a resource";
    EXPECT_EQ(ErrorOf(Call(list ? "ListPermissions" : "GrantPermissions", c.body)), c.code)
        << c.reason;
  }
}

TEST_F(LakeFormationServiceTest, GrantChecksGlueCatalog) {
  if (!HasGlue()) GTEST_SKIP() << "the Glue emulator is not compiled in";
  auto r = Call("GrantPermissions", Grant(kAnalyst, Db("ghost"), {"DESCRIBE"}));
  EXPECT_EQ(ErrorOf(r), "EntityNotFoundException") << r.body;
  GlueDatabase("raw");
  auto t =
      Call("GrantPermissions",
           Grant(kAnalyst, {{"Table", {{"DatabaseName", "raw"}, {"Name", "nope"}}}}, {"SELECT"}));
  EXPECT_EQ(ErrorOf(t), "EntityNotFoundException") << t.body;
  Must("GrantPermissions",
       Grant(kAnalyst, {{"Table", {{"DatabaseName", "raw"}, {"TableWildcard", Value::object()}}}},
             {"SELECT"}));
}

TEST_F(LakeFormationServiceTest, BatchGrantAndRevokeReportFailuresPerEntry) {
  if (HasGlue()) GlueDatabase("raw");
  Value entries = Value::array();
  Value ok = Grant(kAnalyst, Db("raw"), {"DESCRIBE"});
  ok["Id"] = "1";
  Value bad = Grant(kAnalyst, Db("raw"), {"SELECT"});
  bad["Id"] = "2";
  Value grant = Must("BatchGrantPermissions", {{"Entries", {ok, bad}}});
  ASSERT_EQ(grant["Failures"].size(), 1u);
  EXPECT_EQ(grant["Failures"][0]["RequestEntry"]["Id"], "2");
  EXPECT_EQ(grant["Failures"][0]["Error"]["ErrorCode"], "InvalidInputException");
  Value revoke = Must("BatchRevokePermissions", {{"Entries", {ok, ok}}});
  ASSERT_EQ(revoke["Failures"].size(), 1u) << "the second revoke finds nothing";
  EXPECT_TRUE(Must("ListPermissions")["PrincipalResourcePermissions"].empty());
}

TEST_F(LakeFormationServiceTest, DataLakeSettingsRoundTrip) {
  Value initial = Must("GetDataLakeSettings");
  EXPECT_EQ(initial["DataLakeSettings"]["DataLakeAdmins"], Value::array());
  Value settings = {{"DataLakeAdmins", {{{"DataLakePrincipalIdentifier", kAnalyst}}}},
                    {"CreateDatabaseDefaultPermissions", Value::array()},
                    {"CreateTableDefaultPermissions", Value::array()}};
  Must("PutDataLakeSettings", {{"DataLakeSettings", settings}});
  EXPECT_EQ(Must("GetDataLakeSettings")["DataLakeSettings"], settings);
  EXPECT_EQ(ErrorOf(Call("PutDataLakeSettings", Value::object())), "InvalidInputException");
}

TEST_F(LakeFormationServiceTest, StateSurvivesRestartAndCountsOperations) {
  Must("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake"}, {"RoleArn", kRole}});
  Must("GrantPermissions", Grant(kAnalyst, Location("arn:aws:s3:::lake/x"),
                                 {"DATA_LOCATION_ACCESS"}, {"DATA_LOCATION_ACCESS"}));
  Value counts = client_->Raw("GET", "/_sandbox/counts").Json();
  EXPECT_EQ(counts["by_operation"]["lakeformation:GrantPermissions"], 1) << counts.dump();
  Value before = client_->Raw("GET", "/_sandbox/dump?service=lakeformation").Json();
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  Value after = client_->Raw("GET", "/_sandbox/dump?service=lakeformation").Json();
  EXPECT_EQ(before, after);
  Value list = Must("ListPermissions", {{"ResourceType", "DATA_LOCATION"}});
  ASSERT_EQ(list["PrincipalResourcePermissions"].size(), 1u);
  EXPECT_EQ(list["PrincipalResourcePermissions"][0]["PermissionsWithGrantOption"],
            Value({"DATA_LOCATION_ACCESS"}));
}

TEST_F(LakeFormationServiceTest, MalformedBodyIsRejected) {
  auto r = client_->Send("lakeformation", "POST", "/ListResources", "",
                         {{"content-type", "application/json"}}, "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers["x-amzn-errortype"], "SerializationException");
}

}  // namespace
}  // namespace causeway::testing
