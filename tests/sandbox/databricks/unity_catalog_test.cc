// The Databricks front end and the Unity Catalog emulator over loopback HTTP, with the test
// personal access token: create/list/get/update/delete of catalogs, schemas, tables, storage
// credentials and external locations in hosted Databricks' shapes; page tokens; Databricks'
// error shapes (401, 404, 409, 400, 429); overlapping external locations refused; permissions
// round trips; case-insensitive names; persistence, counts and the admin API's clouds entry.
#include <gtest/gtest.h>

#include <set>

#include "sandbox/core/base64.h"
#include "sandbox/databricks/databricks_frontend.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kUc[] = "/api/2.1/unity-catalog";
const std::string kToken = sandbox::kDefaultDatabricksToken;
const std::string kRoleArn = "arn:aws:iam::123456789012:role/uc-access";

std::string Base64(const std::string& text) { return sandbox::Base64Encode(text); }

SandboxFixture::Options WithClock(Clock* clock) {
  SandboxFixture::Options options;
  options.clock = clock;
  return options;
}

class UnityCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Call(const std::string& method, const std::string& path, const Value& body = {},
                    const std::string& token = kToken) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"content-type", "application/json"}};
    if (!token.empty()) headers.emplace_back("authorization", "Bearer " + token);
    return client_->Raw(method, kUc + path, body.is_null() ? "" : body.dump(), headers);
  }
  Value Must(const std::string& method, const std::string& path, const Value& body = {}) {
    SandboxReply r = Call(method, path, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return r.Json();
  }
  // The error_code of a Databricks error reply with `status`; its message in *message.
  std::string ErrorCode(const SandboxReply& r, int status, std::string* message = nullptr) {
    EXPECT_EQ(r.status, status) << r.body;
    Value j = r.Json();
    EXPECT_TRUE(j.is_object() && j.contains("error_code") && j.contains("message")) << r.body;
    if (message != nullptr) *message = j.value("message", std::string());
    return j.value("error_code", std::string());
  }
  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return client_->Raw(method, path, body).Json();
  }
  void CreateCredential(const std::string& name) {
    Must("POST", "/storage-credentials",
         {{"name", name}, {"aws_iam_role", {{"role_arn", kRoleArn}}}});
  }
  // Every item of `field` over all pages of `path` (with `query`), `page` at a time; the number
  // of requests it took in *pages.
  std::vector<std::string> AllPages(const std::string& path, const std::string& query,
                                    const std::string& field, int page, int* pages) {
    std::vector<std::string> names;
    std::string token;
    *pages = 0;
    do {
      std::string q = query + "&max_results=" + std::to_string(page);
      if (!token.empty()) q += "&page_token=" + token;
      Value v = Must("GET", path + "?" + q);
      ++*pages;
      EXPECT_LE(v[field].size(), static_cast<size_t>(page));
      for (const auto& item : v[field]) names.push_back(item["name"].get<std::string>());
      token = v.value("next_page_token", std::string());
    } while (!token.empty() && *pages < 100);
    return names;
  }

  FakeClock clock_;
  SandboxFixture fixture_{WithClock(&clock_)};
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(UnityCatalogTest, CatalogLifecycle) {
  Value created = Must("POST", "/catalogs",
                       {{"name", "main"},
                        {"comment", "lake"},
                        {"storage_root", "s3://lake/uc/"},
                        {"properties", {{"team", "data"}}}});
  EXPECT_EQ(created["name"], "main");
  EXPECT_EQ(created["full_name"], "main");
  EXPECT_EQ(created["comment"], "lake");
  EXPECT_EQ(created["storage_root"], "s3://lake/uc");
  EXPECT_EQ(created["storage_location"].get<std::string>().rfind("s3://lake/uc/__unitystorage/", 0),
            0u);
  EXPECT_EQ(created["owner"], sandbox::kDefaultDatabricksUser);
  EXPECT_EQ(created["created_by"], sandbox::kDefaultDatabricksUser);
  EXPECT_TRUE(created["created_at"].is_number_integer());
  EXPECT_EQ(created["isolation_mode"], "OPEN");
  EXPECT_FALSE(created["id"].get<std::string>().empty());
  EXPECT_EQ(Must("GET", "/catalogs/main"), created);

  Value updated = Must("PATCH", "/catalogs/main",
                       {{"comment", "the lake"},
                        {"owner", "data-admins"},
                        {"isolation_mode", "ISOLATED"},
                        {"properties", {{"team", "platform"}}}});
  EXPECT_EQ(updated["comment"], "the lake");
  EXPECT_EQ(updated["owner"], "data-admins");
  EXPECT_EQ(updated["isolation_mode"], "ISOLATED");
  EXPECT_EQ(updated["properties"]["team"], "platform");
  EXPECT_EQ(updated["id"], created["id"]);
  EXPECT_EQ(Must("GET", "/catalogs/main"), updated);
  // An empty comment removes it, as Databricks omits empty fields.
  EXPECT_FALSE(Must("PATCH", "/catalogs/main", {{"comment", ""}}).contains("comment"));

  EXPECT_EQ(Must("DELETE", "/catalogs/main"), Value::object());
  std::string message;
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs/main"), 404, &message), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(message, "Catalog 'main' does not exist.");
  EXPECT_EQ(ErrorCode(Call("DELETE", "/catalogs/main"), 404), "RESOURCE_DOES_NOT_EXIST");
}

TEST_F(UnityCatalogTest, CatalogErrors) {
  Must("POST", "/catalogs", {{"name", "main"}});
  std::string message;
  EXPECT_EQ(ErrorCode(Call("POST", "/catalogs", {{"name", "main"}}), 409, &message),
            "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(message, "Catalog 'main' already exists");
  EXPECT_EQ(ErrorCode(Call("POST", "/catalogs", Value::object()), 400), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("POST", "/catalogs", {{"name", "a.b"}}), 400),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("POST", "/catalogs", {{"name", "x"}, {"properties", {{"k", 1}}}}), 400),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("PATCH", "/catalogs/main", {{"isolation_mode", "SHARED"}}), 400),
            "INVALID_PARAMETER_VALUE");
  SandboxReply malformed = client_->Raw("POST", std::string(kUc) + "/catalogs", "{not json",
                                        {{"authorization", "Bearer " + kToken}});
  EXPECT_EQ(ErrorCode(malformed, 400), "MALFORMED_REQUEST");
}

TEST_F(UnityCatalogTest, NamesAreCaseInsensitiveAndStoredLowerCase) {
  EXPECT_EQ(Must("POST", "/catalogs", {{"name", "Sales_Main"}})["name"], "sales_main");
  EXPECT_EQ(Must("GET", "/catalogs/SALES_MAIN")["name"], "sales_main");
  EXPECT_EQ(ErrorCode(Call("POST", "/catalogs", {{"name", "sales_MAIN"}}), 409),
            "RESOURCE_ALREADY_EXISTS");
  Value schema = Must("POST", "/schemas", {{"name", "Raw"}, {"catalog_name", "SALES_main"}});
  EXPECT_EQ(schema["full_name"], "sales_main.raw");
  EXPECT_EQ(schema["catalog_name"], "sales_main");
  EXPECT_EQ(Must("GET", "/schemas/Sales_Main.RAW")["full_name"], "sales_main.raw");
  CreateCredential("Lake_Role");
  EXPECT_EQ(Must("GET", "/storage-credentials/LAKE_ROLE")["name"], "lake_role");
  Value loc = Must("POST", "/external-locations",
                   {{"name", "Landing"},
                    {"url", "s3://lake/landing"},
                    {"credential_name", "LAKE_role"},
                    {"skip_validation", true}});
  EXPECT_EQ(loc["name"], "landing");
  EXPECT_EQ(loc["credential_name"], "lake_role");
  EXPECT_EQ(Must("GET", "/external-locations/LANDING")["url"], "s3://lake/landing");
}

TEST_F(UnityCatalogTest, SchemaLifecycleAndTheSchemasEveryCatalogGets) {
  Must("POST", "/catalogs", {{"name", "main"}});
  Value auto_schemas = Must("GET", "/schemas?catalog_name=main");
  std::set<std::string> names;
  for (const auto& s : auto_schemas["schemas"]) names.insert(s["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"default", "information_schema"}));

  Value created = Must("POST", "/schemas",
                       {{"name", "sales"},
                        {"catalog_name", "main"},
                        {"comment", "orders"},
                        {"properties", {{"a", "b"}}}});
  EXPECT_EQ(created["full_name"], "main.sales");
  EXPECT_EQ(created["owner"], sandbox::kDefaultDatabricksUser);
  EXPECT_FALSE(created["schema_id"].get<std::string>().empty());
  EXPECT_EQ(Must("GET", "/schemas/main.sales"), created);
  EXPECT_EQ(ErrorCode(Call("POST", "/schemas", {{"name", "sales"}, {"catalog_name", "main"}}), 409),
            "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(ErrorCode(Call("POST", "/schemas", {{"name", "x"}, {"catalog_name", "nope"}}), 404),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCode(Call("GET", "/schemas?catalog_name=nope"), 404), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCode(Call("GET", "/schemas"), 400), "INVALID_PARAMETER_VALUE");

  EXPECT_EQ(Must("PATCH", "/schemas/main.sales", {{"comment", "all orders"}})["comment"],
            "all orders");
  Value renamed = Must("PATCH", "/schemas/main.sales", {{"new_name", "revenue"}});
  EXPECT_EQ(renamed["full_name"], "main.revenue");
  EXPECT_EQ(ErrorCode(Call("GET", "/schemas/main.sales"), 404), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(Must("GET", "/schemas/main.revenue")["comment"], "all orders");
  EXPECT_EQ(ErrorCode(Call("DELETE", "/schemas/main.information_schema"), 403),
            "PERMISSION_DENIED");

  // A catalog holding a schema of its own is deleted only with force, and takes it along.
  std::string message;
  EXPECT_EQ(ErrorCode(Call("DELETE", "/catalogs/main"), 400, &message), "INVALID_PARAMETER_VALUE");
  EXPECT_NE(message.find("not empty"), std::string::npos) << message;
  Must("DELETE", "/catalogs/main?force=true");
  Must("POST", "/catalogs", {{"name", "main"}});
  EXPECT_EQ(ErrorCode(Call("GET", "/schemas/main.revenue"), 404), "RESOURCE_DOES_NOT_EXIST");
  Must("DELETE", "/catalogs/main");  // only the automatic schemas: no force needed
}

TEST_F(UnityCatalogTest, CatalogRenameCarriesItsSchemasAndTables) {
  Must("POST", "/catalogs", {{"name", "old"}});
  Must("POST", "/schemas", {{"name", "s"}, {"catalog_name", "old"}});
  Must("POST", "/tables",
       {{"name", "t"},
        {"catalog_name", "old"},
        {"schema_name", "s"},
        {"table_type", "EXTERNAL"},
        {"data_source_format", "DELTA"},
        {"storage_location", "s3://lake/t"},
        {"columns", Value::array()}});
  EXPECT_EQ(Must("PATCH", "/catalogs/old", {{"new_name", "New"}})["name"], "new");
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs/old"), 404), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(Must("GET", "/schemas/new.s")["catalog_name"], "new");
  Value table = Must("GET", "/tables/new.s.t");
  EXPECT_EQ(table["full_name"], "new.s.t");
  EXPECT_EQ(table["catalog_name"], "new");
}

TEST_F(UnityCatalogTest, TableLifecycle) {
  Must("POST", "/catalogs", {{"name", "main"}});
  Must("POST", "/schemas", {{"name", "sales"}, {"catalog_name", "main"}});
  Value body = {{"name", "Orders"},
                {"catalog_name", "main"},
                {"schema_name", "sales"},
                {"table_type", "EXTERNAL"},
                {"data_source_format", "DELTA"},
                {"storage_location", "s3://lake/sales/orders/"},
                {"comment", "all orders"},
                {"columns",
                 {{{"name", "id"}, {"type_name", "LONG"}},
                  {{"name", "day"}, {"type_name", "DATE"}, {"partition_index", 0}}}}};
  Value created = Must("POST", "/tables", body);
  EXPECT_EQ(created["full_name"], "main.sales.orders");
  EXPECT_EQ(created["storage_location"], "s3://lake/sales/orders");
  EXPECT_EQ(created["columns"][1]["position"], 1);
  EXPECT_EQ(created["columns"][1]["type_text"], "date");
  EXPECT_EQ(created["owner"], sandbox::kDefaultDatabricksUser);
  EXPECT_EQ(Must("GET", "/tables/MAIN.Sales.ORDERS"), created);
  EXPECT_EQ(ErrorCode(Call("POST", "/tables", body), 409), "RESOURCE_ALREADY_EXISTS");

  Value parquet = body;
  parquet["name"] = "p";
  parquet["data_source_format"] = "PARQUET";
  std::string message;
  EXPECT_EQ(ErrorCode(Call("POST", "/tables", parquet), 400, &message), "INVALID_PARAMETER_VALUE");
  EXPECT_NE(message.find("SQL"), std::string::npos) << message;
  Value orphan = body;
  orphan["schema_name"] = "nope";
  EXPECT_EQ(ErrorCode(Call("POST", "/tables", orphan), 404), "RESOURCE_DOES_NOT_EXIST");

  Value listed = Must("GET", "/tables?catalog_name=main&schema_name=sales");
  ASSERT_EQ(listed["tables"].size(), 1u);
  EXPECT_EQ(listed["tables"][0], created);
  EXPECT_FALSE(listed.contains("next_page_token"));
  EXPECT_EQ(ErrorCode(Call("GET", "/tables?catalog_name=main"), 400), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("GET", "/tables?catalog_name=main&schema_name=x"), 404),
            "RESOURCE_DOES_NOT_EXIST");

  // A schema holding a table is deleted only with force.
  EXPECT_EQ(ErrorCode(Call("DELETE", "/schemas/main.sales"), 400), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(Must("DELETE", "/tables/main.sales.orders"), Value::object());
  EXPECT_EQ(ErrorCode(Call("GET", "/tables/main.sales.orders"), 404), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCode(Call("DELETE", "/tables/main.sales.orders"), 404), "RESOURCE_DOES_NOT_EXIST");
  Must("DELETE", "/schemas/main.sales");
}

TEST_F(UnityCatalogTest, ListsPageWithTokens) {
  std::set<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    std::string name = "cat" + std::to_string(i);
    Must("POST", "/catalogs", {{"name", name}});
    expected.insert(name);
  }
  int pages = 0;
  auto catalogs = AllPages("/catalogs", "", "catalogs", 3, &pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(catalogs.begin(), catalogs.end()), expected);
  EXPECT_EQ(catalogs.size(), expected.size()) << "no catalog on two pages";
  // Without max_results: the server's page, here all of them.
  EXPECT_EQ(Must("GET", "/catalogs")["catalogs"].size(), 7u);

  Must("POST", "/schemas", {{"name", "s"}, {"catalog_name", "cat0"}});
  for (int i = 0; i < 8; ++i) {
    Must("POST", "/tables",
         {{"name", "t" + std::to_string(i)},
          {"catalog_name", "cat0"},
          {"schema_name", "s"},
          {"table_type", "EXTERNAL"},
          {"data_source_format", "DELTA"},
          {"storage_location", "s3://lake/t" + std::to_string(i)}});
  }
  // A table of another schema stays out of the listing.
  Must("POST", "/tables",
       {{"name", "elsewhere"},
        {"catalog_name", "cat0"},
        {"schema_name", "default"},
        {"table_type", "EXTERNAL"},
        {"data_source_format", "DELTA"},
        {"storage_location", "s3://lake/elsewhere"}});
  auto tables = AllPages("/tables", "catalog_name=cat0&schema_name=s", "tables", 3, &pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(tables.size(), 8u);
  EXPECT_EQ(std::set<std::string>(tables.begin(), tables.end()).count("elsewhere"), 0u);

  auto schemas = AllPages("/schemas", "catalog_name=cat0", "schemas", 1, &pages);
  EXPECT_EQ(pages, 3) << "default, information_schema, s";

  for (int i = 0; i < 3; ++i) CreateCredential("cred" + std::to_string(i));
  AllPages("/storage-credentials", "", "storage_credentials", 1, &pages);
  EXPECT_EQ(pages, 3);
  for (int i = 0; i < 3; ++i) {
    Must("POST", "/external-locations",
         {{"name", "loc" + std::to_string(i)},
          {"url", "s3://lake/loc" + std::to_string(i)},
          {"credential_name", "cred0"},
          {"skip_validation", true}});
  }
  AllPages("/external-locations", "", "external_locations", 1, &pages);
  EXPECT_EQ(pages, 3);

  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs?max_results=-1"), 400), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs?page_token=zz"), 400), "INVALID_PARAMETER_VALUE");
}

TEST_F(UnityCatalogTest, StorageCredentialCarriesTheTrustValues) {
  Value created = Must("POST", "/storage-credentials",
                       {{"name", "lake"},
                        {"aws_iam_role", {{"role_arn", kRoleArn}}},
                        {"comment", "lake access"},
                        {"read_only", false}});
  const Value& role = created["aws_iam_role"];
  EXPECT_EQ(role["role_arn"], kRoleArn);
  const std::string external_id = role["external_id"].get<std::string>();
  EXPECT_FALSE(external_id.empty());
  EXPECT_EQ(role["unity_catalog_iam_arn"].get<std::string>().rfind("arn:aws:iam::", 0), 0u);
  EXPECT_EQ(Must("GET", "/storage-credentials/lake"), created);

  // The external id belongs to the credential: it survives a role change, differs per credential.
  const std::string other_arn = "arn:aws:iam::123456789012:role/other";
  Value updated = Must("PATCH", "/storage-credentials/lake",
                       {{"aws_iam_role", {{"role_arn", other_arn}}}, {"comment", "changed"}});
  EXPECT_EQ(updated["aws_iam_role"]["role_arn"], other_arn);
  EXPECT_EQ(updated["aws_iam_role"]["external_id"], external_id);
  EXPECT_EQ(updated["comment"], "changed");
  CreateCredential("second");
  EXPECT_NE(Must("GET", "/storage-credentials/second")["aws_iam_role"]["external_id"], external_id);

  EXPECT_EQ(ErrorCode(Call("POST", "/storage-credentials",
                           {{"name", "lake"}, {"aws_iam_role", {{"role_arn", kRoleArn}}}}),
                      409),
            "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(ErrorCode(Call("POST", "/storage-credentials", {{"name", "x"}}), 400),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("POST", "/storage-credentials",
                           {{"name", "x"}, {"aws_iam_role", {{"role_arn", "not-an-arn"}}}}),
                      400),
            "INVALID_PARAMETER_VALUE");

  // In use by an external location: deleted only with force.
  Must("POST", "/external-locations",
       {{"name", "landing"},
        {"url", "s3://lake/landing"},
        {"credential_name", "lake"},
        {"skip_validation", true}});
  EXPECT_EQ(ErrorCode(Call("DELETE", "/storage-credentials/lake"), 400), "INVALID_PARAMETER_VALUE");
  Must("DELETE", "/storage-credentials/lake?force=true");
  EXPECT_EQ(ErrorCode(Call("GET", "/storage-credentials/lake"), 404), "RESOURCE_DOES_NOT_EXIST");
}

TEST_F(UnityCatalogTest, ExternalLocationLifecycleAndOverlaps) {
  CreateCredential("lake");
  Value created = Must("POST", "/external-locations",
                       {{"name", "data"},
                        {"url", "s3://lake/data/"},
                        {"credential_name", "lake"},
                        {"read_only", true},
                        {"comment", "raw data"},
                        {"skip_validation", true}});
  EXPECT_EQ(created["url"], "s3://lake/data");
  EXPECT_EQ(created["credential_name"], "lake");
  EXPECT_EQ(created["credential_id"], Must("GET", "/storage-credentials/lake")["id"]);
  EXPECT_EQ(created["read_only"], true);
  EXPECT_EQ(Must("GET", "/external-locations/data"), created);

  // Equal, inside and above are refused; a sibling sharing a name prefix is not.
  for (const char* url : {"s3://lake/data", "s3://lake/data/2026/", "s3://lake"}) {
    std::string message;
    EXPECT_EQ(ErrorCode(Call("POST", "/external-locations",
                             {{"name", "other"},
                              {"url", url},
                              {"credential_name", "lake"},
                              {"skip_validation", true}}),
                        400, &message),
              "INVALID_PARAMETER_VALUE")
        << url;
    EXPECT_NE(message.find("overlaps with existing external location 'data'"), std::string::npos)
        << message;
  }
  Must("POST", "/external-locations",
       {{"name", "data2"},
        {"url", "s3://lake/data2"},
        {"credential_name", "lake"},
        {"skip_validation", true}});
  EXPECT_EQ(
      ErrorCode(Call("PATCH", "/external-locations/data2", {{"url", "s3://lake/data/x"}}), 400),
      "INVALID_PARAMETER_VALUE");

  EXPECT_EQ(ErrorCode(Call("POST", "/external-locations",
                           {{"name", "x"},
                            {"url", "s3://elsewhere"},
                            {"credential_name", "nope"},
                            {"skip_validation", true}}),
                      404),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCode(Call("POST", "/external-locations",
                           {{"name", "x"},
                            {"url", "/tmp/x"},
                            {"credential_name", "lake"},
                            {"skip_validation", true}}),
                      400),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("POST", "/external-locations",
                           {{"name", "data"},
                            {"url", "s3://other"},
                            {"credential_name", "lake"},
                            {"skip_validation", true}}),
                      409),
            "RESOURCE_ALREADY_EXISTS");

  Value updated = Must("PATCH", "/external-locations/data",
                       {{"url", "s3://lake/data/v2"},
                        {"read_only", false},
                        {"comment", "v2"},
                        {"skip_validation", true}});
  EXPECT_EQ(updated["url"], "s3://lake/data/v2");
  EXPECT_EQ(updated["read_only"], false);
  EXPECT_EQ(updated["comment"], "v2");
  Must("DELETE", "/external-locations/data");
  EXPECT_EQ(ErrorCode(Call("GET", "/external-locations/data"), 404), "RESOURCE_DOES_NOT_EXIST");
  // Its URL is free again.
  Must("POST", "/external-locations",
       {{"name", "again"},
        {"url", "s3://lake/data"},
        {"credential_name", "lake"},
        {"skip_validation", true}});
}

TEST_F(UnityCatalogTest, ExternalLocationsAreValidatedThroughStsAndS3) {
  const std::string role_arn = "arn:aws:iam::123456789012:role/uc-lake";
  Value credential = Must("POST", "/storage-credentials",
                          {{"name", "lake"}, {"aws_iam_role", {{"role_arn", role_arn}}}});
  const std::string uc_arn = credential["aws_iam_role"]["unity_catalog_iam_arn"];
  const std::string external_id = credential["aws_iam_role"]["external_id"];
  auto trust = [](const std::string& principal, const std::string& id) {
    return Value{{"Version", "2012-10-17"},
                 {"Statement",
                  {{{"Effect", "Allow"},
                    {"Principal", {{"AWS", principal}}},
                    {"Action", "sts:AssumeRole"},
                    {"Condition", {{"StringEquals", {{"sts:ExternalId", id}}}}}}}}}
        .dump();
  };
  ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  const Value location = {
      {"name", "landing"}, {"url", "s3://lake/landing"}, {"credential_name", "lake"}};
  auto refused = [&](const std::string& why) {
    std::string message;
    EXPECT_EQ(ErrorCode(Call("POST", "/external-locations", location), 403, &message),
              "PERMISSION_DENIED")
        << why;
    EXPECT_NE(message.find("sts:AssumeRole"), std::string::npos) << why << ": " << message;
    EXPECT_NE(message.find(role_arn), std::string::npos) << message;
  };
  refused("no such role yet");
  // The role trusts someone else, then the right principal with another external id.
  ASSERT_EQ(client_
                ->Query("iam", "CreateRole",
                        {{"RoleName", "uc-lake"},
                         {"AssumeRolePolicyDocument",
                          trust("arn:aws:iam::123456789012:root", external_id)}})
                .status,
            200);
  refused("trusts the account, not Unity Catalog");
  ASSERT_EQ(client_
                ->Query("iam", "UpdateAssumeRolePolicy",
                        {{"RoleName", "uc-lake"}, {"PolicyDocument", trust(uc_arn, "other-id")}})
                .status,
            200);
  refused("wrong external id");
  EXPECT_EQ(ErrorCode(Call("GET", "/external-locations/landing"), 404), "RESOURCE_DOES_NOT_EXIST");

  // Fixed: the location is created.
  ASSERT_EQ(client_
                ->Query("iam", "UpdateAssumeRolePolicy",
                        {{"RoleName", "uc-lake"}, {"PolicyDocument", trust(uc_arn, external_id)}})
                .status,
            200);
  EXPECT_EQ(Must("POST", "/external-locations", location)["url"], "s3://lake/landing");

  // The URL is listed: a missing bucket fails, without blaming the trust.
  std::string message;
  EXPECT_EQ(
      ErrorCode(Call("POST", "/external-locations",
                     {{"name", "gone"}, {"url", "s3://no-bucket/x"}, {"credential_name", "lake"}}),
                403, &message),
      "PERMISSION_DENIED");
  EXPECT_EQ(message.find("AssumeRole"), std::string::npos) << message;
  EXPECT_NE(message.find("no-bucket"), std::string::npos) << message;
  // Changing the URL validates again; skip_validation skips it.
  EXPECT_EQ(
      ErrorCode(Call("PATCH", "/external-locations/landing", {{"url", "s3://no-bucket/y"}}), 403),
      "PERMISSION_DENIED");
  EXPECT_EQ(Must("PATCH", "/external-locations/landing",
                 {{"url", "s3://no-bucket/y"}, {"skip_validation", true}})["url"],
            "s3://no-bucket/y");
  EXPECT_EQ(Must("PATCH", "/external-locations/landing", {{"comment", "no revalidation"}})["url"],
            "s3://no-bucket/y");
}

TEST_F(UnityCatalogTest, GrantsDecideWhatANonAdminSeesAndReads) {
  Value credentials = Admin("GET", "/_sandbox/clouds")["databricks"]["credentials"];
  const std::string analyst = credentials["analyst_token"].get<std::string>();
  const std::string user = credentials["analyst_user"].get<std::string>();
  ASSERT_NE(analyst, kToken);
  for (const char* catalog : {"main", "hidden"}) Must("POST", "/catalogs", {{"name", catalog}});
  Must("POST", "/schemas", {{"name", "sales"}, {"catalog_name", "main"}});
  Must("POST", "/schemas", {{"name", "hr"}, {"catalog_name", "main"}});
  for (const char* table : {"orders", "returns"}) {
    Must("POST", "/tables",
         {{"name", table},
          {"catalog_name", "main"},
          {"schema_name", "sales"},
          {"table_type", "EXTERNAL"},
          {"data_source_format", "DELTA"},
          {"storage_location", std::string("s3://lake/") + table},
          {"columns", Value::array()}});
  }
  auto grant = [&](const std::string& securable, const Value& privileges) {
    Must("PATCH", "/permissions/" + securable,
         {{"changes", {{{"principal", user}, {"add", privileges}}}}});
  };
  auto names = [&](const std::string& path, const std::string& field) {
    SandboxReply r = Call("GET", path, {}, analyst);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    const Value listed = r.Json();
    std::set<std::string> out;
    for (const auto& item : listed.value(field, Value::array())) {
      out.insert(item["name"].get<std::string>());
    }
    return out;
  };
  auto denied = [&](const std::string& path) {
    std::string message;
    EXPECT_EQ(ErrorCode(Call("GET", path, {}, analyst), 403, &message), "PERMISSION_DENIED")
        << path;
    return message;
  };

  // Nothing granted: nothing seen.
  EXPECT_TRUE(names("/catalogs", "catalogs").empty());
  EXPECT_EQ(denied("/catalogs/main"), "User does not have USE CATALOG on Catalog 'main'.");
  denied("/schemas?catalog_name=main");
  denied("/tables/main.sales.orders");

  grant("catalog/main", {"USE_CATALOG"});
  EXPECT_EQ(names("/catalogs", "catalogs"), std::set<std::string>{"main"});
  EXPECT_EQ(Call("GET", "/catalogs/main", {}, analyst).status, 200);
  EXPECT_TRUE(names("/schemas?catalog_name=main", "schemas").empty());
  EXPECT_EQ(denied("/schemas/main.sales"), "User does not have USE SCHEMA on Schema 'main.sales'.");

  grant("schema/main.sales", {"USE SCHEMA"});
  EXPECT_EQ(names("/schemas?catalog_name=main", "schemas"), std::set<std::string>{"sales"});
  EXPECT_TRUE(names("/tables?catalog_name=main&schema_name=sales", "tables").empty());
  EXPECT_EQ(denied("/tables/main.sales.orders"),
            "User does not have SELECT on Table 'main.sales.orders'.");
  denied("/tables?catalog_name=main&schema_name=hr");

  grant("table/main.sales.orders", {"SELECT"});
  EXPECT_EQ(names("/tables?catalog_name=main&schema_name=sales", "tables"),
            std::set<std::string>{"orders"});
  EXPECT_EQ(Call("GET", "/tables/main.sales.orders", {}, analyst).status, 200);
  denied("/tables/main.sales.returns");
  // SELECT on the schema reaches every table in it.
  grant("schema/main.sales", {"SELECT"});
  EXPECT_EQ(Call("GET", "/tables/main.sales.returns", {}, analyst).status, 200);
  denied("/catalogs/hidden");

  // The admin token still sees everything.
  SandboxReply all = Call("GET", "/catalogs");
  EXPECT_EQ(all.Json()["catalogs"].size(), 2u) << all.body;
  EXPECT_EQ(Call("GET", "/schemas/main.hr").status, 200);
}

TEST_F(UnityCatalogTest, PermissionsRoundTrip) {
  Must("POST", "/catalogs", {{"name", "main"}});
  EXPECT_TRUE(Must("GET", "/permissions/catalog/main")["privilege_assignments"].empty());

  Value after = Must("PATCH", "/permissions/CATALOG/Main",
                     {{"changes",
                       {{{"principal", "analysts"}, {"add", {"USE CATALOG", "use_schema"}}},
                        {{"principal", "admins"}, {"add", {"ALL PRIVILEGES"}}}}}});
  Value expected = {{"privilege_assignments",
                     {{{"principal", "admins"}, {"privileges", {"ALL_PRIVILEGES"}}},
                      {{"principal", "analysts"}, {"privileges", {"USE_CATALOG", "USE_SCHEMA"}}}}}};
  EXPECT_EQ(after, expected);
  EXPECT_EQ(Must("GET", "/permissions/catalog/main"), expected);
  Value only = Must("GET", "/permissions/catalog/main?principal=analysts");
  ASSERT_EQ(only["privilege_assignments"].size(), 1u);
  EXPECT_EQ(only["privilege_assignments"][0]["principal"], "analysts");

  // Remove one privilege; removing ALL_PRIVILEGES clears the principal.
  Must("PATCH", "/permissions/catalog/main",
       {{"changes",
         {{{"principal", "analysts"}, {"remove", {"USE_SCHEMA"}}},
          {{"principal", "admins"}, {"remove", {"all_privileges"}}}}}});
  EXPECT_EQ(Must("GET", "/permissions/catalog/main"),
            (Value{{"privilege_assignments",
                    {{{"principal", "analysts"}, {"privileges", {"USE_CATALOG"}}}}}}));

  // Errors: a privilege that does not apply, an unknown type, a missing securable.
  std::string message;
  EXPECT_EQ(ErrorCode(Call("PATCH", "/permissions/catalog/main",
                           {{"changes", {{{"principal", "x"}, {"add", {"READ_FILES"}}}}}}),
                      400, &message),
            "INVALID_PARAMETER_VALUE");
  EXPECT_NE(message.find("READ_FILES"), std::string::npos) << message;
  EXPECT_EQ(ErrorCode(Call("GET", "/permissions/warehouse/main"), 400), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCode(Call("GET", "/permissions/catalog/nope"), 404), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCode(Call("PATCH", "/permissions/catalog/main", Value::object()), 400),
            "INVALID_PARAMETER_VALUE");

  // Grants on the other securable kinds.
  Must("POST", "/schemas", {{"name", "s"}, {"catalog_name", "main"}});
  CreateCredential("lake");
  Must("POST", "/external-locations",
       {{"name", "landing"},
        {"url", "s3://lake/landing"},
        {"credential_name", "lake"},
        {"skip_validation", true}});
  Must("PATCH", "/permissions/schema/main.s",
       {{"changes", {{{"principal", "analysts"}, {"add", {"SELECT", "USE_SCHEMA"}}}}}});
  Must("PATCH", "/permissions/external_location/landing",
       {{"changes", {{{"principal", "etl"}, {"add", {"READ FILES", "CREATE EXTERNAL TABLE"}}}}}});
  Must("PATCH", "/permissions/storage_credential/lake",
       {{"changes", {{{"principal", "etl"}, {"add", {"CREATE_EXTERNAL_LOCATION"}}}}}});
  EXPECT_EQ(
      Must("GET",
           "/permissions/external_location/landing")["privilege_assignments"][0]["privileges"],
      (Value{"CREATE_EXTERNAL_TABLE", "READ_FILES"}));

  // Dropping a catalog drops the grants on it and inside it.
  Must("DELETE", "/catalogs/main?force=true");
  Must("POST", "/catalogs", {{"name", "main"}});
  Must("POST", "/schemas", {{"name", "s"}, {"catalog_name", "main"}});
  EXPECT_TRUE(Must("GET", "/permissions/catalog/main")["privilege_assignments"].empty());
  EXPECT_TRUE(Must("GET", "/permissions/schema/main.s")["privilege_assignments"].empty());
}

TEST_F(UnityCatalogTest, TokensAreChecked) {
  std::string message;
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs", {}, ""), 401, &message), "UNAUTHENTICATED");
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs", {}, "dapi-wrong"), 401, &message),
            "UNAUTHENTICATED");
  EXPECT_EQ(message, "Invalid access token.");
  SandboxReply basic = client_->Raw("GET", std::string(kUc) + "/catalogs", "",
                                    {{"authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(ErrorCode(basic, 401), "UNAUTHENTICATED");
  // A refused call changes nothing.
  EXPECT_EQ(Call("POST", "/catalogs", {{"name", "sneaky"}}, "dapi-wrong").status, 401);
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs/sneaky"), 404), "RESOURCE_DOES_NOT_EXIST");
}

TEST_F(UnityCatalogTest, UnknownEndpointsAnswerLikeAWorkspace) {
  EXPECT_EQ(ErrorCode(Call("GET", "/volumes"), 404), "ENDPOINT_NOT_FOUND");
  EXPECT_EQ(ErrorCode(Call("PUT", "/catalogs/main"), 404), "ENDPOINT_NOT_FOUND");
  // Claimed by the Databricks front end but not emulated: a Databricks error, not AWS XML.
  SandboxReply oidc = client_->Raw("POST", "/oidc/v1/nope", "", {});
  EXPECT_EQ(oidc.status, 404) << oidc.body;
  EXPECT_FALSE(oidc.headers["x-request-id"].empty());
}

TEST_F(UnityCatalogTest, OAuthMachineToMachineTokensAreIssuedAndExpire) {
  Value credentials = Admin("GET", "/_sandbox/clouds")["databricks"]["credentials"];
  const std::string id = credentials["client_id"].get<std::string>();
  const std::string secret = credentials["client_secret"].get<std::string>();
  const std::vector<std::pair<std::string, std::string>> form = {
      {"content-type", "application/x-www-form-urlencoded"}};
  auto basic = [&](const std::string& user, const std::string& password) {
    auto headers = form;
    headers.emplace_back("authorization", "Basic " + Base64(user + ":" + password));
    return headers;
  };
  // HTTP Basic, as Databricks' SDKs send it.
  SandboxReply issued = client_->Raw(
      "POST", "/oidc/v1/token", "grant_type=client_credentials&scope=all-apis", basic(id, secret));
  ASSERT_EQ(issued.status, 200) << issued.body;
  Value token = issued.Json();
  EXPECT_EQ(token["token_type"], "Bearer");
  EXPECT_EQ(token["expires_in"], 3600);
  EXPECT_EQ(token["scope"], "all-apis");
  const std::string access = token["access_token"].get<std::string>();
  ASSERT_FALSE(access.empty());
  SandboxReply created = Call("POST", "/catalogs", {{"name", "by_sp"}}, access);
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.Json()["owner"], id) << "a service principal is named by its client id";

  // The form fields work too; a wrong secret, an unknown client or no client is invalid_client.
  SandboxReply fields = client_->Raw(
      "POST", "/oidc/v1/token",
      "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret, form);
  EXPECT_EQ(fields.status, 200) << fields.body;
  for (const auto& headers : {basic(id, "wrong"), basic("nobody", secret), form}) {
    SandboxReply refused =
        client_->Raw("POST", "/oidc/v1/token", "grant_type=client_credentials", headers);
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(refused.Json()["error"], "invalid_client") << refused.body;
    EXPECT_FALSE(refused.Json().value("error_description", "").empty());
    EXPECT_EQ(refused.body.find(secret), std::string::npos);
  }
  EXPECT_EQ(client_->Raw("POST", "/oidc/v1/token", "grant_type=password", basic(id, secret))
                .Json()["error"],
            "unsupported_grant_type");
  EXPECT_EQ(client_
                ->Raw("POST", "/oidc/v1/token", "grant_type=client_credentials&scope=sql",
                      basic(id, secret))
                .Json()["error"],
            "invalid_scope");
  Value metadata = client_->Raw("GET", "/oidc/.well-known/oauth-authorization-server").Json();
  EXPECT_EQ(metadata["token_endpoint"], fixture_.endpoint() + "/oidc/v1/token") << metadata.dump();

  // Tokens outlive a restart and expire on the sandbox clock.
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(Call("GET", "/catalogs/by_sp", {}, access).status, 200);
  clock_.Advance(std::chrono::seconds(3601));
  std::string message;
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs/by_sp", {}, access), 401, &message),
            "UNAUTHENTICATED");
}

TEST_F(UnityCatalogTest, ThrottlingAndInjectedFailuresInDatabricksShape) {
  Admin("POST", "/_sandbox/faults", R"({"throttle_rate":1.0})");
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs"), 429), "REQUEST_LIMIT_EXCEEDED");
  Admin("DELETE", "/_sandbox/faults");
  Admin("POST", "/_sandbox/faults",
        R"({"fail":[{"service":"unitycatalog","operation":"CreateCatalog","status":409,)"
        R"("code":"RESOURCE_ALREADY_EXISTS","message":"injected"}]})");
  std::string message;
  EXPECT_EQ(ErrorCode(Call("POST", "/catalogs", {{"name", "main"}}), 409, &message),
            "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(message, "injected");
  Must("POST", "/catalogs", {{"name", "main"}});  // the rule fired once
}

TEST_F(UnityCatalogTest, RequestsAreCountedByOperation) {
  Admin("POST", "/_sandbox/counts/reset");
  Must("POST", "/catalogs", {{"name", "main"}});
  Must("GET", "/catalogs/main");
  Must("GET", "/catalogs");
  Must("PATCH", "/permissions/catalog/main",
       {{"changes", {{{"principal", "a"}, {"add", {"USE_CATALOG"}}}}}});
  Value counts = Admin("GET", "/_sandbox/counts");
  EXPECT_EQ(counts["by_service"]["unitycatalog"], 4);
  EXPECT_EQ(counts["by_operation"]["unitycatalog:CreateCatalog"], 1);
  EXPECT_EQ(counts["by_operation"]["unitycatalog:GetCatalog"], 1);
  EXPECT_EQ(counts["by_operation"]["unitycatalog:ListCatalogs"], 1);
  EXPECT_EQ(counts["by_operation"]["unitycatalog:UpdatePermissions"], 1);
  EXPECT_EQ(counts["mutating"], 2);
}

TEST_F(UnityCatalogTest, StateSurvivesRestartAndIsDumped) {
  Must("POST", "/catalogs", {{"name", "main"}, {"comment", "kept"}});
  Must("POST", "/schemas", {{"name", "s"}, {"catalog_name", "main"}});
  CreateCredential("lake");
  const std::string external_id =
      Must("GET", "/storage-credentials/lake")["aws_iam_role"]["external_id"].get<std::string>();
  Must("POST", "/external-locations",
       {{"name", "landing"},
        {"url", "s3://lake/landing"},
        {"credential_name", "lake"},
        {"skip_validation", true}});
  Must("PATCH", "/permissions/catalog/main",
       {{"changes", {{{"principal", "analysts"}, {"add", {"USE_CATALOG"}}}}}});
  Value dump = Admin("GET", "/_sandbox/dump?service=unitycatalog")["unitycatalog"];
  EXPECT_EQ(dump["catalogs"]["main"]["comment"], "kept");
  EXPECT_EQ(dump["grants"]["catalog/main"]["analysts"], Value{"USE_CATALOG"});

  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(Must("GET", "/catalogs/main")["comment"], "kept");
  EXPECT_EQ(Must("GET", "/schemas/main.s")["full_name"], "main.s");
  EXPECT_EQ(Must("GET", "/storage-credentials/lake")["aws_iam_role"]["external_id"], external_id);
  EXPECT_EQ(Must("GET", "/external-locations/landing")["url"], "s3://lake/landing");
  EXPECT_EQ(Must("GET", "/permissions/catalog/main")["privilege_assignments"][0]["privileges"],
            Value{"USE_CATALOG"});

  Admin("POST", "/_sandbox/reset");
  EXPECT_EQ(ErrorCode(Call("GET", "/catalogs/main"), 404), "RESOURCE_DOES_NOT_EXIST");
}

TEST_F(UnityCatalogTest, CloudsListTheDatabricksEntry) {
  Value clouds = Admin("GET", "/_sandbox/clouds");
  const Value& dbx = clouds["databricks"];
  EXPECT_EQ(dbx["credentials"]["host"], fixture_.endpoint());
  EXPECT_EQ(dbx["credentials"]["token"], kToken);
  EXPECT_EQ(dbx["credentials"]["warehouse_id"], sandbox::kDefaultDatabricksWarehouseId);
  EXPECT_EQ(dbx["credentials"]["client_id"], sandbox::kDefaultDatabricksClientId);
  EXPECT_EQ(dbx["credentials"]["client_secret"], sandbox::kDefaultDatabricksClientSecret);
  EXPECT_EQ(dbx["credentials"]["analyst_token"], sandbox::kDefaultDatabricksAnalystToken);
  EXPECT_EQ(dbx["credentials"]["analyst_user"], sandbox::kDefaultDatabricksAnalystUser);
  EXPECT_EQ(dbx["environment"]["DATABRICKS_HOST"], fixture_.endpoint());
  EXPECT_EQ(dbx["environment"]["DATABRICKS_TOKEN"], kToken);
  EXPECT_TRUE(clouds.contains("aws")) << "AWS is still served beside it";
  Value health = Admin("GET", "/_sandbox/health");
  EXPECT_NE(std::find(health["services"].begin(), health["services"].end(), "unitycatalog"),
            health["services"].end());
}

}  // namespace
}  // namespace causeway::testing
