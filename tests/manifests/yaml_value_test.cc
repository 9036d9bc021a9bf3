// YAML to Value conversion: core-schema scalar typing, --var parsing, edit-distance
// suggestions and the literal-secret key check.
#include "manifests/yaml_value.h"

#include <gtest/gtest.h>

#include "manifests/providers_document.h"
#include "manifests/suggest.h"
#include "manifests/vars.h"

namespace causeway {
namespace {

// The first document of `yaml` (which must parse).
YamlDocument Load(const std::string& yaml) {
  YamlStream s = ParseYamlFirstDocument(yaml);
  EXPECT_FALSE(s.error) << yaml;
  return s.documents.empty() ? YamlDocument{} : s.documents.front();
}

Value Convert(const std::string& yaml) {
  NodeLocations locations;
  std::vector<Diagnostic> diagnostics;
  YamlDocument doc = Load(yaml);
  Value v = YamlToValue(doc.root, "f.yaml", "", {}, &locations, &diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  return v;
}

TEST(YamlValueTest, PlainScalarsFollowTheCoreSchema) {
  struct Case {
    std::string yaml;
    Value expected;
    std::string reason;
  } cases[] = {
      {"v: true", true, "bool"},
      {"v: FALSE", false, "upper-case bool"},
      {"v: yes", "yes", "YAML 1.1 booleans stay strings"},
      {"v: 42", 42, "integer"},
      {"v: -7", -7, "negative integer"},
      {"v: 0x1F", 31, "hex"},
      {"v: 0o17", 15, "octal"},
      {"v: 1.5", 1.5, "float"},
      {"v: 1e3", 1000.0, "exponent"},
      {"v: 2012-10-17", "2012-10-17", "dates stay strings"},
      {"v: 012345678901", 12345678901, "leading zeros are dropped from plain integers"},
      {"v: '012345678901'", "012345678901", "quoted keeps the text"},
      {"v: \"true\"", "true", "double-quoted stays a string"},
      {"v: |\n  text\n", "text\n", "block scalars are strings"},
      {"v: !!str 42", "42", "explicit tag keeps the text"},
      {"v: 1_000", "1_000", "underscores are not digits in YAML 1.2"},
      {"v: 99999999999999999999", 1e20, "too big for 64 bits becomes a float"},
      {"v: 1" + std::string(400, '0'), "1" + std::string(400, '0'),
       "beyond any float: left as written"},
      {"v:", nullptr, "empty is null"},
      {"v: ~", nullptr, "tilde is null"},
      {"v: 'null'", "null", "quoted null is a string"},
  };
  for (const auto& c : cases) EXPECT_EQ(Convert(c.yaml)["v"], c.expected) << c.reason;
}

TEST(YamlValueTest, ConvertsNestedStructuresAndRecordsLocations) {
  NodeLocations locations;
  std::vector<Diagnostic> diagnostics;
  YamlDocument doc = Load("a:\n  b: [1, x]\n  \"c/d\": {}\n");
  Value v = YamlToValue(doc.root, "f.yaml", "", {"f.yaml", 9, 9}, &locations, &diagnostics);
  EXPECT_EQ(v, Value::parse(R"({"a": {"b": [1, "x"], "c/d": {}}})"));
  EXPECT_EQ(locations.written.at("").str(), "f.yaml:9:9");
  EXPECT_EQ(locations.written.at("/a/b").str(), "f.yaml:2:3");
  EXPECT_EQ(locations.value.at("/a/b").str(), "f.yaml:2:6");
  EXPECT_EQ(locations.value.at("/a/b/1").str(), "f.yaml:2:10");
  EXPECT_EQ(locations.written.at("/a/c~1d").str(), "f.yaml:3:3") << "pointer escaping";
}

TEST(YamlValueTest, BlockSequenceItemsAndTheirKeysAreLocated) {
  NodeLocations locations;
  std::vector<Diagnostic> diagnostics;
  YamlDocument doc = Load(
      "role_name: reader\n"
      "trust_policy:\n"
      "  Version: \"2012-10-17\"\n"
      "  Statement:\n"
      "    - Effect: Allow\n"
      "      Principal: x\n");
  YamlToValue(doc.root, "roles.yaml", "", {"roles.yaml", 4, 1}, &locations, &diagnostics);
  struct Loc {
    std::string pointer;
    std::string where;
    std::string reason;
  } locs[] = {
      {"", "roles.yaml:4:1", "the root: where its caller says"},
      {"/role_name", "roles.yaml:1:1", "a top-level attribute: its key"},
      {"/trust_policy/Statement", "roles.yaml:4:3", "a nested key"},
      {"/trust_policy/Statement/0", "roles.yaml:5:7", "a list item"},
      {"/trust_policy/Statement/0/Effect", "roles.yaml:5:7", "a key inside a list item"},
      {"/trust_policy/Statement/0/Principal", "roles.yaml:6:7", "the second key of the item"},
  };
  for (const auto& l : locs) {
    ASSERT_EQ(locations.written.count(l.pointer), 1u) << l.reason;
    EXPECT_EQ(locations.written.at(l.pointer).str(), l.where) << l.reason;
  }
}

TEST(YamlValueTest, VarTextIsAYamlScalar) {
  struct Case {
    std::string text;
    Value expected;
    std::string reason;
  } cases[] = {
      {"3", 3, "number"},
      {"true", true, "bool"},
      {"'3'", "3", "quoted"},
      {"eu-west-1", "eu-west-1", "plain string"},
      {"", "", "empty is the empty string"},
      {"a: b", "a: b", "not a scalar: the text"},
      {"[unclosed", "[unclosed", "not YAML: the text"},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseVarText(c.text), c.expected) << c.reason;
}

TEST(SuggestTest, NearestNameWithinThreshold) {
  std::vector<std::string> attrs = {"role_name", "trust_policy", "description", "path", "arn"};
  struct Case {
    std::string name;
    std::string expected;
    std::string reason;
  } cases[] = {
      {"rol_name", "role_name", "one deletion"},
      {"Role_Name", "role_name", "case is ignored"},
      {"descripiton", "description", "a swapped pair is one edit"},
      {"ar", "arn", "short names allow one edit"},
      {"region", "", "nothing close"},
      {"xyz", "", "nothing close for short names either"},
      {"path", "", "an exact name needs no suggestion"},
  };
  for (const auto& c : cases) EXPECT_EQ(Nearest(c.name, attrs), c.expected) << c.reason;
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(DidYouMean("rol_name", attrs), "; did you mean 'role_name'?");
}

TEST(ProvidersTest, LiteralSecretKeys) {
  struct Case {
    std::string key;
    bool secret;
    std::string reason;
  } cases[] = {
      {"secret_access_key", true, "AWS secret key"},
      {"password", true, "password"},
      {"token", true, "token"},
      {"session_token", true, "ends in _token"},
      {"private_key", true, "private key"},
      {"client_secret", true, "ends in _secret"},
      {"Password", true, "case-insensitive"},
      {"secret_access_key_env", false, "names an environment variable"},
      {"private_key_file", false, "names a file"},
      {"profile", false, "a profile name"},
      {"region", false, "ordinary setting"},
      {"token_url", false, "only the ending counts"},
  };
  for (const auto& c : cases) EXPECT_EQ(IsLiteralSecretKey(c.key), c.secret) << c.reason;
}

}  // namespace
}  // namespace causeway
