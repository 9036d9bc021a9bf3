// The null_unset_members fault (sandbox/aws/unset_members.h): replies of the JSON and REST-JSON
// services (Glue, Athena, Lake Formation) gain null for every output member the emulator left
// unset, recursively, only while the fault is on; the generated table covers exactly the
// operations the emulators implement.
#include "sandbox/aws/unset_members.h"

#include <gtest/gtest.h>

#include "sandbox/aws/aws_service.h"
#include "sandbox/clouds.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

TEST(UnsetMembersTest, NullsEveryUnsetMemberRecursively) {
  Value reply = {
      {"Database",
       {{"Name", "raw"},
        {"CreateTableDefaultPermissions",
         {{{"Permissions", {"ALL"}}},
          {{"Principal", {{"DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS"}}}}}}}}};
  sandbox::NullUnsetMembers("glue", "GetDatabase", &reply);
  const Value& db = reply["Database"];
  EXPECT_EQ(db["Name"], "raw") << "set members are kept";
  ASSERT_TRUE(db.contains("Description"));
  EXPECT_TRUE(db["Description"].is_null());
  EXPECT_TRUE(db["LocationUri"].is_null());
  EXPECT_TRUE(db["TargetDatabase"].is_null()) << "an unset structure is null, not filled in";
  const Value& first = db["CreateTableDefaultPermissions"][0];
  EXPECT_TRUE(first["Principal"].is_null()) << "into lists of structures";
  EXPECT_EQ(first["Permissions"], Value({"ALL"}));
  const Value& second = db["CreateTableDefaultPermissions"][1];
  EXPECT_EQ(second["Principal"]["DataLakePrincipalIdentifier"], "IAM_ALLOWED_PRINCIPALS")
      << "into structures nested in list items";
  EXPECT_TRUE(second["Permissions"].is_null());
}

TEST(UnsetMembersTest, TopLevelMembersAndUnknownOperations) {
  Value list = {{"DatabaseList", Value::array()}};
  sandbox::NullUnsetMembers("glue", "GetDatabases", &list);
  EXPECT_TRUE(list["NextToken"].is_null());
  EXPECT_TRUE(list["DatabaseList"].empty());

  Value untouched = {{"A", 1}};
  sandbox::NullUnsetMembers("glue", "NoSuchOperation", &untouched);
  sandbox::NullUnsetMembers("iam", "GetRole", &untouched);
  EXPECT_EQ(untouched, Value({{"A", 1}}));

  std::string not_json = "<xml/>";
  sandbox::NullUnsetMembersInReply("glue", "GetDatabase", &not_json);
  EXPECT_EQ(not_json, "<xml/>");
}

// The generated table and the dispatch tables name the same operations, so a new operation
// without a regenerated table (sandbox/aws/gen_output_members.py) fails here.
TEST(UnsetMembersTest, TableCoversEveryOperationOfTheJsonServices) {
  sandbox::SandboxServer server{sandbox::ServerOptions{}};
  ASSERT_TRUE(sandbox::AddEveryCloud(&server).ok());
  int json_services = 0;
  for (const char* name :
       {"iam", "sts", "s3", "glue", "lakeformation", "athena", "states", "lambda", "s3tables"}) {
    SCOPED_TRACE(name);
    auto* service = dynamic_cast<sandbox::AwsService*>(server.FindService(name));
    ASSERT_NE(service, nullptr);
    bool json = service->protocol() == sandbox::AwsProtocol::kJson ||
                service->protocol() == sandbox::AwsProtocol::kRestJson;
    json_services += json;
    EXPECT_EQ(sandbox::OperationsWithOutputMembers(name),
              json ? service->Operations() : std::vector<std::string>{});
  }
  EXPECT_EQ(json_services, 6);
}

class UnsetMembersFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  void Faults(const std::string& body) {
    auto r = client_->Raw(body.empty() ? "DELETE" : "POST", "/_sandbox/faults", body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  Value Glue(const std::string& op, const Value& body) {
    auto r = client_->Json("glue", "AWSGlue." + op, body);
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return r.Json();
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(UnsetMembersFaultTest, RepliesGainNullsOnlyWhileTheFaultIsOn) {
  Glue("CreateDatabase", {{"DatabaseInput", {{"Name", "raw"}}}});
  Value plain = Glue("GetDatabase", {{"Name", "raw"}})["Database"];
  EXPECT_FALSE(plain.contains("Description")) << "AWS omits unset members: " << plain.dump();

  Faults(R"({"null_unset_members":true})");
  EXPECT_EQ(client_->Raw("GET", "/_sandbox/faults").Json()["null_unset_members"], true);
  Value nulled = Glue("GetDatabase", {{"Name", "raw"}})["Database"];
  ASSERT_TRUE(nulled.contains("Description")) << nulled.dump();
  EXPECT_TRUE(nulled["Description"].is_null());
  EXPECT_EQ(nulled["Name"], "raw");

  auto athena = client_->Json("athena", "AmazonAthena.GetWorkGroup", {{"WorkGroup", "primary"}});
  ASSERT_EQ(athena.status, 200) << athena.body;
  EXPECT_TRUE(athena.Json()["WorkGroup"]["Description"].is_null()) << athena.body;

  auto lf = client_->Send("lakeformation", "POST", "/ListResources", "",
                          {{"content-type", "application/json"}}, "{}");
  ASSERT_EQ(lf.status, 200) << lf.body;
  EXPECT_TRUE(lf.Json().contains("NextToken") && lf.Json()["NextToken"].is_null()) << lf.body;

  auto missing = client_->Json("glue", "AWSGlue.GetDatabase", {{"Name", "nope"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_FALSE(missing.Json().contains("Database")) << "error replies keep their own shape";
  auto iam = client_->Query("iam", "ListRoles");
  EXPECT_EQ(iam.status, 200);
  EXPECT_EQ(iam.body.find("null"), std::string::npos) << "XML services are unaffected";

  Faults("");
  Value again = Glue("GetDatabase", {{"Name", "raw"}})["Database"];
  EXPECT_FALSE(again.contains("Description")) << "off again after DELETE /_sandbox/faults";
}

}  // namespace
}  // namespace causeway::testing
