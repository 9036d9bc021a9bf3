// One case per class of manifest error: the loader must report exactly one diagnostic, with the
// file:line:column of the offending node and a message that says what was expected. These
// strings are the product; a change to any of them is a user-visible change.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manifests/loader.h"
#include "providers/memory/memory_provider.h"

namespace causeway {
namespace {

SchemaSet MemSchemas() {
  SchemaSet out;
  for (const auto& k : MemoryProvider().schemas()) out[k.kind] = k;
  return out;
}

std::vector<std::string> Errors(const std::string& content, const LoadOptions& options = {}) {
  LoadResult r = LoadManifestFiles({{"main.yaml", content}}, MemSchemas(), options);
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.str());
  return out;
}

struct Case {
  std::string reason;
  std::string yaml;
  std::string expected;  // the one diagnostic, as printed
};

// A valid role to build cases around.
const char kRole[] = R"(kind: mem.role
name: reader
spec:
  role_name: reader
  trust_policy: {Version: "2012-10-17", Statement: []}
)";

const Case kCases[] = {
    {"YAML syntax error: the parser's mark, 1-based",
     "kind: mem.role\nname: r\nspec: {role_name: [a, b}\n",
     "main.yaml:3:24: YAML syntax error: mismatched flow mapping end"},
    {"a Latin-1 byte: refused before it can reach the state file or a JSON plan",
     "kind: mem.role\nname: r\nspec:\n  role_name: caf\xe9\n  trust_policy: {}\n",
     "main.yaml:4:14: cannot read YAML: this value is not UTF-8 text; save the file as UTF-8"},
    {"an alias inside the node it names: refused at the alias, not walked forever",
     "kind: mem.role\nname: r\nspec: &s\n  role_name: r\n  trust_policy: {x: *s}\n",
     "main.yaml:5:21: cannot read YAML: this alias is inside the node its anchor names; "
     "recursive structures cannot be read as values"},
    {"a document that is a list", "- kind: mem.role\n",
     "main.yaml:1:1: a document must be a mapping with kind, name and spec, got a list"},
    {"a document that is a plain string", "just text\n",
     "main.yaml:1:1: a document must be a mapping with kind, name and spec, got a string"},
    {"missing kind", "name: r\nspec: {}\n",
     "main.yaml:1:1: document has no 'kind': expected a resource kind, 'providers' or 'vars'"},
    {"kind that is not a string", "kind: [mem.role]\nname: r\nspec: {}\n",
     "main.yaml:1:7: 'kind' must be a resource kind, 'providers' or 'vars', got a list"},
    {"missing name", "kind: mem.bucket\nspec:\n  bucket: b\n",
     "main.yaml:1:1: missing 'name' for mem.bucket: expected a resource name made of letters, "
     "digits, _ and -"},
    {"missing spec", "kind: mem.bucket\nname: b\n",
     "main.yaml:1:1: missing 'spec' for mem.bucket.b: expected a mapping of attributes"},
    {"spec that is not a mapping", "kind: mem.bucket\nname: b\nspec:\n  - bucket\n",
     "main.yaml:4:3: 'spec' of mem.bucket.b must be a mapping of attributes, got a list"},
    {"unknown kind close to a known one", "kind: mem.rol\nname: r\nspec: {}\n",
     "main.yaml:1:7: unknown kind 'mem.rol'; did you mean 'mem.role'?"},
    {"unknown kind of a known provider, nothing close", "kind: mem.warehouse\nname: w\nspec: {}\n",
     "main.yaml:1:7: unknown kind 'mem.warehouse'; provider 'mem' has: mem.bucket, mem.database, "
     "mem.grant, mem.integration, mem.role, mem.role_policy, mem.secret, mem.table"},
    {"unknown kind of an unknown provider", "kind: gcp.storage.bucket\nname: b\nspec: {}\n",
     "main.yaml:1:7: unknown kind 'gcp.storage.bucket': no provider 'gcp' is registered"},
    {"unknown top-level key, misspelt",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\ndependson: []\n",
     "main.yaml:4:1: unknown key 'dependson' in resource document; did you mean 'depends_on'?"},
    {"unknown top-level key, nothing close",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\nmetadata: {}\n",
     "main.yaml:4:1: unknown key 'metadata' in resource document; expected kind, name, spec, "
     "depends_on or lifecycle"},
    {"duplicate top-level key", "kind: mem.bucket\nname: b\nname: c\nspec: {bucket: b}\n",
     "main.yaml:3:1: duplicate key 'name': already set at main.yaml:2:1"},
    {"duplicate key inside spec", "kind: mem.bucket\nname: b\nspec:\n  bucket: b\n  bucket: c\n",
     "main.yaml:5:3: duplicate key 'bucket': already set at main.yaml:4:3"},
    {"unknown attribute, misspelt: the attribute it suggests is not also reported missing",
     "kind: mem.role\nname: r\nspec:\n  rol_name: r\n  trust_policy: {}\n",
     "main.yaml:4:3: unknown attribute 'rol_name' for mem.role; did you mean 'role_name'?"},
    {"unknown attribute, nothing close: the settable attributes are listed",
     "kind: mem.bucket\nname: b\nspec:\n  bucket: b\n  region: eu-west-1\n",
     "main.yaml:5:3: unknown attribute 'region' for mem.bucket; expected one of: bucket, "
     "versioning, tags"},
    {"wrong type: a quoted bool",
     "kind: mem.bucket\nname: b\nspec:\n  bucket: b\n  versioning: \"true\"\n",
     "main.yaml:5:15: wrong type for attribute 'versioning' of mem.bucket: expected bool, got "
     "string (remove the quotes)"},
    {"wrong type: a YAML 1.1 boolean word",
     "kind: mem.bucket\nname: b\nspec:\n  bucket: b\n  versioning: Yes\n",
     "main.yaml:5:15: wrong type for attribute 'versioning' of mem.bucket: expected bool, got "
     "string (write true or false)"},
    {"wrong type: a number where a string is expected",
     "kind: mem.database\nname: d\nspec:\n  name: 2024\n",
     "main.yaml:4:9: wrong type for attribute 'name' of mem.database: expected string, got number "
     "(quote the value to keep it a string)"},
    {"wrong type: a string where a list is expected",
     "kind: mem.grant\nname: g\nspec:\n  principal: p\n  on: o\n  privileges: SELECT\n",
     "main.yaml:6:15: wrong type for attribute 'privileges' of mem.grant: expected list, got "
     "string"},
    {"wrong type: an empty value", "kind: mem.bucket\nname: b\nspec:\n  bucket:\n",
     "main.yaml:4:3: wrong type for attribute 'bucket' of mem.bucket: expected string, got null"},
    {"missing required attribute: reported at the spec key",
     "kind: mem.role\nname: r\nspec:\n  role_name: r\n",
     "main.yaml:3:1: missing required attribute 'trust_policy' for mem.role.r"},
    {"setting a computed attribute", std::string(kRole) + "  arn: arn:mem:iam::role/reader\n",
     "main.yaml:6:3: attribute 'arn' of mem.role is computed by the provider and cannot be set; "
     "reference it as ${mem.role.reader.arn}"},
    {"duplicate address: at the second, naming the first", std::string(kRole) + "---\n" + kRole,
     "main.yaml:7:1: duplicate resource mem.role.reader: already declared at main.yaml:1:1"},
    {"invalid resource name", "kind: mem.bucket\nname: my bucket\nspec: {bucket: b}\n",
     "main.yaml:2:7: invalid resource name 'my bucket': expected letters, digits, _ and -, "
     "starting with a letter or _"},
    {"dangling reference, with the nearest declared address",
     std::string(kRole) + "---\nkind: mem.integration\nname: snow\nspec:\n  name: snow\n"
                          "  role_arn: ${mem.role.raeder.arn}\n",
     "main.yaml:11:13: reference ${mem.role.raeder.arn} names undeclared resource "
     "mem.role.raeder; did you mean 'mem.role.reader'?"},
    {"reference to an attribute the target kind does not have",
     std::string(kRole) + "---\nkind: mem.integration\nname: snow\nspec:\n  name: snow\n"
                          "  role_arn: ${mem.role.reader.ar}\n",
     "main.yaml:11:13: reference ${mem.role.reader.ar}: mem.role has no attribute 'ar'; did you "
     "mean 'arn'?"},
    {"reference inside a nested string is located at that string",
     std::string(kRole) +
         "---\nkind: mem.role_policy\nname: p\nspec:\n  role: reader\n  policy_name: p\n"
         "  policy:\n    Statement:\n      - Resource: \"arn:${mem.bucket.data.arn}/*\"\n",
     "main.yaml:14:19: reference ${mem.bucket.data.arn} names undeclared resource "
     "mem.bucket.data"},
    {"unknown variable, with the nearest declared name",
     "kind: vars\nspec:\n  region: eu-west-1\n---\nkind: mem.bucket\nname: b\nspec:\n"
     "  bucket: data-${var.regoin}\n",
     "main.yaml:8:11: unknown variable 'regoin' in ${var.regoin}; did you mean 'region'?"},
    {"malformed reference", "kind: mem.bucket\nname: b\nspec:\n  bucket: ${mem.bucket}\n",
     "main.yaml:4:11: malformed reference ${mem.bucket}: expected ${KIND.NAME.ATTRIBUTE}, e.g. "
     "${aws.iam.role.reader.arn}"},
    {"depends_on naming a missing resource",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\ndepends_on: [mem.role.reader]\n",
     "main.yaml:4:14: depends_on names undeclared resource mem.role.reader"},
    {"depends_on entry that is not an address",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\ndepends_on:\n  - reader\n",
     "main.yaml:5:5: depends_on entry 'reader' is not a resource address: expected KIND.NAME "
     "such as mem.role.reader"},
    {"depends_on that is not a list",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\ndepends_on: mem.role.reader\n",
     "main.yaml:4:13: 'depends_on' must be a list of resource addresses such as mem.role.reader, "
     "got a string"},
    {"unknown lifecycle key, misspelt",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\nlifecycle:\n  prevent_destory: true\n",
     "main.yaml:5:3: unknown lifecycle key 'prevent_destory'; did you mean 'prevent_destroy'?"},
    {"lifecycle flag that is not a bool",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\nlifecycle:\n  allow_destroy: sometimes\n",
     "main.yaml:5:18: lifecycle.allow_destroy must be true or false, got a string"},
    {"lifecycle.exclusive that is not a bool",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\nlifecycle:\n  exclusive: [yes]\n",
     "main.yaml:5:14: lifecycle.exclusive must be true or false, got a list"},
    {"lifecycle.exclusive on a kind that contains nothing the provider reports",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\nlifecycle:\n  exclusive: true\n",
     "main.yaml:5:3: lifecycle.exclusive on mem.bucket would remove nothing: the provider reports "
     "nothing undeclared inside this kind; it applies to containers: mem.database, mem.role"},
    {"ignore_changes naming an unknown attribute",
     std::string(kRole) + "lifecycle:\n  ignore_changes: [descripton]\n",
     "main.yaml:7:20: ignore_changes names unknown attribute 'descripton' of mem.role; did you "
     "mean 'description'?"},
    {"contradictory lifecycle flags",
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\nlifecycle:\n  prevent_destroy: true\n"
     "  allow_destroy: true\n",
     "main.yaml:4:1: lifecycle sets both prevent_destroy and allow_destroy; they contradict each "
     "other, keep one"},
    {"literal secret in a provider block",
     "kind: providers\nspec:\n  aws:\n    region: eu-west-1\n    secret_access_key: AKIAXXXX\n",
     "main.yaml:5:5: literal secret 'secret_access_key' in providers.aws: name an environment "
     "variable (secret_access_key_env) or a file instead"},
    {"literal secret nested in a provider block",
     "kind: providers\nspec:\n  db:\n    auth:\n      password: hunter2\n",
     "main.yaml:5:7: literal secret 'password' in providers.db.auth: name an environment "
     "variable (password_env) or a file instead"},
    {"provider block referencing a resource",
     std::string(kRole) + "---\nkind: providers\nspec:\n  mem:\n    path: ${mem.role.reader.arn}\n",
     "main.yaml:10:11: providers.mem cannot reference a resource (${mem.role.reader.arn}): "
     "providers are configured before any resource exists"},
    {"a second providers document", "kind: providers\nspec: {}\n---\nkind: providers\nspec: {}\n",
     "main.yaml:4:1: duplicate providers document: already declared at main.yaml:1:1"},
    {"duplicate variable across vars documents",
     "kind: vars\nspec: {a: 1}\n---\nkind: vars\nspec:\n  a: 2\n",
     "main.yaml:6:3: duplicate variable 'a': already declared at main.yaml:2:8"},
    {"variable without a value", "kind: vars\nspec:\n  account:\n",
     "main.yaml:3:3: variable 'account' has no value: give it a default or set it with --var "
     "account=VALUE or in a --var-file"},
    {"dependency cycle with no updatable_after_create attribute",
     "kind: mem.bucket\nname: a\nspec: {bucket: a}\ndepends_on: [mem.bucket.b]\n---\n"
     "kind: mem.bucket\nname: b\nspec: {bucket: b}\ndepends_on: [mem.bucket.a]\n",
     "main.yaml:1:1: dependency cycle: mem.bucket.a -> mem.bucket.b -> mem.bucket.a (no "
     "attribute in it is updatable_after_create)"},
};

TEST(LoaderErrorsTest, EachErrorClassGivesOneLocatedMessage) {
  for (const auto& c : kCases) {
    EXPECT_EQ(Errors(c.yaml), std::vector<std::string>{c.expected}) << c.reason;
  }
}

TEST(LoaderErrorsTest, UndeclaredCommandLineVariableIsReported) {
  LoadOptions options;
  options.var_overrides["regoin"] = "eu-west-1";
  EXPECT_EQ(Errors("kind: vars\nspec: {region: us-east-1}\n", options),
            std::vector<std::string>{"--var: variable 'regoin' is not declared in any vars "
                                     "document; did you mean 'region'?"});
}

TEST(LoaderErrorsTest, CommandLineVariableThatIsNotUtf8IsReported) {
  LoadOptions options;
  options.var_overrides["region"] = "eu-west-\xff";
  EXPECT_EQ(Errors("kind: vars\nspec: {region: us-east-1}\n", options),
            std::vector<std::string>{"--var: the value of 'region' is not UTF-8 text"});
}

TEST(LoaderErrorsTest, ValueChecksReportWhatWasExpectedAtTheValue) {
  SchemaSet schemas = MemSchemas();
  auto starts_with_ok = [](const Value& v) {
    return v.get<std::string>().rfind("ok", 0) == 0 ? "" : "a name starting with 'ok'";
  };
  for (auto* kind : {&schemas["mem.bucket"], &schemas["mem.secret"]}) {
    for (auto& a : kind->attributes) {
      if (a.name == "bucket" || a.name == "value") a.check = starts_with_ok;
    }
  }
  auto errors = [&schemas](const std::string& yaml) {
    std::vector<std::string> out;
    for (const auto& d : LoadManifestFiles({{"main.yaml", yaml}}, schemas).diagnostics) {
      out.push_back(d.str());
    }
    return out;
  };
  EXPECT_EQ(errors("kind: mem.bucket\nname: b\nspec:\n  bucket: Bad\n"),
            std::vector<std::string>{"main.yaml:4:11: invalid value for attribute 'bucket' of "
                                     "mem.bucket: \"Bad\"; expected a name starting with 'ok'"});
  EXPECT_EQ(errors("kind: mem.bucket\nname: b\nspec:\n  bucket: ok-fine\n"),
            std::vector<std::string>{});
  // A variable is substituted before the check, so its value is checked where it is used.
  EXPECT_EQ(errors("kind: vars\nspec: {name: Bad}\n---\nkind: mem.bucket\nname: b\nspec:\n"
                   "  bucket: ${var.name}\n"),
            std::vector<std::string>{"main.yaml:7:11: invalid value for attribute 'bucket' of "
                                     "mem.bucket: \"Bad\"; expected a name starting with 'ok'"});
  // A reference to another resource is known only when planning: not checked here.
  EXPECT_EQ(errors("kind: mem.bucket\nname: a\nspec: {bucket: ok-a}\n---\nkind: mem.bucket\n"
                   "name: b\nspec:\n  bucket: \"x-${mem.bucket.a.arn}\"\n"),
            std::vector<std::string>{});
  // A wrong type is reported once, as a wrong type, and never reaches the check.
  EXPECT_EQ(errors("kind: mem.bucket\nname: b\nspec:\n  bucket: 12\n").size(), 1u);
  // A sensitive value is never printed, even when it is wrong.
  auto secret = errors("kind: mem.secret\nname: s\nspec:\n  name: s\n  value: hunter2\n");
  ASSERT_EQ(secret.size(), 1u);
  EXPECT_EQ(secret[0],
            "main.yaml:5:10: invalid value for attribute 'value' of mem.secret: (not "
            "shown: it is sensitive); expected a name starting with 'ok'");
}

TEST(LoaderErrorsTest, SecretValuesNeverAppearInMessagesOrTheSet) {
  LoadResult r = LoadManifestFiles(
      {{"p.yaml", "kind: providers\nspec:\n  aws: {token: s3cr3t-value, profile: dev}\n"}},
      MemSchemas());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].str().find("s3cr3t"), std::string::npos);
  ASSERT_EQ(r.set.providers.count("aws"), 1u);
  const Value expected_block = {{"profile", "dev"}};
  EXPECT_EQ(r.set.providers.at("aws"), expected_block);
}

TEST(LoaderErrorsTest, CycleThroughUpdatableAttributeIsAccepted) {
  // The role trusts the integration and the integration uses the role: trust_policy is
  // updatable_after_create, so the planner can break this cycle and the loader accepts it.
  LoadResult r = LoadManifestFiles({{"main.yaml", R"(kind: mem.role
name: reader
spec:
  role_name: reader
  trust_policy:
    Statement:
      - Principal: ${mem.integration.snow.iam_user_arn}
---
kind: mem.integration
name: snow
spec:
  name: snow
  role_arn: ${mem.role.reader.arn}
)"}},
                                   MemSchemas());
  EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
}

}  // namespace
}  // namespace causeway
