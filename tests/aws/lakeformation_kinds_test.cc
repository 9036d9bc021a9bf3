// aws.lakeformation.resource and aws.lakeformation.permissions end to end: the AWS provider
// against the in-process sandbox. Create -> observe returns the manifest's attributes -> out-of-
// band changes show up as drift -> update converges -> delete; adoption, natural-key lookup,
// bulk-observe request counts, error messages, and the resource/permission normalisers.
#include "providers/aws/lakeformation_kinds.h"

#include <gtest/gtest.h>

#include <set>

#include "manifests/loader.h"
#include "providers/aws/aws_provider.h"
#include "providers/kit/normalizers.h"
#include "tests/support/drift.h"
#include "tests/support/rewriting_http_client.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kRole[] = "arn:aws:iam::123456789012:role/lf-access";
constexpr char kAnalyst[] = "arn:aws:iam::123456789012:role/analyst";

class LakeFormationKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    provider_ = MakeProvider("bulk");
  }

  std::unique_ptr<aws::AwsProvider> MakeProvider(const std::string& mode) {
    return NewSandboxAwsProvider(&fixture_, {{"refresh_mode", mode}});
  }

  const KindSchema& Schema(const std::string& kind) {
    if (schemas_.empty()) {
      for (auto& s : provider_->schemas()) schemas_[s.kind] = s;
    }
    return schemas_.at(kind);
  }

  // True if `live` equals `desired` on every desired attribute and every defaulted one, after the
  // schema's normalisers: what makes a re-plan a no-op.
  ::testing::AssertionResult Matches(const std::string& kind, const Value& desired,
                                     const Value& live) {
    return NoDrift(Schema(kind), desired, live);
  }

  Observation ObserveOne(const std::string& kind, const std::string& id, const Value& attributes) {
    return ::causeway::testing::ObserveOne(*provider_, kind, id, attributes);
  }

  SandboxReply Lf(const std::string& op, const Value& body) {
    return client_->Send("lakeformation", "POST", "/" + op, "",
                         {{"content-type", "application/json"}}, body.dump());
  }
  void GlueDatabase(const std::string& name) {
    if (fixture_.server()->FindService("glue") == nullptr) return;
    auto r = client_->Json("glue", "AWSGlue.CreateDatabase", {{"DatabaseInput", {{"Name", name}}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void GlueTable(const std::string& db, const std::string& name) {
    if (fixture_.server()->FindService("glue") == nullptr) return;
    auto r = client_->Json("glue", "AWSGlue.CreateTable",
                           {{"DatabaseName", db}, {"TableInput", {{"Name", name}}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void ResetCounts() { ASSERT_EQ(client_->Raw("POST", "/_sandbox/counts/reset").status, 200); }
  int64_t Count(const std::string& op) {
    Value c = client_->Raw("GET", "/_sandbox/counts").Json();
    return c["by_operation"].value("lakeformation:" + op, int64_t{0});
  }
  int64_t Mutating() { return client_->Raw("GET", "/_sandbox/counts").Json().value("mutating", 0); }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> provider_;
  std::map<std::string, KindSchema> schemas_;
};

// --- aws.lakeformation.resource ---

TEST_F(LakeFormationKindsTest, ResourceLifecycle) {
  const std::string kind = "aws.lakeformation.resource";
  Address addr{kind, "raw"};
  Value desired = {{"arn", "arn:aws:s3:::lake/raw"}, {"role_arn", kRole}};
  auto created = provider_->create({addr, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "arn:aws:s3:::lake/raw");

  Observation o = ObserveOne(kind, created->id, desired);
  ASSERT_TRUE(o.exists);
  EXPECT_EQ(o.id, "arn:aws:s3:::lake/raw");
  EXPECT_TRUE(Matches(kind, desired, o.attributes));
  EXPECT_EQ(o.attributes, Value({{"arn", "arn:aws:s3:::lake/raw"},
                                 {"role_arn", kRole},
                                 {"use_service_linked_role", false}}));

  Value changed = desired;
  changed["role_arn"] = "arn:aws:iam::123456789012:role/other";
  auto updated = provider_->update({addr, created->id, o.attributes, changed, {"role_arn"}});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(Matches(kind, changed, ObserveOne(kind, created->id, changed).attributes));
  EXPECT_EQ(Count("UpdateResource"), 1);

  ASSERT_TRUE(provider_->remove({addr, created->id, changed}).ok());
  EXPECT_FALSE(ObserveOne(kind, created->id, changed).exists);
  Status again = provider_->remove({addr, created->id, changed});
  EXPECT_TRUE(again.ok()) << "delete of a missing registration succeeds: " << again.ToString();
}

TEST_F(LakeFormationKindsTest, ResourceServiceLinkedRoleObservesAsWritten) {
  const std::string kind = "aws.lakeformation.resource";
  Value desired = {{"arn", "arn:aws:s3:::lake/curated"}, {"use_service_linked_role", true}};
  auto created = provider_->create({Address{kind, "curated"}, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  Observation o = ObserveOne(kind, "", desired);  // natural key: arn
  ASSERT_TRUE(o.exists);
  EXPECT_EQ(o.attributes["role_arn"], "");
  EXPECT_EQ(o.attributes["use_service_linked_role"], true);
  EXPECT_TRUE(Matches(kind, desired, o.attributes));
}

TEST_F(LakeFormationKindsTest, ResourceCreateAdoptsExistingRegistration) {
  const std::string kind = "aws.lakeformation.resource";
  ASSERT_EQ(Lf("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake/raw"},
                                    {"RoleArn", "arn:aws:iam::123456789012:role/old"}})
                .status,
            200);
  Value desired = {{"arn", "arn:aws:s3:::lake/raw"}, {"role_arn", kRole}};
  auto created = provider_->create({Address{kind, "raw"}, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, "arn:aws:s3:::lake/raw");
  EXPECT_TRUE(Matches(kind, desired, ObserveOne(kind, "", desired).attributes))
      << "adoption re-points the registration at the manifest's role";
}

TEST_F(LakeFormationKindsTest, ResourceValidationErrors) {
  const std::string kind = "aws.lakeformation.resource";
  struct Case {
    std::string reason;
    Value attributes;
  } cases[] = {
      {"no role at all", {{"arn", "arn:aws:s3:::lake"}}},
      {"both role and service-linked role",
       {{"arn", "arn:aws:s3:::lake"}, {"role_arn", kRole}, {"use_service_linked_role", true}}},
      {"not an S3 ARN", {{"arn", "s3://lake"}, {"role_arn", kRole}}},
  };
  for (const auto& c : cases) {
    auto r = provider_->create({Address{kind, "bad"}, c.attributes});
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.reason;
    EXPECT_NE(r.status().message().find("aws.lakeformation.resource.bad"), std::string::npos)
        << c.reason << ": " << r.status().message();
  }
  EXPECT_EQ(Mutating(), 0);
}

TEST_F(LakeFormationKindsTest, ResourceBulkObserveIsOneListCall) {
  const std::string kind = "aws.lakeformation.resource";
  std::vector<ObserveItem> items;
  for (int i = 0; i < 40; ++i) {
    std::string arn = "arn:aws:s3:::lake/p" + std::to_string(i);
    if (i < 30) {
      ASSERT_EQ(Lf("RegisterResource", {{"ResourceArn", arn}, {"RoleArn", kRole}}).status, 200);
    }
    items.push_back(
        {Address{kind, "p" + std::to_string(i)}, "", Value{{"arn", arn}, {"role_arn", kRole}}});
  }
  ResetCounts();
  auto obs = provider_->observe(items);
  ASSERT_TRUE(obs.ok()) << obs.status().ToString();
  for (int i = 0; i < 40; ++i) EXPECT_EQ((*obs)[i].exists, i < 30) << i;
  EXPECT_EQ(Count("ListResources"), 1);
  EXPECT_EQ(Count("DescribeResource"), 0);

  auto per = MakeProvider("per-resource");
  ResetCounts();
  auto obs2 = per->observe(items);
  ASSERT_TRUE(obs2.ok());
  EXPECT_EQ(Count("DescribeResource"), 40) << "the per-resource baseline reads one at a time";
  for (int i = 0; i < 40; ++i) EXPECT_EQ((*obs2)[i].attributes, (*obs)[i].attributes) << i;
}

// --- aws.lakeformation.permissions ---

TEST_F(LakeFormationKindsTest, PermissionsLifecycleWithDrift) {
  const std::string kind = "aws.lakeformation.permissions";
  GlueDatabase("raw");
  Address addr{kind, "analyst_raw"};
  Value desired = {{"principal", kAnalyst},
                   {"resource", {{"database", {{"name", "raw"}}}}},
                   {"permissions", {"describe", "ALTER"}},
                   {"permissions_with_grant_option", {"ALTER"}}};
  auto created = provider_->create({addr, desired});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id, std::string(kAnalyst) + R"(|{"database":{"name":"raw"}})");

  Observation o = ObserveOne(kind, created->id, desired);
  ASSERT_TRUE(o.exists);
  EXPECT_TRUE(Matches(kind, desired, o.attributes));
  EXPECT_EQ(o.attributes["permissions"], Value({"ALTER", "DESCRIBE"}));

  // Out of band: DESCRIBE revoked, CREATE_TABLE granted. Observe shows it as drift.
  ASSERT_EQ(Lf("RevokePermissions", {{"Principal", {{"DataLakePrincipalIdentifier", kAnalyst}}},
                                     {"Resource", {{"Database", {{"Name", "raw"}}}}},
                                     {"Permissions", {"DESCRIBE"}}})
                .status,
            200);
  ASSERT_EQ(Lf("GrantPermissions", {{"Principal", {{"DataLakePrincipalIdentifier", kAnalyst}}},
                                    {"Resource", {{"Database", {{"Name", "raw"}}}}},
                                    {"Permissions", {"CREATE_TABLE"}}})
                .status,
            200);
  o = ObserveOne(kind, created->id, desired);
  ASSERT_TRUE(o.exists);
  EXPECT_FALSE(Matches(kind, desired, o.attributes));
  EXPECT_EQ(o.attributes["permissions"], Value({"ALTER", "CREATE_TABLE"}));

  // Update converges: DESCRIBE granted back, CREATE_TABLE revoked.
  auto fixed = provider_->update({addr, created->id, o.attributes, desired, {"permissions"}});
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  o = ObserveOne(kind, created->id, desired);
  EXPECT_TRUE(Matches(kind, desired, o.attributes)) << o.attributes.dump();

  // A real change: drop ALTER (and its grant option).
  Value smaller = desired;
  smaller["permissions"] = {"DESCRIBE"};
  smaller["permissions_with_grant_option"] = Value::array();
  auto up = provider_->update(
      {addr, created->id, o.attributes, smaller, {"permissions", "permissions_with_grant_option"}});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  o = ObserveOne(kind, created->id, smaller);
  EXPECT_TRUE(Matches(kind, smaller, o.attributes)) << o.attributes.dump();

  // Re-observing is a no-op: no mutating request.
  ResetCounts();
  ObserveOne(kind, created->id, smaller);
  EXPECT_EQ(Mutating(), 0);

  ASSERT_TRUE(provider_->remove({addr, created->id, smaller}).ok());
  EXPECT_FALSE(ObserveOne(kind, created->id, smaller).exists);
  EXPECT_TRUE(provider_->remove({addr, created->id, smaller}).ok()) << "revoking nothing is fine";
}

TEST_F(LakeFormationKindsTest, PermissionsEveryResourceForm) {
  const std::string kind = "aws.lakeformation.permissions";
  GlueDatabase("raw");
  GlueTable("raw", "events");
  ASSERT_EQ(
      Lf("RegisterResource", {{"ResourceArn", "arn:aws:s3:::lake"}, {"RoleArn", kRole}}).status,
      200);
  struct Case {
    std::string reason;
    Value resource;
    Value permissions;
  } cases[] = {
      {"catalog", {{"catalog", Value::object()}}, {"CREATE_DATABASE"}},
      {"database", {{"database", {{"name", "raw"}}}}, {"CREATE_TABLE", "DESCRIBE"}},
      {"named table", {{"table", {{"database_name", "raw"}, {"name", "events"}}}}, {"SELECT"}},
      {"all tables", {{"table", {{"database_name", "raw"}, {"wildcard", true}}}}, {"DESCRIBE"}},
      {"some columns",
       {{"table_with_columns",
         {{"database_name", "raw"}, {"name", "events"}, {"column_names", {"b", "a"}}}}},
       {"SELECT"}},
      {"all columns but one",
       {{"table_with_columns",
         {{"database_name", "raw"},
          {"name", "events"},
          {"column_wildcard", true},
          {"excluded_column_names", {"ssn"}}}}},
       {"SELECT"}},
      {"data location",
       {{"data_location", {{"arn", "arn:aws:s3:::lake/raw"}}}},
       {"DATA_LOCATION_ACCESS"}},
  };
  std::vector<ObserveItem> items;
  for (const auto& c : cases) {
    Value desired = {
        {"principal", kAnalyst}, {"resource", c.resource}, {"permissions", c.permissions}};
    auto created = provider_->create({Address{kind, "x"}, desired});
    ASSERT_TRUE(created.ok()) << c.reason << ": " << created.status().ToString();
    items.push_back({Address{kind, "x"}, created->id, desired});
  }
  ResetCounts();
  auto obs = provider_->observe(items);
  ASSERT_TRUE(obs.ok()) << obs.status().ToString();
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_TRUE((*obs)[i].exists) << cases[i].reason;
    EXPECT_TRUE(Matches(kind, items[i].attributes, (*obs)[i].attributes))
        << cases[i].reason << ": " << (*obs)[i].attributes.dump();
    EXPECT_EQ((*obs)[i].id, items[i].id) << cases[i].reason;
  }
  EXPECT_EQ(Count("ListPermissions"), 4) << "one list per resource type: catalog, database, "
                                            "table, data location";
  // A principal still unknown at plan time (no id yet) cannot exist: not found, not an error.
  Value unknown = items[1].attributes;
  unknown["principal"] = UnknownValue();
  auto pending = provider_->observe({{Address{kind, "pending"}, "", unknown}, items[1]});
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_FALSE((*pending)[0].exists);
  EXPECT_TRUE((*pending)[1].exists);
  // Natural key only (empty id), and id only (no attributes).
  EXPECT_TRUE(ObserveOne(kind, "", items[2].attributes).exists);
  EXPECT_TRUE(ObserveOne(kind, items[2].id, Value::object()).exists);
}

TEST_F(LakeFormationKindsTest, PermissionsBulkObserveCountsVsPerResource) {
  const std::string kind = "aws.lakeformation.permissions";
  std::vector<ObserveItem> items;
  for (int d = 0; d < 5; ++d) {
    std::string db = "db" + std::to_string(d);
    GlueDatabase(db);
    for (int p = 0; p < 10; ++p) {
      std::string principal = "arn:aws:iam::123456789012:role/r" + std::to_string(p);
      Value desired = {{"principal", principal},
                       {"resource", {{"database", {{"name", db}}}}},
                       {"permissions", {"DESCRIBE"}}};
      if (p < 8) {
        ASSERT_TRUE(provider_->create({Address{kind, "x"}, desired}).ok());
      }
      items.push_back({Address{kind, db + "_" + std::to_string(p)}, "", desired});
    }
  }
  ResetCounts();
  auto obs = provider_->observe(items);
  ASSERT_TRUE(obs.ok()) << obs.status().ToString();
  int present = 0;
  for (const auto& o : *obs) present += o.exists ? 1 : 0;
  EXPECT_EQ(present, 40);
  EXPECT_EQ(Count("ListPermissions"), 1) << "50 grants read with one request";

  auto per = MakeProvider("per-resource");
  ResetCounts();
  auto obs2 = per->observe(items);
  ASSERT_TRUE(obs2.ok());
  EXPECT_EQ(Count("ListPermissions"), 50);
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*obs2)[i].exists, (*obs)[i].exists) << i;
    EXPECT_EQ((*obs2)[i].attributes, (*obs)[i].attributes) << i;
  }
}

TEST_F(LakeFormationKindsTest, PermissionsErrorsNameTheObject) {
  const std::string kind = "aws.lakeformation.permissions";
  struct Case {
    std::string reason;
    Value attributes;
    StatusCode code;
    std::string contains;
  } cases[] = {
      {"grant option not in permissions",
       {{"principal", kAnalyst},
        {"resource", {{"catalog", Value::object()}}},
        {"permissions", {"CREATE_DATABASE"}},
        {"permissions_with_grant_option", {"DESCRIBE"}}},
       StatusCode::kInvalidArgument,
       "permissions_with_grant_option"},
      {"two resource forms",
       {{"principal", kAnalyst},
        {"resource", {{"catalog", Value::object()}, {"database", {{"name", "raw"}}}}},
        {"permissions", {"DESCRIBE"}}},
       StatusCode::kInvalidArgument,
       "exactly one of"},
      {"table without name or wildcard",
       {{"principal", kAnalyst},
        {"resource", {{"table", {{"database_name", "raw"}}}}},
        {"permissions", {"SELECT"}}},
       StatusCode::kInvalidArgument,
       "wildcard"},
      {"permission Lake Formation rejects for the type",
       {{"principal", kAnalyst},
        {"resource", {{"catalog", Value::object()}}},
        {"permissions", {"SELECT"}}},
       StatusCode::kProviderError,
       "InvalidInputException"},
      {"unregistered data location",
       {{"principal", kAnalyst},
        {"resource", {{"data_location", {{"arn", "arn:aws:s3:::nowhere"}}}}},
        {"permissions", {"DATA_LOCATION_ACCESS"}}},
       StatusCode::kPermissionDenied,
       "Resource does not exist"},
  };
  for (const auto& c : cases) {
    auto r = provider_->create({Address{kind, "bad"}, c.attributes});
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), c.code) << c.reason << ": " << r.status().ToString();
    EXPECT_NE(r.status().message().find("aws.lakeformation.permissions.bad"), std::string::npos)
        << c.reason << ": " << r.status().message();
    EXPECT_NE(r.status().message().find(c.contains), std::string::npos)
        << c.reason << ": " << r.status().message();
  }
  if (fixture_.server()->FindService("glue") != nullptr) {
    auto r = provider_->create({Address{kind, "ghost"},
                                {{"principal", kAnalyst},
                                 {"resource", {{"database", {{"name", "ghost"}}}}},
                                 {"permissions", {"DESCRIBE"}}}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().ToString();
    EXPECT_NE(r.status().message().find("EntityNotFoundException"), std::string::npos);
  }
}

TEST_F(LakeFormationKindsTest, PermissionsListForImport) {
  const std::string kind = "aws.lakeformation.permissions";
  GlueDatabase("raw");
  ASSERT_TRUE(provider_
                  ->create({Address{kind, "a"},
                            {{"principal", kAnalyst},
                             {"resource", {{"database", {{"name", "raw"}}}}},
                             {"permissions", {"DESCRIBE"}}}})
                  .ok());
  ASSERT_TRUE(provider_
                  ->create({Address{kind, "b"},
                            {{"principal", "IAM_ALLOWED_PRINCIPALS"},
                             {"resource", {{"catalog", Value::object()}}},
                             {"permissions", {"CREATE_DATABASE"}}}})
                  .ok());
  auto all = provider_->list({kind, Value::object()});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), 2u);
  auto mine = provider_->list({kind, {{"principal", kAnalyst}}});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].attributes["resource"], Value({{"database", {{"name", "raw"}}}}));
  auto cat = provider_->list({kind, {{"resource_type", "CATALOG"}}});
  ASSERT_TRUE(cat.ok());
  ASSERT_EQ(cat->size(), 1u);
  EXPECT_EQ((*cat)[0].attributes["principal"], "IAM_ALLOWED_PRINCIPALS");
}

// `causeway validate` checks the resource's forms field by field: a misspelt or missing field at
// the line and column where it is written, a second form or a table without name or wildcard as
// an invalid value, each once.
TEST_F(LakeFormationKindsTest, ValidationNamesNestedResourceMistakesWhereTheyAreWritten) {
  SchemaSet schemas;
  for (auto& s : provider_->schemas()) schemas[s.kind] = s;
  auto errors = [&](const std::string& resource) {
    LoadResult r = LoadManifestFiles(
        {{"main.yaml", "kind: aws.lakeformation.permissions\nname: grant\nspec:\n  principal: " +
                           std::string(kAnalyst) + "\n  permissions: [SELECT]\n  resource:\n" +
                           resource}},
        schemas);
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) out.push_back(d.str());
    return out;
  };
  const std::string kind = "aws.lakeformation.permissions";
  struct Case {
    std::string reason;
    std::string resource;  // YAML from line 7
    std::vector<std::string> want;
  } cases[] = {
      {"every form as written is valid",
       "    table_with_columns: {database_name: raw, name: t, column_wildcard: true,\n"
       "                         excluded_column_names: [ssn]}\n",
       {}},
      {"a misspelt field",
       "    table: {database_name: raw, nme: events}\n",
       {"main.yaml:7:33: unknown field 'nme' in resource.table of " + kind +
        "; did you mean 'name'?"}},
      {"a missing field",
       "    database: {}\n",
       {"main.yaml:7:5: missing required field 'name' in resource.database of " + kind + ".grant"}},
      {"an ARN that is not an S3 one",
       "    data_location: {arn: \"s3://lake\"}\n",
       {"main.yaml:7:26: invalid value for field 'arn' of resource.data_location in " + kind +
        ": \"s3://lake\"; expected an S3 ARN such as arn:aws:s3:::bucket/prefix"}},
      {"two forms",
       "    catalog: {}\n    database: {name: raw}\n",
       {"main.yaml:7:5: invalid value for attribute 'resource' of " + kind +
        ": {\"catalog\":{},\"database\":{\"name\":\"raw\"}}; expected exactly one of catalog, "
        "database, table, table_with_columns, data_location"}},
      {"a table without name or wildcard",
       "    table: {database_name: raw}\n",
       {"main.yaml:7:5: invalid value for attribute 'resource' of " + kind +
        ": {\"table\":{\"database_name\":\"raw\"}}; expected table with exactly one of name or "
        "wildcard: true"}},
  };
  for (const auto& c : cases) EXPECT_EQ(errors(c.resource), c.want) << c.reason;
}

// --- replies ---

// Replies the sandbox never sends: a malformed one is an error naming the operation and the field
// (never an exception); null members read as absent; grants on resources the kind does not
// manage (LF tags) are left out.
TEST_F(LakeFormationKindsTest, RepliesAreReadStrictlyAndNameWhatIsWrong) {
  const std::string perms = "aws.lakeformation.permissions";
  const std::string res = "aws.lakeformation.resource";
  const Value grant = {{"principal", kAnalyst},
                       {"resource", {{"database", {{"name", "raw"}}}}},
                       {"permissions", {"DESCRIBE"}}};
  const Value registration = {{"arn", "arn:aws:s3:::lake/raw"}, {"role_arn", kRole}};
  auto entry = [&](const Value& resource, const Value& permissions) {
    return Value{{"PrincipalResourcePermissions",
                  {{{"Principal", {{"DataLakePrincipalIdentifier", kAnalyst}}},
                    {"Resource", resource},
                    {"Permissions", permissions},
                    {"PermissionsWithGrantOption", nullptr}}}},
                 {"NextToken", nullptr}};
  };
  struct Case {
    std::string reason;
    std::string kind;
    std::string operation;  // whose reply is replaced
    Value body;
    std::string want;  // substring of the error; "" when the reply is fine
    bool exists = false;
  };
  const std::vector<Case> cases = {
      {"null members read as absent", perms, "ListPermissions",
       entry({{"Database", {{"Name", "raw"}, {"CatalogId", nullptr}}}}, {"describe"}), "", true},
      {"a grant on an LF tag is not this kind's", perms, "ListPermissions",
       entry({{"LFTag", {{"TagKey", "team"}, {"TagValues", {"data"}}}}}, {"DESCRIBE"}), "", false},
      {"a database name that is a number", perms, "ListPermissions",
       entry({{"Database", {{"Name", 7}}}}, {"DESCRIBE"}),
       "lakeformation ListPermissions: PrincipalResourcePermissions[0].Resource.Database.Name: "
       "expected a string, got an integer"},
      {"permissions that are not a list", perms, "ListPermissions",
       entry({{"Database", {{"Name", "raw"}}}}, "ALL"),
       "lakeformation ListPermissions: PrincipalResourcePermissions[0].Permissions: expected a "
       "list, got a string"},
      {"a registration without its ARN",
       res,
       "ListResources",
       {{"ResourceInfoList", {{{"RoleArn", kRole}}}}},
       "lakeformation ListResources: ResourceInfoList[0].ResourceArn: missing"},
      {"a role ARN that is a number",
       res,
       "ListResources",
       {{"ResourceInfoList", {{{"ResourceArn", "arn:aws:s3:::lake/raw"}, {"RoleArn", 7}}}}},
       "lakeformation ListResources: ResourceInfoList[0].RoleArn: expected a string, got an "
       "integer"},
  };
  auto curl = NewCurlHttpClient();
  for (const auto& c : cases) {
    RewritingHttpClient http(curl.get(), [&](const HttpRequest& r, const HttpResponse&) {
      return r.url.ends_with("/" + c.operation) ? std::optional<std::string>(c.body.dump())
                                                : std::nullopt;
    });
    aws::AwsProviderOptions options;
    options.http = &http;
    options.sandbox = [this]() -> Result<aws::SandboxEndpoint> {
      aws::Credentials cred = SandboxFixture::DefaultCredentials();
      return aws::SandboxEndpoint{fixture_.endpoint(), cred.access_key_id, cred.secret_access_key};
    };
    aws::AwsProvider p(options);
    ASSERT_TRUE(p.configure({{"endpoint", "sandbox"}, {"region", "us-east-1"}}).ok());
    auto observed = p.observe({{Address{c.kind, "x"}, "", c.kind == perms ? grant : registration}});
    if (c.want.empty()) {
      ASSERT_TRUE(observed.ok()) << c.reason << ": " << observed.status().ToString();
      EXPECT_EQ((*observed)[0].exists, c.exists) << c.reason;
      if (c.exists) {
        EXPECT_TRUE(Matches(c.kind, grant, (*observed)[0].attributes)) << c.reason;
      }
      continue;
    }
    ASSERT_FALSE(observed.ok()) << c.reason;
    EXPECT_EQ(observed.status().code(), StatusCode::kProviderError) << c.reason;
    EXPECT_NE(observed.status().message().find(c.want), std::string::npos)
        << c.reason << ": " << observed.status().message();
  }
}

// --- normalisers ---

TEST(LakeFormationNormalizersTest, Permissions) {
  struct Case {
    std::string reason;
    Value in, out;
  } cases[] = {
      {"upper-cased and sorted", {"select", "Describe"}, {"DESCRIBE", "SELECT"}},
      {"duplicates collapse", {"SELECT", "select"}, {"SELECT"}},
      {"empty stays empty", Value::array(), Value::array()},
      {"non-list untouched", "SELECT", "SELECT"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(kit::UpperCaseSet(c.in), c.out) << c.reason;
    EXPECT_EQ(kit::UpperCaseSet(c.out), c.out) << c.reason << " (idempotent)";
  }
}

TEST(LakeFormationNormalizersTest, Resource) {
  struct Case {
    std::string reason;
    Value in, out;
  } cases[] = {
      {"wildcard: false with a name is a named table",
       {{"table", {{"database_name", "raw"}, {"name", "t"}, {"wildcard", false}}}},
       {{"table", {{"database_name", "raw"}, {"name", "t"}}}}},
      {"column names sorted and de-duplicated",
       {{"table_with_columns",
         {{"database_name", "d"}, {"name", "t"}, {"column_names", {"b", "a", "b"}}}}},
       {{"table_with_columns",
         {{"database_name", "d"}, {"name", "t"}, {"column_names", {"a", "b"}}}}}},
      {"invalid forms are left as written",
       {{"table", {{"database_name", "raw"}}}},
       {{"table", {{"database_name", "raw"}}}}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(aws::CanonicalLfManifestResource(c.in), c.out) << c.reason;
    EXPECT_EQ(aws::CanonicalLfManifestResource(c.out), c.out) << c.reason << " (idempotent)";
  }
  std::string principal;
  Value resource;
  ASSERT_TRUE(
      aws::ParseLfPermissionsId(aws::LfPermissionsId("p:x|y", cases[0].in), &principal, &resource)
          .ok());
  EXPECT_EQ(principal, "p:x|y");
  EXPECT_EQ(resource, cases[0].out);
  EXPECT_FALSE(aws::ParseLfPermissionsId("no-resource", &principal, &resource).ok());
}

}  // namespace
}  // namespace causeway::testing
