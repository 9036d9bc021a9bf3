// DatabricksProvider::undeclared over the sandbox's Unity Catalog: on managed securables (a
// catalog, a schema, a table, a storage credential), privileges that no managed databricks.grant
// accounts for; inside a managed schema, its undeclared tables. Declared privileges, the owner's
// grants, securables with an authoritative databricks.grants and everything outside managed
// securables are not reported; each finding goes through the ordinary remove() of its kind and
// removes only what it names; and the requests made are counted (one permissions GET per
// managed securable, one tables list per managed schema).
#include <gtest/gtest.h>

#include <algorithm>

#include "providers/databricks/databricks_provider.h"
#include "providers/databricks/undeclared_finder.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/undeclared_lines.h"

namespace causeway::testing {
namespace {

using databricks::DatabricksProvider;

Value Table(const std::string& schema, const std::string& name) {
  return {{"catalog_name", "main"},
          {"schema_name", schema},
          {"name", name},
          {"format", "PARQUET"},
          {"location", "s3://acme-lake/" + schema + "/" + name},
          {"columns", {{{"name", "id"}, {"type", "STRING"}}}}};
}

class DatabricksUndeclaredTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    client_ = sandbox_.Client();
    Value clouds = Json(client_->Raw("GET", "/_sandbox/clouds"));
    ASSERT_TRUE(clouds.contains("databricks")) << clouds.dump();
    const Value credentials = clouds["databricks"]["credentials"];
    token_ = credentials["token"].get<std::string>();
    databricks::DatabricksProviderOptions options;
    options.clock = &clock_;
    options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    provider_ = std::make_unique<DatabricksProvider>(options);
    Status s = provider_->configure({{"endpoint", sandbox_.endpoint()},
                                     {"token", token_},
                                     {"warehouse_id", credentials.value("warehouse_id", "")}});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  static Value Json(const SandboxReply& r) { return Value::parse(r.body, nullptr, false); }

  // Creates the object through the provider; a managed one is remembered as the planner passes
  // it (live id and live attributes).
  void Make(const std::string& address, const Value& attrs, bool managed) {
    Address a = *Address::Parse(address);
    auto r = provider_->create(CreateRequest{a, attrs});
    ASSERT_TRUE(r.ok()) << address << ": " << r.status().ToString();
    if (!managed) return;
    Observation live = ObserveOne(*provider_, a.kind, r->id, attrs);
    ASSERT_TRUE(live.exists) << address;
    managed_.push_back(ObserveItem{a, live.id, live.attributes});
  }
  // A grant made out of band, as the UI or a script would.
  void Grant(const std::string& securable, const std::string& principal, const Value& add) {
    auto r =
        client_->Raw("PATCH", "/api/2.1/unity-catalog/permissions/" + securable,
                     Value{{"changes", {{{"principal", principal}, {"add", add}}}}}.dump(),
                     {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << securable << ": " << r.body;
  }
  Value Privileges(const std::string& securable) {
    return Json(client_->Raw("GET", "/api/2.1/unity-catalog/permissions/" + securable, "",
                             {{"Authorization", "Bearer " + token_}}))["privilege_assignments"];
  }
  std::vector<std::string> Found() { return FindingLines(*provider_, managed_); }
  Value Counts() { return Json(client_->Raw("GET", "/_sandbox/counts")); }

  FakeClock clock_;
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  std::string token_;
  std::unique_ptr<DatabricksProvider> provider_;
  std::vector<ObserveItem> managed_;
};

TEST_F(DatabricksUndeclaredTest, FindsGrantsAndTablesNoManagedResourceDeclares) {
  Make("databricks.catalog.main", {{"name", "main"}}, true);
  Make("databricks.schema.raw", {{"catalog_name", "main"}, {"name", "raw"}}, true);
  Make("databricks.schema.other", {{"catalog_name", "main"}, {"name", "other"}}, false);
  Make("databricks.schema.gov", {{"catalog_name", "main"}, {"name", "gov"}}, true);
  Make("databricks.table.events", Table("raw", "events"), true);
  Make("databricks.table.scratch", Table("raw", "scratch"), false);
  Make("databricks.table.elsewhere", Table("other", "t"), false);
  Make("databricks.storage_credential.lake",
       {{"name", "lake"},
        {"role_arn", "arn:aws:iam::123456789012:role/uc-access"},
        {"skip_validation", true}},
       true);
  // Declared: analysts' USE_CATALOG and USE_SCHEMA, an authoritative grants list on main.gov.
  Make("databricks.grant.analysts_catalog",
       {{"securable_type", "catalog"},
        {"securable_name", "main"},
        {"principal", "analysts"},
        {"privileges", {"USE_CATALOG"}}},
       true);
  Make("databricks.grant.analysts_raw",
       {{"securable_type", "schema"},
        {"securable_name", "main.raw"},
        {"principal", "analysts"},
        {"privileges", {"use schema"}}},
       true);
  Make("databricks.grants.gov",
       {{"securable_type", "schema"},
        {"securable_name", "main.gov"},
        {"grants", {{{"principal", "auditors"}, {"privileges", {"USE_SCHEMA"}}}}}},
       true);
  // Out of band.
  Grant("schema/main.raw", "analysts", {"SELECT"});
  Grant("table/main.raw.events", "analysts", {"SELECT", "MODIFY"});
  Grant("catalog/main", "intruders", {"ALL_PRIVILEGES"});
  Grant("storage_credential/lake", "intruders", {"CREATE_EXTERNAL_LOCATION"});
  Grant("schema/main.other", "intruders", {"USE_SCHEMA"});  // an unmanaged schema: not reported
  Grant("schema/main.gov", "intruders", {"USE_SCHEMA"});    // the grants list's own drift
  // On an unmanaged table: the table is reported, its grants are not.
  Grant("table/main.raw.scratch", "intruders", {"SELECT"});
  // Ownership is not a grant: an explicit grant to the catalog's owner is not reported.
  Value catalog = Json(client_->Raw("GET", "/api/2.1/unity-catalog/catalogs/main", "",
                                    {{"Authorization", "Bearer " + token_}}));
  ASSERT_FALSE(catalog.value("owner", "").empty()) << catalog.dump();
  Grant("catalog/main", catalog["owner"].get<std::string>(), {"CREATE_SCHEMA"});

  ASSERT_EQ(client_->Raw("POST", "/_sandbox/counts/reset").status, 200);
  EXPECT_EQ(
      Found(),
      (std::vector<std::string>{
          "databricks.catalog.main | databricks.grant.intruders_on_main | principal intruders "
          "holds ALL_PRIVILEGES on catalog main | privilege",
          "databricks.schema.raw | databricks.grant.analysts_on_main_raw | principal analysts "
          "holds SELECT on schema main.raw | privilege",
          "databricks.schema.raw | databricks.table.main_raw_scratch | table main.raw.scratch | "
          "object",
          "databricks.storage_credential.lake | databricks.grant.intruders_on_lake | principal "
          "intruders holds CREATE_EXTERNAL_LOCATION on storage credential lake | privilege",
          "databricks.table.events | databricks.grant.analysts_on_main_raw_events | principal "
          "analysts holds MODIFY, SELECT on table main.raw.events | privilege",
      }));
  // One permissions GET per managed securable (main, main.raw, main.raw.events, lake; not
  // main.gov, whose grants list is authoritative) and one tables list per managed schema.
  Value counts = Counts();
  EXPECT_EQ(counts["by_operation"].value("unitycatalog:GetPermissions", 0), 4) << counts.dump();
  EXPECT_EQ(counts["by_operation"].value("unitycatalog:ListTables", 0), 2) << counts.dump();
  EXPECT_EQ(counts["total"], 6) << counts.dump();
  EXPECT_EQ(counts["mutating"], 0) << counts.dump();

  // Each finding is removed by its kind's own remove(), which takes away only what it names.
  auto found = provider_->undeclared(managed_);
  ASSERT_TRUE(found.ok());
  for (const auto& u : *found) {
    if (u.address.kind == "databricks.table") continue;  // data: removed last, below
    Status s = provider_->remove(DeleteRequest{u.address, u.id, u.attributes});
    ASSERT_TRUE(s.ok()) << u.address.str() << ": " << s.ToString();
  }
  EXPECT_EQ(Found(), (std::vector<std::string>{
                         "databricks.schema.raw | databricks.table.main_raw_scratch | table "
                         "main.raw.scratch | object"}));
  EXPECT_EQ(Privileges("schema/main.raw"),
            Value::parse(R"([{"principal": "analysts", "privileges": ["USE_SCHEMA"]}])"))
      << "the declared USE_SCHEMA stays";
  EXPECT_EQ(Privileges("schema/main.other").size(), 1u) << "outside: untouched";
  for (const auto& u : *found) {
    if (u.address.kind != "databricks.table") continue;
    Status s = provider_->remove(DeleteRequest{u.address, u.id, u.attributes});
    ASSERT_TRUE(s.ok()) << u.address.str() << ": " << s.ToString();
  }
  EXPECT_TRUE(Found().empty());
  auto events = client_->Raw("GET", "/api/2.1/unity-catalog/tables/main.raw.events", "",
                             {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(events.status, 200) << "the declared table stays";
}

TEST_F(DatabricksUndeclaredTest, AllPrivilegesDeclaredAccountsForEveryPrivilege) {
  Make("databricks.catalog.main", {{"name", "main"}}, true);
  Make("databricks.grant.admins",
       {{"securable_type", "catalog"},
        {"securable_name", "main"},
        {"principal", "admins"},
        {"privileges", {"ALL PRIVILEGES"}}},
       true);
  Grant("catalog/main", "admins", {"USE_CATALOG"});
  EXPECT_TRUE(Found().empty());
}

TEST_F(DatabricksUndeclaredTest, NothingManagedMeansNoCalls) {
  ASSERT_EQ(client_->Raw("POST", "/_sandbox/counts/reset").status, 200);
  auto found = provider_->undeclared({});
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  EXPECT_EQ(Counts().value("total", int64_t{-1}), 0);
}

}  // namespace
}  // namespace causeway::testing
