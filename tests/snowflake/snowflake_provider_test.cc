// The Snowflake provider (providers/snowflake/) against the sandbox's Snowflake emulator over
// loopback HTTP with key-pair JWT: databases, schemas, warehouses, roles, users, role grants and
// privilege grants are created (adopting what exists), observed in bulk and per resource,
// changed out of band and brought back, and deleted (a missing object's delete succeeds); after
// each apply a re-plan is a no-op; hostile names round-trip and never run as SQL; bulk observe
// reads with one paged SHOW per kind and container where per-resource reads one per object.
#include "providers/snowflake/snowflake_provider.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <set>
#include <thread>

#include "providers/kit/attribute_table.h"
#include "reconciler/core/ascii.h"
#include "tests/snowflake/snowflake_sandbox_provider.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using snowflake::SnowflakeProvider;

// A fresh RSA public key as PEM (a user's RSA_PUBLIC_KEY).
std::string NewPublicKeyPem() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return out;
}

// The shared sandbox fixture (snowflake_sandbox_provider.h): providers as the CLI configures them.
class SnowflakeProviderTest : public SnowflakeSandboxTest {};

TEST_F(SnowflakeProviderTest, DatabaseCreateObserveUpdateDelete) {
  Value db = {{"name", "raw"}, {"comment", "landing zone"}, {"data_retention_time_in_days", 3}};
  ResourceResult created = Create("snowflake.database", db);
  EXPECT_EQ(created.id, "RAW");
  EXPECT_TRUE(Names("DATABASES").count("RAW")) << "unquoted names fold to upper case";
  ExpectNoDiff("snowflake.database", db);
  EXPECT_EQ(Observe("snowflake.database", db).outputs["owner"], "ACCOUNTADMIN");

  Value changed = db;
  changed["comment"] = "";
  changed["data_retention_time_in_days"] = 7;
  Update("snowflake.database", db, changed);
  ExpectNoDiff("snowflake.database", changed);

  Delete("snowflake.database", changed);
  EXPECT_FALSE(Observe("snowflake.database", changed).exists);
  Delete("snowflake.database", changed);  // a missing object's delete succeeds
}

TEST_F(SnowflakeProviderTest, CreateAdoptsAnExistingObjectAndBringsItToTheManifest) {
  Sql("CREATE DATABASE \"ADOPTED\" COMMENT = 'made by hand'");
  Value db = {{"name", "adopted"}, {"comment", "managed now"}};
  Create("snowflake.database", db);
  ExpectNoDiff("snowflake.database", db);
}

TEST_F(SnowflakeProviderTest, SchemaLifecycleAndMissingContainer) {
  Create("snowflake.database", {{"name", "ANALYTICS"}});
  Value schema = {
      {"database", "analytics"}, {"name", "marts"}, {"managed_access", true}, {"comment", "dbt"}};
  EXPECT_EQ(Create("snowflake.schema", schema).id, "ANALYTICS.MARTS");
  ExpectNoDiff("snowflake.schema", schema);
  Value changed = schema;
  changed["comment"] = "dbt models";
  changed["managed_access"] = false;
  Update("snowflake.schema", schema, changed);
  ExpectNoDiff("snowflake.schema", changed);

  Value orphan = {{"database", "NO_SUCH_DB"}, {"name", "S"}};
  EXPECT_FALSE(Observe("snowflake.schema", orphan).exists);
  Delete("snowflake.schema", orphan);
  Delete("snowflake.schema", changed);
  EXPECT_FALSE(Observe("snowflake.schema", changed).exists);
}

TEST_F(SnowflakeProviderTest, WarehouseSizesCompareAsSnowflakeSpellsThem) {
  Value wh = {{"name", "etl_wh"}, {"warehouse_size", "SMALL"}, {"auto_suspend", 120}};
  Create("snowflake.warehouse", wh);
  ExpectNoDiff("snowflake.warehouse", wh);
  Value changed = wh;
  changed["warehouse_size"] = "x-large";
  changed["auto_resume"] = false;
  changed["comment"] = "nightly";
  Update("snowflake.warehouse", wh, changed);
  ExpectNoDiff("snowflake.warehouse", changed);
  Delete("snowflake.warehouse", changed);
  EXPECT_FALSE(Observe("snowflake.warehouse", changed).exists);
}

TEST_F(SnowflakeProviderTest, UserWithKeyPairAndDefaultsNeverAPassword) {
  for (const auto& a : Schema("snowflake.user").attributes) {
    EXPECT_EQ(Lower(a.name).find("password"), std::string::npos) << a.name;
  }
  Create("snowflake.role", {{"name", "loader"}});
  Create("snowflake.warehouse", {{"name", "load_wh"}});
  const std::string key = NewPublicKeyPem();
  Value user = {
      {"name", "svc_loader"},  {"default_role", "loader"}, {"default_warehouse", "load_wh"},
      {"rsa_public_key", key}, {"type", "service"},        {"comment", "ingestion"}};
  Create("snowflake.user", user);
  ExpectNoDiff("snowflake.user", user);

  Value rotated = user;
  rotated["rsa_public_key"] = NewPublicKeyPem();
  rotated["default_warehouse"] = "";
  Observation before = Observe("snowflake.user", rotated);
  EXPECT_NE(Diff("snowflake.user", rotated, before), std::vector<std::string>{})
      << "a new key is a change";
  Update("snowflake.user", user, rotated);
  ExpectNoDiff("snowflake.user", rotated);
  Delete("snowflake.user", rotated);
  EXPECT_FALSE(Observe("snowflake.user", rotated).exists);
}

TEST_F(SnowflakeProviderTest, ListGivesEveryObjectWithItsAttributes) {
  Create("snowflake.database", {{"name", "listed"}});
  Create("snowflake.schema", {{"database", "listed"}, {"name", "s1"}, {"comment", "one"}});
  Create("snowflake.user", {{"name", "lister"}, {"display_name", "Lister"}});
  auto schemas = provider_->list(ListRequest{"snowflake.schema", {{"database", "listed"}}});
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  bool found = false;
  for (const auto& o : *schemas) {
    if (o.id != "LISTED.S1") continue;
    found = true;
    EXPECT_EQ(o.attributes["comment"], "one");
    EXPECT_EQ(o.attributes["database"], "LISTED");
  }
  EXPECT_TRUE(found);
  auto users = provider_->list(ListRequest{"snowflake.user", Value::object()});
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  found = false;
  for (const auto& o : *users) {
    if (o.id != "LISTER") continue;
    found = true;
    EXPECT_EQ(o.attributes["display_name"], "Lister") << "unmanaged in observe, kept in list";
    EXPECT_EQ(o.attributes["login_name"], "LISTER");
  }
  EXPECT_TRUE(found);
  auto missing = provider_->list(ListRequest{"snowflake.schema", Value::object()});
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SnowflakeProviderTest, RoleGrantsToRolesAndUsers) {
  Value analyst = {{"name", "analyst"}, {"comment", "reads marts"}};
  Create("snowflake.role", analyst);
  ExpectNoDiff("snowflake.role", analyst);
  Value renamed_comment = {{"name", "analyst"}, {"comment", "reads marts and seeds"}};
  Update("snowflake.role", analyst, renamed_comment);
  ExpectNoDiff("snowflake.role", renamed_comment);
  Create("snowflake.role", {{"name", "reporting"}});
  Create("snowflake.user", {{"name", "ada"}});
  Value to_role = {{"role", "analyst"}, {"to_role", "reporting"}};
  Value to_user = {{"role", "analyst"}, {"to_user", "ada"}};
  EXPECT_FALSE(Observe("snowflake.role_grant", to_role).exists);
  EXPECT_EQ(Create("snowflake.role_grant", to_role).id, "ANALYST -> ROLE REPORTING");
  Create("snowflake.role_grant", to_user);
  ExpectNoDiff("snowflake.role_grant", to_role);
  ExpectNoDiff("snowflake.role_grant", to_user);
  Delete("snowflake.role_grant", to_role);
  EXPECT_FALSE(Observe("snowflake.role_grant", to_role).exists);
  EXPECT_TRUE(Observe("snowflake.role_grant", to_user).exists);
  Delete("snowflake.role_grant", to_role);

  auto both = provider_->create(
      CreateRequest{Address{"snowflake.role_grant", "x"},
                    {{"role", "analyst"}, {"to_role", "reporting"}, {"to_user", "ada"}}});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("exactly one of to_role and to_user"), std::string::npos);
}

TEST_F(SnowflakeProviderTest, GrantsOnObjectsAllAndFuture) {
  Create("snowflake.database", {{"name", "lake"}});
  Create("snowflake.schema", {{"database", "lake"}, {"name", "raw"}});
  Create("snowflake.role", {{"name", "reader"}});

  Value usage = {{"role", "reader"},
                 {"on", "database"},
                 {"name", "lake"},
                 {"privileges", {"usage", "monitor"}}};
  Create("snowflake.grant", usage);
  ExpectNoDiff("snowflake.grant", usage);

  Value all_on_schema = {{"role", "reader"}, {"on", "schema"},        {"database", "lake"},
                         {"name", "raw"},    {"privileges", {"ALL"}}, {"with_grant_option", true}};
  Create("snowflake.grant", all_on_schema);
  Observation o = Observe("snowflake.grant", all_on_schema);
  EXPECT_EQ(o.attributes["privileges"], Value({"ALL PRIVILEGES"})) << o.attributes.dump();
  ExpectNoDiff("snowflake.grant", all_on_schema);
  Value without_option = all_on_schema;
  without_option["with_grant_option"] = false;
  without_option["privileges"] = {"ALL_PRIVILEGES"};
  Update("snowflake.grant", all_on_schema, without_option);
  ExpectNoDiff("snowflake.grant", without_option);

  Value future = {{"role", "reader"},   {"on", "tables"},  {"scope", "future"},
                  {"database", "lake"}, {"schema", "raw"}, {"privileges", {"SELECT"}}};
  Create("snowflake.grant", future);
  ExpectNoDiff("snowflake.grant", future);
  Delete("snowflake.grant", future);
  EXPECT_FALSE(Observe("snowflake.grant", future).exists);

  Value all_schemas = {{"role", "reader"},
                       {"on", "SCHEMA"},
                       {"scope", "all"},
                       {"database", "lake"},
                       {"privileges", {"USAGE"}}};
  Create("snowflake.grant", all_schemas);
  ExpectNoDiff("snowflake.grant", all_schemas);

  Delete("snowflake.grant", usage);
  EXPECT_FALSE(Observe("snowflake.grant", usage).exists);
  Delete("snowflake.grant", usage);
}

// Apply runs many grant steps at once; their GRANTs (and, on destroy, REVOKEs) leave in a few
// multi-statement requests, not one request (or a SHOW and a GRANT) each.
TEST_F(SnowflakeProviderTest, ConcurrentGrantsShareMultiStatementRequests) {
  constexpr int kRoles = 24;
  Create("snowflake.database", {{"name", "shared"}});
  std::vector<Value> grants;
  for (int i = 0; i < kRoles; ++i) {
    const std::string role = "reader_" + std::to_string(i);
    Create("snowflake.role", {{"name", role}});
    grants.push_back({{"role", role},
                      {"on", "database"},
                      {"name", "shared"},
                      {"privileges", {"USAGE", "MONITOR"}}});
  }
  auto all_at_once = [&](auto step) {
    const int64_t before = provider_->client()->requests();
    std::vector<std::thread> threads;
    for (const auto& g : grants) threads.emplace_back([&, g] { step(g); });
    for (auto& t : threads) t.join();
    return provider_->client()->requests() - before;
  };

  const int64_t granting = all_at_once([&](const Value& g) {
    auto r = provider_->create(CreateRequest{Address{"snowflake.grant", "g"}, g});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  });
  EXPECT_LT(granting, kRoles / 3) << "24 grants in a few requests";
  for (const auto& g : grants) ExpectNoDiff("snowflake.grant", g);

  const int64_t revoking = all_at_once([&](const Value& g) {
    Status s = provider_->remove(DeleteRequest{Address{"snowflake.grant", "g"}, "", g});
    EXPECT_TRUE(s.ok()) << s.ToString();
  });
  EXPECT_LT(revoking, kRoles / 3) << "24 revokes in a few requests";
  for (const auto& g : grants) EXPECT_FALSE(Observe("snowflake.grant", g).exists) << g.dump();
}

TEST_F(SnowflakeProviderTest, AuthoritativeGrantRevokesWhatItDoesNotList) {
  Create("snowflake.warehouse", {{"name", "bi_wh"}});
  Create("snowflake.role", {{"name", "bi"}});
  Sql("GRANT USAGE, OPERATE, MONITOR ON WAREHOUSE \"BI_WH\" TO ROLE \"BI\"");
  Value additive = {
      {"role", "bi"}, {"on", "warehouse"}, {"name", "bi_wh"}, {"privileges", {"USAGE"}}};
  ExpectNoDiff("snowflake.grant", additive);  // additive: the others are not its business

  Value authoritative = additive;
  authoritative["mode"] = "authoritative";
  Observation o = Observe("snowflake.grant", authoritative);
  EXPECT_EQ(o.attributes["privileges"], Value({"MONITOR", "OPERATE", "USAGE"}));
  Update("snowflake.grant", o.attributes, authoritative);
  ExpectNoDiff("snowflake.grant", authoritative);
  auto rows = Sql("SHOW GRANTS TO ROLE \"BI\"");
  std::set<std::string> held;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows.Text(r, "granted_on") == "WAREHOUSE") held.insert(rows.Text(r, "privilege"));
  }
  EXPECT_EQ(held, (std::set<std::string>{"USAGE"}));
}

TEST_F(SnowflakeProviderTest, HostileNamesRoundTripAndNeverRunAsSql) {
  Create("snowflake.database", {{"name", "X"}});
  const std::vector<std::string> names = {
      "\"; DROP DATABASE x; --\"", "\"a\"\"b\"",       "Ünïcødé 名前", "select",
      "-- not a comment",          "/* not a comment", "it's",         "back\\slash"};
  for (const auto& name : names) {
    Value db = {{"name", name}, {"comment", "'; DROP DATABASE X; --"}};
    Create("snowflake.database", db);
    ExpectNoDiff("snowflake.database", db);
    Value schema = {{"database", name}, {"name", name}};
    Create("snowflake.schema", schema);
    ExpectNoDiff("snowflake.schema", schema);
    Value role = {{"name", name}};
    Create("snowflake.role", role);
    Value grant = {{"role", name},
                   {"on", "schema"},
                   {"database", name},
                   {"name", name},
                   {"privileges", {"USAGE"}}};
    Create("snowflake.grant", grant);
    ExpectNoDiff("snowflake.grant", grant);
  }
  auto dbs = Names("DATABASES");
  EXPECT_TRUE(dbs.count("X")) << "no name ran as a DROP";
  EXPECT_TRUE(dbs.count("; DROP DATABASE x; --"));
  EXPECT_TRUE(dbs.count("a\"b"));
  EXPECT_TRUE(dbs.count("Ünïcødé 名前"));
  EXPECT_TRUE(dbs.count("SELECT"));
  EXPECT_TRUE(dbs.count("back\\slash"));
  for (const auto& name : names) {
    Delete("snowflake.database", {{"name", name}});
    EXPECT_FALSE(Observe("snowflake.database", {{"name", name}}).exists) << name;
  }
  EXPECT_TRUE(Names("DATABASES").count("X"));
}

TEST_F(SnowflakeProviderTest, BulkObserveReadsOneShowPerKindAndContainerInPages) {
  std::vector<ObserveItem> items;
  for (int i = 0; i < 12; ++i) {
    Value role = {{"name", "role_" + std::to_string(100 + i)}};
    Create("snowflake.role", role);
    items.push_back({Address{"snowflake.role", "r" + std::to_string(i)}, "", role});
  }
  items.push_back({Address{"snowflake.role", "gone"}, "", Value{{"name", "never_made"}}});
  for (int i = 0; i < 6; ++i) {  // with SANDBOX_WH more than a page, yet one SHOW WAREHOUSES
    Value wh = {{"name", "wh_" + std::to_string(i)}};
    Create("snowflake.warehouse", wh);
    items.push_back({Address{"snowflake.warehouse", "w" + std::to_string(i)}, "", wh});
  }
  for (const char* db : {"D1", "D2"}) {
    Create("snowflake.database", {{"name", db}});
    for (const char* s : {"A", "B", "C"}) {
      Value schema = {{"database", db}, {"name", s}};
      Create("snowflake.schema", schema);
      items.push_back({Address{"snowflake.schema", std::string(db) + s}, "", schema});
    }
  }

  auto bulk = Provider({{"page_size", 5}});
  ASSERT_NE(bulk, nullptr);
  const int64_t before = bulk->client()->statements();
  auto seen = bulk->observe(items);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  const int64_t bulk_statements = bulk->client()->statements() - before;
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*seen)[i].exists, items[i].address.name != "gone") << items[i].address.str();
  }
  // Roles: every role of the account (the 12 and the sandbox's own) in pages of 5, the last one
  // short; schemas: the same for each of the two databases; warehouses: one SHOW, which Snowflake
  // gives no LIMIT.
  auto pages = [](size_t rows) { return static_cast<int64_t>(rows / 5 + 1); };
  const int64_t role_pages = pages(Sql("SHOW ROLES").size());
  EXPECT_GE(role_pages, 3);
  const int64_t schema_pages = pages(Sql("SHOW SCHEMAS IN DATABASE \"D1\"").size()) +
                               pages(Sql("SHOW SCHEMAS IN DATABASE \"D2\"").size());
  EXPECT_EQ(bulk_statements, role_pages + schema_pages + 1);

  auto per = Provider({{"refresh_mode", "per-resource"}});
  ASSERT_NE(per, nullptr);
  const int64_t per_before = per->client()->statements();
  auto one_by_one = per->observe(items);
  ASSERT_TRUE(one_by_one.ok()) << one_by_one.status().ToString();
  EXPECT_EQ(per->client()->statements() - per_before, static_cast<int64_t>(items.size()));
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*one_by_one)[i].exists, (*seen)[i].exists) << items[i].address.str();
    EXPECT_EQ((*one_by_one)[i].attributes, (*seen)[i].attributes) << items[i].address.str();
  }
}

TEST_F(SnowflakeProviderTest, GrantObserveReadsEachRoleOnce) {
  Create("snowflake.database", {{"name", "g"}});
  std::vector<ObserveItem> items;
  for (const char* role : {"r1", "r2"}) {
    Create("snowflake.role", {{"name", role}});
    for (const char* priv : {"USAGE", "MONITOR", "MODIFY"}) {
      Value grant = {{"role", role}, {"on", "database"}, {"name", "g"}, {"privileges", {priv}}};
      Create("snowflake.grant", grant);
      items.push_back({Address{"snowflake.grant", std::string(role) + priv}, "", grant});
    }
  }
  const int64_t before = provider_->client()->statements();
  auto seen = provider_->observe(items);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(provider_->client()->statements() - before, 2) << "SHOW GRANTS TO ROLE once per role";
  for (const auto& o : *seen) EXPECT_TRUE(o.exists) << o.address.str();
}

TEST_F(SnowflakeProviderTest, RefusedKeyIsAClearErrorWithoutTheKey) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  TempDir dir;
  std::string path = dir.Write("other.p8", std::string(data, static_cast<size_t>(n)));
  BIO_free(bio);
  EVP_PKEY_free(key);

  snowflake::SnowflakeProviderOptions options;
  options.clock = &clock_;
  options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  SnowflakeProvider p(options);
  Status s = p.configure({{"endpoint", sandbox_.endpoint()},
                          {"account", credentials_["account"]},
                          {"user", credentials_["user"]},
                          {"private_key_file", path}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << s.ToString();
  EXPECT_NE(s.message().find("HTTP 401"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(path), std::string::npos) << "names the key file";
  EXPECT_EQ(s.message().find("PRIVATE KEY"), std::string::npos);

  Status unknown = p.configure({{"endpoint", sandbox_.endpoint()}, {"password", "x"}});
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("unknown setting 'password'"), std::string::npos);
  Status mode = p.configure({{"endpoint", sandbox_.endpoint()}, {"refresh_mode", 3}});
  EXPECT_EQ(mode.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(mode.message().find("refresh_mode must be a string"), std::string::npos);
  Status page = p.configure({{"endpoint", sandbox_.endpoint()}, {"page_size", "ten"}});
  EXPECT_NE(page.message().find("page_size must be a whole number"), std::string::npos);
}

}  // namespace
}  // namespace causeway::testing
