// The Databricks provider (providers/databricks/) against the sandbox's Unity Catalog emulator over
// loopback HTTP: catalogs, schemas, storage credentials, external locations and grants are
// created, adopted, observed in bulk (one list per container, one permissions GET per
// securable), changed out of band and brought back, and deleted; names and privileges compare
// the way Databricks spells them; a refused token is a clear error without the token.
#include <gtest/gtest.h>

#include <set>

#include "providers/databricks/databricks_provider.h"
#include "reconciler/core/ascii.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using databricks::DatabricksProvider;

class UnityCatalogProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    client_ = sandbox_.Client();
    Value clouds = Json(client_->Raw("GET", "/_sandbox/clouds"));
    ASSERT_TRUE(clouds.contains("databricks")) << clouds.dump();
    credentials_ = clouds["databricks"]["credentials"];
    token_ = credentials_["token"].get<std::string>();
    provider_ = Provider(Value::object());
    ASSERT_NE(provider_, nullptr);
  }

  static Value Json(const SandboxReply& r) { return Value::parse(r.body, nullptr, false); }

  // A provider configured as the CLI configures it for `endpoint: sandbox`, plus `extra`.
  std::unique_ptr<DatabricksProvider> Provider(const Value& extra) {
    databricks::DatabricksProviderOptions options;
    options.clock = &clock_;
    options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    auto p = std::make_unique<DatabricksProvider>(options);
    Value config = {{"endpoint", sandbox_.endpoint()},
                    {"token", token_},
                    {"warehouse_id", credentials_.value("warehouse_id", "")}};
    for (auto it = extra.begin(); it != extra.end(); ++it) config[it.key()] = it.value();
    Status s = p->configure(config);
    if (!s.ok()) {
      ADD_FAILURE() << s.ToString();
      return nullptr;
    }
    return p;
  }

  // A Unity Catalog call made out of band, as a user's script or the UI would.
  Value Uc(const std::string& method, const std::string& path, const Value& body = {}) {
    auto r =
        client_->Raw(method, "/api/2.1/unity-catalog/" + path, body.is_null() ? "" : body.dump(),
                     {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
    EXPECT_LT(r.status, 300) << method << " " << path << ": " << r.body;
    return Json(r);
  }

  ResourceResult Create(const std::string& kind, const Value& attrs) {
    auto r = provider_->create(CreateRequest{Address{kind, "x"}, attrs});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ResourceResult{};
  }
  Observation Observe(const std::string& kind, const std::string& id, const Value& attrs) {
    return ObserveOne(*provider_, kind, id, attrs);
  }
  int64_t Total() { return Json(client_->Raw("GET", "/_sandbox/counts"))["total"].get<int64_t>(); }
  int64_t Mutating() {
    return Json(client_->Raw("GET", "/_sandbox/counts"))["mutating"].get<int64_t>();
  }
  // Normalised as the engine compares it.
  Value Normalized(const std::string& kind, const std::string& attr, const Value& v) {
    for (const auto& s : provider_->schemas()) {
      if (s.kind == kind) return NormalizeAttr(s.Find(attr), v);
    }
    ADD_FAILURE() << "no kind " << kind;
    return v;
  }

  FakeClock clock_;
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  Value credentials_;
  std::string token_;
  std::unique_ptr<DatabricksProvider> provider_;
};

TEST_F(UnityCatalogProviderTest, CatalogLifecycleManagesOnlyItsOwnProperties) {
  Value want = {{"name", "Sales"}, {"comment", "sales data"}, {"properties", {{"team", "a"}}}};
  auto created = Create("databricks.catalog", want);
  EXPECT_EQ(created.id, "sales") << "Unity Catalog stores names in lower case";
  EXPECT_EQ(created.outputs["full_name"], "sales");

  // Databricks adds properties of its own, and someone edits the comment in the UI.
  Uc("PATCH", "catalogs/sales",
     {{"comment", "edited"}, {"properties", {{"team", "a"}, {"added.by.databricks", "x"}}}});
  Observation o = Observe("databricks.catalog", created.id, want);
  ASSERT_TRUE(o.exists);
  EXPECT_EQ(o.attributes["comment"], "edited");
  EXPECT_EQ(o.attributes["properties"], Value({{"team", "a"}})) << "only the managed keys";
  EXPECT_EQ(Normalized("databricks.catalog", "name", o.attributes["name"]),
            Normalized("databricks.catalog", "name", want["name"]));

  Value next = {
      {"name", "Sales"}, {"comment", "sales data"}, {"properties", {{"owner.team", "b"}}}};
  auto updated = provider_->update(UpdateRequest{Address{"databricks.catalog", "x"},
                                                 created.id,
                                                 o.attributes,
                                                 next,
                                                 {"comment", "properties"}});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  Value live = Uc("GET", "catalogs/sales");
  EXPECT_EQ(live["comment"], "sales data");
  EXPECT_EQ(live["properties"], Value({{"owner.team", "b"}, {"added.by.databricks", "x"}}))
      << "the key the manifest dropped is removed, Databricks' own is kept: " << live.dump();

  ASSERT_TRUE(
      provider_->remove(DeleteRequest{Address{"databricks.catalog", "x"}, created.id, next}).ok());
  EXPECT_FALSE(Observe("databricks.catalog", created.id, want).exists);
  EXPECT_TRUE(
      provider_->remove(DeleteRequest{Address{"databricks.catalog", "x"}, created.id, next}).ok())
      << "deleting what is gone succeeds";
}

TEST_F(UnityCatalogProviderTest, CreateAdoptsAnExistingSchemaAndBringsItToTheManifest) {
  Uc("POST", "catalogs", {{"name", "main"}});
  Uc("POST", "schemas", {{"name", "raw"}, {"catalog_name", "main"}, {"comment", "old"}});
  auto created =
      Create("databricks.schema", {{"catalog_name", "MAIN"}, {"name", "Raw"}, {"comment", "new"}});
  EXPECT_EQ(created.id, "main.raw");
  EXPECT_EQ(Uc("GET", "schemas/main.raw")["comment"], "new");
}

TEST_F(UnityCatalogProviderTest, BulkObserveListsEachContainerOnce) {
  std::vector<ObserveItem> items;
  for (int c = 0; c < 3; ++c) {
    std::string catalog = "cat" + std::to_string(c);
    Uc("POST", "catalogs", {{"name", catalog}});
    items.push_back({Address{"databricks.catalog", catalog}, "", Value{{"name", catalog}}});
    for (int s = 0; s < 4; ++s) {
      std::string schema = "s" + std::to_string(s);
      Uc("POST", "schemas", {{"name", schema}, {"catalog_name", catalog}});
      items.push_back({Address{"databricks.schema", catalog + "_" + schema}, "",
                       Value{{"catalog_name", catalog}, {"name", schema}}});
    }
  }
  items.push_back({Address{"databricks.schema", "missing"}, "",
                   Value{{"catalog_name", "cat0"}, {"name", "nope"}}});
  int64_t before = Total();
  auto bulk = provider_->observe(items);
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  int64_t bulk_requests = Total() - before;
  for (size_t i = 0; i + 1 < items.size(); ++i) EXPECT_TRUE((*bulk)[i].exists) << i;
  EXPECT_FALSE(bulk->back().exists);
  EXPECT_EQ(bulk_requests, 4) << "one list of catalogs, one list of schemas per catalog";

  auto per_resource = Provider({{"refresh_mode", "per-resource"}});
  ASSERT_NE(per_resource, nullptr);
  before = Total();
  auto one_by_one = per_resource->observe(items);
  ASSERT_TRUE(one_by_one.ok());
  EXPECT_EQ(Total() - before, static_cast<int64_t>(items.size())) << "one GET per object";
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*one_by_one)[i].exists, (*bulk)[i].exists) << i;
    EXPECT_EQ((*one_by_one)[i].attributes, (*bulk)[i].attributes) << i;
  }
}

TEST_F(UnityCatalogProviderTest, StorageCredentialGivesTheTrustValuesAndLocationsNormaliseUrls) {
  auto credential = Create("databricks.storage_credential",
                           {{"name", "lake_cred"},
                            {"role_arn", "arn:aws:iam::123456789012:role/uc-access"},
                            {"skip_validation", true}});
  EXPECT_FALSE(credential.outputs.value("external_id", "").empty()) << credential.outputs.dump();
  EXPECT_FALSE(credential.outputs.value("unity_catalog_iam_arn", "").empty());
  Value cred_attrs = {{"name", "lake_cred"},
                      {"role_arn", "arn:aws:iam::123456789012:role/uc-access"},
                      {"skip_validation", true}};
  Observation seen = Observe("databricks.storage_credential", credential.id, cred_attrs);
  EXPECT_EQ(seen.attributes["skip_validation"], true) << "not stored by Databricks: as given";
  EXPECT_EQ(seen.outputs["external_id"], credential.outputs["external_id"]);

  Value location = {{"name", "sales"},
                    {"url", "s3://acme-lake/sales/"},
                    {"credential_name", "LAKE_CRED"},
                    {"skip_validation", true}};
  auto created = Create("databricks.external_location", location);
  Observation o = Observe("databricks.external_location", created.id, location);
  ASSERT_TRUE(o.exists);
  for (const char* attr : {"url", "credential_name"}) {
    EXPECT_EQ(Normalized("databricks.external_location", attr, o.attributes[attr]),
              Normalized("databricks.external_location", attr, location[attr]))
        << attr << ": no perpetual diff";
  }
  auto overlapping =
      provider_->create(CreateRequest{Address{"databricks.external_location", "inner"},
                                      {{"name", "inner"},
                                       {"url", "s3://acme-lake/sales/2024"},
                                       {"credential_name", "lake_cred"},
                                       {"skip_validation", true}}});
  ASSERT_FALSE(overlapping.ok());
  EXPECT_EQ(overlapping.status().provider_code(), "INVALID_PARAMETER_VALUE");
  EXPECT_NE(overlapping.status().message().find("databricks.external_location.inner"),
            std::string::npos)
      << overlapping.status().message();
}

TEST_F(UnityCatalogProviderTest, ValidatedLocationFailsUntilTheRoleTrustsUnityCatalog) {
  auto credential = Create("databricks.storage_credential",
                           {{"name", "trusted"},
                            {"role_arn", "arn:aws:iam::123456789012:role/uc-trusted"},
                            {"skip_validation", true}});
  const Value location = {
      {"name", "checked"}, {"url", "s3://trusted-lake/data"}, {"credential_name", "trusted"}};
  ASSERT_EQ(client_->Send("s3", "PUT", "/trusted-lake", "", {}, "").status, 200);
  const auto slept_before = clock_.slept();
  auto untrusted = provider_->create(
      CreateRequest{Address{"databricks.external_location", "checked"}, location});
  ASSERT_FALSE(untrusted.ok());
  EXPECT_NE(untrusted.status().message().find("sts:AssumeRole"), std::string::npos)
      << untrusted.status().ToString();
  EXPECT_EQ(untrusted.status().provider_code(), "PERMISSION_DENIED");
  EXPECT_GT(clock_.slept(), slept_before)
      << "retried, with waits, as a trust that has not propagated yet before giving up";

  Value trust = {
      {"Version", "2012-10-17"},
      {"Statement",
       {{{"Effect", "Allow"},
         {"Principal", {{"AWS", credential.outputs["unity_catalog_iam_arn"]}}},
         {"Action", "sts:AssumeRole"},
         {"Condition",
          {{"StringEquals", {{"sts:ExternalId", credential.outputs["external_id"]}}}}}}}}};
  ASSERT_EQ(client_
                ->Query("iam", "CreateRole",
                        {{"RoleName", "uc-trusted"}, {"AssumeRolePolicyDocument", trust.dump()}})
                .status,
            200);
  auto created = Create("databricks.external_location", location);
  EXPECT_EQ(Uc("GET", "external-locations/checked")["url"], "s3://trusted-lake/data");
}

TEST_F(UnityCatalogProviderTest, AuthoritativeGrantsRevokeWhatOthersGranted) {
  Uc("POST", "catalogs", {{"name", "main"}});
  Uc("PATCH", "permissions/catalog/main",
     {{"changes", {{{"principal", "bob"}, {"add", {"USE_CATALOG"}}, {"remove", Value::array()}}}}});
  Value want = {
      {"securable_type", "CATALOG"},
      {"securable_name", "Main"},
      {"grants", {{{"principal", "alice"}, {"privileges", {"use catalog", "ALL PRIVILEGES"}}}}}};
  Observation before = Observe("databricks.grants", "", want);
  ASSERT_TRUE(before.exists) << "grants made elsewhere exist";
  EXPECT_NE(before.attributes["grants"].dump().find("bob"), std::string::npos)
      << "and the plan shows them: " << before.attributes.dump();

  Create("databricks.grants", want);
  Value live = Uc("GET", "permissions/catalog/main");
  std::set<std::string> principals;
  for (const auto& a : live["privilege_assignments"]) principals.insert(a["principal"]);
  EXPECT_EQ(principals, std::set<std::string>{"alice"}) << live.dump();
  Observation after = Observe("databricks.grants", "catalog/main", want);
  EXPECT_EQ(Normalized("databricks.grants", "grants", after.attributes["grants"]),
            Normalized("databricks.grants", "grants", want["grants"]))
      << "ALL PRIVILEGES = ALL_PRIVILEGES, space = underscore: " << after.attributes.dump();
}

TEST_F(UnityCatalogProviderTest, AdditiveGrantLeavesOtherPrivilegesAlone) {
  Uc("POST", "catalogs", {{"name", "main"}});
  Uc("POST", "schemas", {{"name", "raw"}, {"catalog_name", "main"}});
  Value want = {{"securable_type", "schema"},
                {"securable_name", "main.raw"},
                {"principal", "carol"},
                {"privileges", {"USE_SCHEMA", "SELECT"}}};
  auto created = Create("databricks.grant", want);
  Uc("PATCH", "permissions/schema/main.raw",
     {{"changes", {{{"principal", "carol"}, {"add", {"MODIFY"}}, {"remove", {"SELECT"}}}}}});
  Observation o = Observe("databricks.grant", created.id, want);
  ASSERT_TRUE(o.exists);
  EXPECT_EQ(o.attributes["privileges"], Value({"USE_SCHEMA"}))
      << "the revoked SELECT shows as drift; MODIFY is not this resource's";
  ASSERT_TRUE(
      provider_->remove(DeleteRequest{Address{"databricks.grant", "x"}, created.id, want}).ok());
  Value live = Uc("GET", "permissions/schema/main.raw");
  ASSERT_EQ(live["privilege_assignments"].size(), 1u) << live.dump();
  EXPECT_EQ(live["privilege_assignments"][0]["privileges"], Value({"MODIFY"}));
}

TEST_F(UnityCatalogProviderTest, RefusedTokenIsAClearErrorWithoutTheToken) {
  databricks::DatabricksProviderOptions options;
  options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  DatabricksProvider p(options);
  Status s = p.configure({{"endpoint", sandbox_.endpoint()}, {"token", "dapi-wrong-secret"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << s.ToString();
  EXPECT_NE(s.message().find("token was refused"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("dapi-wrong-secret"), std::string::npos) << s.message();
}

TEST_F(UnityCatalogProviderTest, OAuthMachineToMachineClientCreatesACatalog) {
  const std::string client_id = credentials_["client_id"].get<std::string>();
  const std::string secret = credentials_["client_secret"].get<std::string>();
  databricks::DatabricksProviderOptions options;
  options.clock = &clock_;
  options.env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "SP_SECRET") return secret;
    return std::nullopt;
  };
  DatabricksProvider p(options);
  ASSERT_TRUE(p.configure({{"endpoint", sandbox_.endpoint()},
                           {"client_id", client_id},
                           {"client_secret_env", "SP_SECRET"}})
                  .ok());
  auto created = p.create(CreateRequest{Address{"databricks.catalog", "x"}, {{"name", "by_sp"}}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(Uc("GET", "catalogs/by_sp")["owner"], client_id) << "made as the service principal";
  auto tokens = [&]() -> int {
    return Json(client_->Raw("GET", "/_sandbox/counts"))["by_operation"].value("oidc:IssueToken",
                                                                               0);
  };
  const int issued = tokens();
  EXPECT_EQ(issued, 1) << "one token for configure and the create";
  ASSERT_TRUE(
      p.create(CreateRequest{Address{"databricks.catalog", "y"}, {{"name", "by_sp2"}}}).ok());
  EXPECT_EQ(tokens(), issued) << "the token is cached until it expires";
}

TEST_F(UnityCatalogProviderTest, WrongOAuthSecretFailsConfigureClearly) {
  databricks::DatabricksProviderOptions options;
  options.clock = &clock_;
  options.env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "SP_SECRET") return std::string("not-the-secret");
    return std::nullopt;
  };
  DatabricksProvider p(options);
  Status s = p.configure({{"endpoint", sandbox_.endpoint()},
                          {"client_id", credentials_["client_id"]},
                          {"client_secret_env", "SP_SECRET"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << s.ToString();
  EXPECT_NE(s.message().find("Client authentication failed"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("check client_id and the client secret"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find("not-the-secret"), std::string::npos) << s.message();
}

TEST_F(UnityCatalogProviderTest, ObserveNeverWrites) {
  Uc("POST", "catalogs", {{"name", "main"}});
  int64_t before = Mutating();
  auto r = provider_->observe(
      {ObserveItem{Address{"databricks.catalog", "m"}, "", Value{{"name", "main"}}},
       ObserveItem{Address{"databricks.grants", "g"}, "",
                   Value{{"securable_type", "catalog"},
                         {"securable_name", "main"},
                         {"grants", Value::array()}}}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Mutating(), before);
}

TEST_F(UnityCatalogProviderTest, TablesAreMadeWithSqlReadInBulkAndHostileNamesStayNames) {
  Uc("POST", "catalogs", {{"name", "main"}});
  Uc("POST", "schemas", {{"name", "raw"}, {"catalog_name", "main"}});
  Value trips = {{"catalog_name", "main"},
                 {"schema_name", "raw"},
                 {"name", "Trips"},
                 {"format", "parquet"},
                 {"location", "s3://acme-lake/trips/"},
                 {"columns",
                  {{{"name", "trip_id"}, {"type", "STRING"}, {"comment", "it's a \\ key"}},
                   {{"name", "fare"}, {"type", "DECIMAL(10, 2)"}},
                   {{"name", "dt"}, {"type", "string"}}}},
                 {"partition_by", {"dt"}},
                 {"comment", "trips"}};
  auto created = Create("databricks.table", trips);
  EXPECT_EQ(created.id, "main.raw.trips");

  // A name that would end the identifier and run a DROP if it were not quoted: Databricks
  // refuses it as a name (spaces, periods), and nothing else runs.
  Value dropper = trips;
  dropper["name"] = "x` ; DROP TABLE main.raw.trips; --";
  dropper["location"] = "s3://acme-lake/dropper/";
  auto refused = provider_->create(CreateRequest{Address{"databricks.table", "dropper"}, dropper});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("databricks.table.dropper"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(Uc("GET", "tables/main.raw.trips")["name"], "trips") << "the DROP never ran";

  // Back-quotes, quotes, a semicolon, a comment marker and unicode are a name like any other.
  const std::string hostile = "x`;'\"--é";
  Value evil = trips;
  evil["name"] = hostile;
  evil["location"] = "s3://acme-lake/evil/";
  evil["columns"] = {{{"name", "c`);--'é"}, {"type", "string"}}};
  evil["partition_by"] = Value::array();
  auto evil_created = Create("databricks.table", evil);

  std::vector<ObserveItem> items = {
      {Address{"databricks.table", "trips"}, "", trips},
      {Address{"databricks.table", "evil"}, "", evil},
      {Address{"databricks.table", "gone"}, "",
       Value{{"catalog_name", "main"}, {"schema_name", "raw"}, {"name", "gone"}}}};
  int64_t before = Total();
  auto seen = provider_->observe(items);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(Total() - before, 1) << "one list of the schema's tables";
  ASSERT_TRUE((*seen)[0].exists);
  ASSERT_TRUE((*seen)[1].exists);
  EXPECT_EQ((*seen)[1].attributes["name"], Lower(hostile)) << "the name round-trips";
  EXPECT_EQ((*seen)[1].attributes["columns"][0]["name"], evil["columns"][0]["name"]);
  EXPECT_FALSE((*seen)[2].exists);
  for (const char* attr : {"columns", "partition_by", "format", "location", "name"}) {
    EXPECT_EQ(Normalized("databricks.table", attr, (*seen)[0].attributes[attr]),
              Normalized("databricks.table", attr, trips[attr]))
        << attr
        << " compares equal to what the manifest wrote: " << (*seen)[0].attributes[attr].dump();
  }
  EXPECT_EQ((*seen)[0].attributes["columns"][0]["comment"], "it's a \\ key");

  ASSERT_TRUE(
      provider_->remove(DeleteRequest{Address{"databricks.table", "evil"}, evil_created.id, evil})
          .ok());
  EXPECT_EQ(Uc("GET", "tables/main.raw.trips")["name"], "trips");
}

TEST_F(UnityCatalogProviderTest, ColumnTypesThatAreNotTypesAreRefusedAtValidate) {
  const AttributeSchema* columns = nullptr;
  auto schemas = provider_->schemas();
  for (const auto& s : schemas) {
    if (s.kind == "databricks.table") columns = s.Find("columns");
  }
  ASSERT_NE(columns, nullptr);
  ASSERT_TRUE(columns->check);
  for (const char* ok : {"STRING", "decimal(10,2)", "ARRAY<STRING>", "map<string, int>",
                         "struct<a:int,b:array<string>>"}) {
    EXPECT_EQ(columns->check(Value{{{"name", "c"}, {"type", ok}}}), "") << ok;
  }
  for (const char* bad : {"STRING) ; DROP TABLE t; --", "INT COMMENT 'x'", "`x`", "a<b"}) {
    EXPECT_NE(columns->check(Value{{{"name", "c"}, {"type", bad}}}), "") << bad;
  }
}

TEST_F(UnityCatalogProviderTest, TableChangesInPlaceAndPartitionsAreSynced) {
  Uc("POST", "catalogs", {{"name", "main"}});
  Uc("POST", "schemas", {{"name", "raw"}, {"catalog_name", "main"}});
  ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  for (const char* key :
       {"/lake/sales/dt=2024-01-01/part-0.parquet", "/lake/sales/dt=2024-01-02/part-0.parquet"}) {
    ASSERT_EQ(client_->Send("s3", "PUT", key, "", {}, "data").status, 200) << key;
  }
  Value sales = {
      {"catalog_name", "main"},
      {"schema_name", "raw"},
      {"name", "sales"},
      {"format", "PARQUET"},
      {"location", "s3://lake/sales"},
      {"columns", {{{"name", "id"}, {"type", "bigint"}}, {{"name", "dt"}, {"type", "string"}}}},
      {"partition_by", {"dt"}},
      {"properties", {{"owner_team", "a"}, {"stale", "x"}}},
      {"sync_partitions", true}};
  auto created = Create("databricks.table", sales);
  auto partitions = [&] {
    std::set<std::string> out;
    auto r =
        client_->Raw("POST", "/api/2.0/sql/statements",
                     Value{{"statement", "SHOW PARTITIONS main.raw.sales"},
                           {"warehouse_id", credentials_["warehouse_id"]}}
                         .dump(),
                     {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
    Value v = Json(r);
    for (const auto& row : v["result"]["data_array"]) out.insert(row[0].get<std::string>());
    return out;
  };
  EXPECT_EQ(partitions(), (std::set<std::string>{"dt=2024-01-01", "dt=2024-01-02"}))
      << "MSCK REPAIR ran after create";

  // A column added at the end and properties changed: ALTER TABLE, in place.
  ASSERT_EQ(
      client_->Send("s3", "PUT", "/lake/sales/dt=2024-01-03/part-0.parquet", "", {}, "d").status,
      200);
  Observation before = Observe("databricks.table", created.id, sales);
  Value next = sales;
  next["columns"].push_back({{"name", "amount"}, {"type", "DECIMAL(10,2)"}});
  next["properties"] = {{"owner_team", "b"}};
  auto updated = provider_->update(UpdateRequest{Address{"databricks.table", "x"},
                                                 created.id,
                                                 before.attributes,
                                                 next,
                                                 {"columns", "properties"}});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  Observation after = Observe("databricks.table", created.id, next);
  for (const char* attr : {"columns", "properties"}) {
    EXPECT_EQ(Normalized("databricks.table", attr, after.attributes[attr]),
              Normalized("databricks.table", attr, next[attr]))
        << attr << ": " << after.attributes[attr].dump();
  }
  EXPECT_FALSE(Uc("GET", "tables/main.raw.sales")["properties"].contains("stale"))
      << "the key the manifest dropped is unset";
  EXPECT_EQ(partitions().size(), 3u) << "and partitions synced again after the update";

  // A type change cannot be made in place: refused, naming the column, nothing dropped.
  Value retyped = next;
  retyped["columns"][0]["type"] = "string";
  auto refused = provider_->update(UpdateRequest{
      Address{"databricks.table", "x"}, created.id, after.attributes, retyped, {"columns"}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("column id"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(Uc("GET", "tables/main.raw.sales")["name"], "sales");
}

}  // namespace
}  // namespace causeway::testing
