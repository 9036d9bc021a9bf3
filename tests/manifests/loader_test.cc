// The loader on valid input: addresses, typed specs, locations, depends_on, lifecycle, provider
// blocks, variables with their precedence, the digest, collecting every error at once, and
// reading a real directory.
#include "manifests/loader.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "providers/memory/memory_provider.h"
#include "tests/support/temp_dir.h"

namespace causeway {
namespace {

SchemaSet MemSchemas() {
  SchemaSet out;
  for (const auto& k : MemoryProvider().schemas()) out[k.kind] = k;
  return out;
}

std::string DiagText(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.str() + "\n";
  return out;
}

using testing::TempDir;

const char kRoles[] = R"(# roles
kind: mem.role
name: reader
spec:
  role_name: reader
  description: "reads the lake"
  trust_policy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal: ${mem.integration.snow.iam_user_arn}
lifecycle:
  prevent_destroy: true
  ignore_changes: [description]
  exclusive: true
---
kind: providers
spec:
  mem: {path: live.json, latency_ms: 2}
)";

const char kIntegrations[] = R"(kind: mem.integration
name: snow
spec:
  name: snow
  role_arn: ${mem.role.reader.arn}
  enabled: false
  allowed_locations: ["s3://lake/a/", "s3://lake/b/"]
depends_on: [mem.bucket.lake]
---
kind: mem.bucket
name: lake
spec:
  bucket: lake
  versioning: true
  tags: {team: data, cost_center: 42}
)";

TEST(LoaderTest, LoadsMultiFileMultiDocumentSet) {
  LoadResult r = LoadManifestFiles({{"roles.yaml", kRoles}, {"integrations.yaml", kIntegrations}},
                                   MemSchemas());
  ASSERT_TRUE(r.ok()) << DiagText(r);
  ASSERT_EQ(r.set.resources.size(), 3u);
  // File order, then document order.
  EXPECT_EQ(r.set.resources[0].address.str(), "mem.role.reader");
  EXPECT_EQ(r.set.resources[1].address.str(), "mem.integration.snow");
  EXPECT_EQ(r.set.resources[2].address.str(), "mem.bucket.lake");

  const ResourceDecl& role = r.set.resources[0];
  EXPECT_EQ(role.location.str(), "roles.yaml:2:1");
  EXPECT_EQ(role.spec["trust_policy"]["Version"], "2012-10-17");
  EXPECT_EQ(role.spec["trust_policy"]["Statement"][0]["Principal"],
            "${mem.integration.snow.iam_user_arn}");
  EXPECT_TRUE(role.lifecycle.prevent_destroy);
  EXPECT_FALSE(role.lifecycle.allow_destroy);
  EXPECT_EQ(role.lifecycle.ignore_changes, std::vector<std::string>{"description"});
  EXPECT_TRUE(role.lifecycle.exclusive);

  const ResourceDecl& integration = r.set.resources[1];
  EXPECT_EQ(integration.spec["enabled"], false);
  EXPECT_EQ(integration.spec["allowed_locations"], Value::array({"s3://lake/a/", "s3://lake/b/"}));
  const std::vector<Address> expected_deps = {Address{"mem.bucket", "lake"}};
  EXPECT_EQ(integration.depends_on, expected_deps);

  const ResourceDecl& bucket = r.set.resources[2];
  EXPECT_EQ(bucket.spec["versioning"], true);
  EXPECT_EQ(bucket.spec["tags"]["cost_center"], 42);
  EXPECT_EQ(r.set.Find(Address{"mem.bucket", "lake"}), &bucket);

  ASSERT_EQ(r.set.providers.count("mem"), 1u);
  const Value expected_block = {{"path", "live.json"}, {"latency_ms", 2}};
  EXPECT_EQ(r.set.providers.at("mem"), expected_block);
}

TEST(LoaderTest, DigestCoversNamesAndContentsInSortedOrder) {
  std::string a =
      LoadManifestFiles({{"a.yaml", kRoles}, {"b.yaml", kIntegrations}}, MemSchemas()).set.digest;
  std::string swapped =
      LoadManifestFiles({{"b.yaml", kIntegrations}, {"a.yaml", kRoles}}, MemSchemas()).set.digest;
  std::string renamed =
      LoadManifestFiles({{"a.yaml", kRoles}, {"c.yaml", kIntegrations}}, MemSchemas()).set.digest;
  std::string edited =
      LoadManifestFiles({{"a.yaml", kRoles}, {"b.yaml", std::string(kIntegrations) + "# note\n"}},
                        MemSchemas())
          .set.digest;
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, swapped) << "order given does not matter";
  EXPECT_NE(a, renamed) << "names count";
  EXPECT_NE(a, edited) << "contents count";
}

const char kVarsManifest[] = R"(kind: vars
spec:
  prefix: dev
  enabled: true
  locations: ["s3://dev/"]
  count: 1
---
kind: mem.integration
name: snow
spec:
  name: ${var.prefix}_snow
  role_arn: ${mem.role.reader.arn}
  enabled: ${var.enabled}
  allowed_locations: ${var.locations}
  comment: "v${var.count} of ${var.prefix}, literal $${not_a_var} and ${mem.role.reader.arn}"
---
kind: mem.role
name: reader
spec:
  role_name: ${var.prefix}-reader
  trust_policy: {}
)";

TEST(LoaderTest, VariablesTakeDefaultsThenVarFilesThenVarFlags) {
  TempDir dir;
  LoadOptions options;
  options.var_files.push_back(dir.Write("first.yaml", "prefix: staging\ncount: 2\n"));
  options.var_files.push_back(
      dir.Write("second.yaml", "prefix: prod\nlocations: [\"s3://prod/a/\", \"s3://prod/b/\"]\n"));
  options.var_overrides["enabled"] = "false";
  options.var_overrides["count"] = "3";
  LoadResult r = LoadManifestFiles({{"main.yaml", kVarsManifest}}, MemSchemas(), options);
  ASSERT_TRUE(r.ok()) << DiagText(r);

  struct Expect {
    std::string var;
    Value value;
    std::string reason;
  } vars[] = {
      {"prefix", "prod", "the later var file wins over the earlier one and the default"},
      {"locations", Value::array({"s3://prod/a/", "s3://prod/b/"}), "var file gives a list"},
      {"enabled", false, "--var parsed as a YAML bool"},
      {"count", 3, "--var wins over the var file, parsed as an integer"},
  };
  for (const auto& v : vars) EXPECT_EQ(r.set.vars.at(v.var), v.value) << v.reason;

  const ResourceDecl* snow = r.set.Find(Address{"mem.integration", "snow"});
  ASSERT_NE(snow, nullptr);
  EXPECT_EQ(snow->spec["name"], "prod_snow") << "interpolated inside a string";
  EXPECT_EQ(snow->spec["enabled"], false) << "whole value keeps the bool type";
  EXPECT_EQ(snow->spec["allowed_locations"], Value::array({"s3://prod/a/", "s3://prod/b/"}))
      << "whole value keeps the list type";
  EXPECT_EQ(snow->spec["role_arn"], "${mem.role.reader.arn}") << "resource references stay";
  EXPECT_EQ(snow->spec["comment"], "v3 of prod, literal $${not_a_var} and ${mem.role.reader.arn}")
      << "numbers inserted as text; escapes and references kept for the planner";
  EXPECT_EQ(r.set.Find(Address{"mem.role", "reader"})->spec["role_name"], "prod-reader");
}

TEST(LoaderTest, ErrorsInsideASubstitutedValuePointAtTheReference) {
  // Nested items of a substituted list are located at the string that produced them.
  TempDir dir;
  LoadOptions options;
  options.var_files.push_back(
      dir.Write("vars.yaml", "locations: [\"s3://a/\", \"${mem.role.missing.arn}\"]\n"));
  LoadResult r = LoadManifestFiles({{"main.yaml", kVarsManifest}}, MemSchemas(), options);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << DiagText(r);
  EXPECT_EQ(r.diagnostics[0].location.str(), "main.yaml:14:22") << "the ${var.locations} string";
}

TEST(LoaderTest, DefaultsApplyWithoutOverrides) {
  LoadResult r = LoadManifestFiles({{"main.yaml", kVarsManifest}}, MemSchemas());
  ASSERT_TRUE(r.ok()) << DiagText(r);
  const ResourceDecl* snow = r.set.Find(Address{"mem.integration", "snow"});
  ASSERT_NE(snow, nullptr);
  EXPECT_EQ(snow->spec["name"], "dev_snow");
  EXPECT_EQ(snow->spec["enabled"], true);
  EXPECT_EQ(snow->spec["allowed_locations"], Value::array({"s3://dev/"}));
}

TEST(LoaderTest, WholeValueVariableIsTypeChecked) {
  LoadOptions options;
  options.var_overrides["enabled"] = "'yes'";  // quoted: a string
  LoadResult r = LoadManifestFiles({{"main.yaml", kVarsManifest}}, MemSchemas(), options);
  ASSERT_EQ(r.diagnostics.size(), 1u) << DiagText(r);
  EXPECT_EQ(r.diagnostics[0].str(),
            "main.yaml:13:12: wrong type for attribute 'enabled' of mem.integration: expected "
            "bool, got string (write true or false)");
}

TEST(LoaderTest, BadVarFileIsReported) {
  TempDir dir;
  LoadOptions options;
  std::string bad = dir.Write("bad.yaml", "prefix: [unclosed\n");
  std::string list = dir.Write("list.yaml", "- a\n");
  std::string undeclared = dir.Write("undeclared.yaml", "prefx: x\n");
  std::string latin1 = dir.Write("latin1.yaml", "prefix: caf\xe9\n");
  options.var_files = {bad, list, undeclared, dir.path() + "/missing.yaml", latin1};
  LoadResult r = LoadManifestFiles({{"main.yaml", kVarsManifest}}, MemSchemas(), options);
  ASSERT_EQ(r.diagnostics.size(), 5u) << DiagText(r);
  EXPECT_EQ(r.diagnostics[0].str().substr(0, bad.size() + 24), bad + ":2:1: YAML syntax error:");
  EXPECT_EQ(r.diagnostics[1].str(),
            list + ":1:1: a var file must be a mapping of variable names to values, got a list");
  EXPECT_EQ(r.diagnostics[2].str(), undeclared +
                                        ":1:1: variable 'prefx' is not declared in any vars "
                                        "document; did you mean 'prefix'?");
  EXPECT_NE(r.diagnostics[3].str().find("cannot read var file"), std::string::npos);
  EXPECT_EQ(
      r.diagnostics[4].str(),
      latin1 + ":1:9: cannot read YAML: this value is not UTF-8 text; save the file as UTF-8");
}

TEST(LoaderTest, CollectsEveryErrorAtOnceInFileOrder) {
  const char kThreeErrors[] = R"(kind: mem.bucket
name: lake
spec:
  bucket: lake
  versionning: true
---
kind: mem.rolee
name: reader
spec: {}
---
kind: mem.integration
name: snow
spec:
  name: snow
  role_arn: ${mem.role.writer.arn}
)";
  LoadResult r = LoadManifestFiles(
      {{"z.yaml", "kind: mem.database\nname: db\nspec: {name: 7}\n"}, {"a.yaml", kThreeErrors}},
      MemSchemas());
  EXPECT_EQ(DiagText(r),
            "z.yaml:3:14: wrong type for attribute 'name' of mem.database: expected string, got "
            "number (quote the value to keep it a string)\n"
            "a.yaml:5:3: unknown attribute 'versionning' for mem.bucket; did you mean "
            "'versioning'?\n"
            "a.yaml:7:7: unknown kind 'mem.rolee'; did you mean 'mem.role'?\n"
            "a.yaml:15:13: reference ${mem.role.writer.arn} names undeclared resource "
            "mem.role.writer; did you mean 'mem.rolee.reader'?\n")
      << "an unknown kind's address still counts as declared";
}

TEST(LoaderTest, EmptyDocumentsAndCommentsAreSkipped) {
  LoadResult r = LoadManifestFiles(
      {{"a.yaml", "# nothing yet\n---\n---\nkind: mem.bucket\nname: b\nspec: {bucket: b}\n---\n"}},
      MemSchemas());
  ASSERT_TRUE(r.ok()) << DiagText(r);
  ASSERT_EQ(r.set.resources.size(), 1u);
  EXPECT_EQ(r.set.resources[0].location.str(), "a.yaml:4:1");
}

TEST(LoaderTest, LoadsARealDirectoryInNameOrder) {
  TempDir dir;
  dir.Write("b.yml", "kind: mem.bucket\nname: second\nspec: {bucket: second}\n");
  dir.Write("a.yaml", "kind: mem.bucket\nname: first\nspec: {bucket: first}\n");
  dir.Write("notes.txt", "kind: this is not a manifest\n");
  std::filesystem::create_directory(dir.path() + "/nested");
  dir.Write("nested/c.yaml", "kind: mem.bucket\nname: nested\nspec: {bucket: nested}\n");
  LoadResult r = LoadManifestDir(dir.path(), MemSchemas());
  ASSERT_TRUE(r.ok()) << DiagText(r);
  ASSERT_EQ(r.set.resources.size(), 2u);
  EXPECT_EQ(r.set.resources[0].address.str(), "mem.bucket.first");
  EXPECT_EQ(r.set.resources[0].location.str(), "a.yaml:1:1") << "names relative to the dir";
  EXPECT_EQ(r.set.resources[1].address.str(), "mem.bucket.second");
  EXPECT_EQ(
      r.set.digest,
      LoadManifestFiles({{"a.yaml", "kind: mem.bucket\nname: first\nspec: {bucket: first}\n"},
                         {"b.yml", "kind: mem.bucket\nname: second\nspec: {bucket: second}\n"}},
                        MemSchemas())
          .set.digest);
}

TEST(LoaderTest, MissingOrEmptyDirectoryIsAnError) {
  TempDir dir;
  LoadResult empty = LoadManifestDir(dir.path(), MemSchemas());
  EXPECT_EQ(DiagText(empty), dir.path() + ": no manifest files (*.yaml, *.yml) in directory\n");
  LoadResult missing = LoadManifestDir(dir.path() + "/nope", MemSchemas());
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_NE(missing.diagnostics[0].message.find("cannot read manifest directory"),
            std::string::npos);
}

TEST(LoaderTest, QuickstartExampleLoadsCleanly) {
  LoadResult r =
      LoadManifestDir(std::string(CAUSEWAY_SOURCE_DIR) + "/examples/quickstart", MemSchemas());
  ASSERT_TRUE(r.ok()) << DiagText(r);
  EXPECT_EQ(r.set.resources.size(), 7u);
  const ResourceDecl* policy = r.set.Find(Address{"mem.role_policy", "reader_s3"});
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->spec["policy"]["Statement"][1]["Resource"],
            "arn:aws:s3:::acme-data-share/dataset/*");
}

}  // namespace
}  // namespace causeway
