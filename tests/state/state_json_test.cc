// State file format: round trips, stable bytes, version handling and corrupt input.
#include "reconciler/state/state_json.h"

#include <gtest/gtest.h>

#include <regex>

#include "reconciler/state/state_upgrade.h"

namespace causeway {
namespace {

ResourceState MakeResource(const std::string& kind, const std::string& name) {
  ResourceState rs;
  rs.address = {kind, name};
  rs.id = "id-" + name;
  rs.attributes = Value::object({{"name", name}});
  return rs;
}

State RichState() {
  State s;
  s.lineage = "11111111-2222-4333-8444-555555555555";
  s.serial = 42;
  ResourceState role = MakeResource("aws.iam.role", "reader");
  role.id = "arn:aws:iam::123456789012:role/reader";
  role.attributes = Value::parse(R"({
      "description": "Lecteur des donn\u00e9es \u65e5\u672c \ud83d\ude80",
      "policy": {"Statement": [{"Action": ["s3:GetObject"], "Effect": "Allow"}], "Version": "2012"},
      "max_session": 3600, "ratio": 0.25, "enabled": true, "tags": null, "list": [[1, 2], []]})");
  role.outputs = Value::object({{"arn", role.id}, {"unique_id", "AROA123"}});
  role.dependencies = {"aws.s3.bucket.lake", "mem.role.base"};
  role.sensitive_hashes = {{"external_id", "sha256:abcd:ef01"}, {"password", "sha256:1:2"}};
  s.resources[role.address.str()] = role;
  ResourceState bucket = MakeResource("aws.s3.bucket", "lake");
  s.resources[bucket.address.str()] = bucket;
  return s;
}

void ExpectSameState(const State& a, const State& b) {
  EXPECT_EQ(a.format_version, b.format_version);
  EXPECT_EQ(a.lineage, b.lineage);
  EXPECT_EQ(a.serial, b.serial);
  ASSERT_EQ(a.resources.size(), b.resources.size());
  for (const auto& [addr, ra] : a.resources) {
    const ResourceState* rb = b.Find(addr);
    ASSERT_NE(rb, nullptr) << addr;
    EXPECT_EQ(ra.address, rb->address) << addr;
    EXPECT_EQ(ra.id, rb->id) << addr;
    EXPECT_EQ(ra.attributes, rb->attributes) << addr;
    EXPECT_EQ(ra.outputs, rb->outputs) << addr;
    EXPECT_EQ(ra.dependencies, rb->dependencies) << addr;
    EXPECT_EQ(ra.sensitive_hashes, rb->sensitive_hashes) << addr;
  }
}

TEST(StateJsonTest, RoundTripsAllFieldsUnicodeAndNestedValues) {
  State s = RichState();
  std::string text = StateToJson(s);
  auto back = StateFromJson(text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameState(s, *back);
  // Unicode is written as UTF-8, not escaped, so diffs stay readable.
  EXPECT_NE(text.find("données 日本 🚀"), std::string::npos) << text;
}

TEST(StateJsonTest, EmptyStateRoundTrips) {
  auto back = StateFromJson(StateToJson(State{}));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameState(State{}, *back);
}

TEST(StateJsonTest, OutputIsExactAndSorted) {
  State s;
  s.lineage = "abc";
  s.serial = 3;
  s.resources["mem.role.b"] = MakeResource("mem.role", "b");
  s.resources["mem.role.a"] = MakeResource("mem.role", "a");
  s.resources["mem.role.a"].dependencies = {"mem.role.b"};
  s.resources["mem.role.a"].sensitive_hashes = {{"secret", "sha256:s:h"}};
  const std::string golden = R"({
  "format_version": 1,
  "lineage": "abc",
  "resources": [
    {"address":"mem.role.a","attributes":{"name":"a"},"dependencies":["mem.role.b"],"id":"id-a","kind":"mem.role","name":"a","outputs":{},"sensitive_hashes":{"secret":"sha256:s:h"}},
    {"address":"mem.role.b","attributes":{"name":"b"},"dependencies":[],"id":"id-b","kind":"mem.role","name":"b","outputs":{},"sensitive_hashes":{}}
  ],
  "serial": 3
}
)";
  EXPECT_EQ(StateToJson(s), golden);
}

TEST(StateJsonTest, SameStateGivesIdenticalBytes) {
  State a = RichState();
  // Same content built in another order, with attribute keys inserted in another order.
  State b;
  b.lineage = a.lineage;
  b.serial = a.serial;
  for (auto it = a.resources.rbegin(); it != a.resources.rend(); ++it) {
    ResourceState rs = it->second;
    Value reordered = Value::object();
    std::vector<std::string> keys;
    for (const auto& [k, v] : rs.attributes.items()) keys.push_back(k);
    for (auto k = keys.rbegin(); k != keys.rend(); ++k) reordered[*k] = rs.attributes[*k];
    rs.attributes = reordered;
    b.resources.emplace(it->first, rs);
  }
  std::string text = StateToJson(a);
  EXPECT_EQ(text, StateToJson(b));
  auto back = StateFromJson(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(StateToJson(*back), text) << "parse + write must not change a single byte";
}

TEST(StateJsonTest, RefusesNewerFormatVersion) {
  auto r = StateFromJson(R"({"format_version": 2, "lineage": "x", "serial": 1, "resources": []})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("format_version 2"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("newer"), std::string::npos) << r.status().message();
}

TEST(StateJsonTest, RejectsMalformedFiles) {
  struct Case {
    std::string text;
    std::string want;  // substring of the message
    std::string reason;
  } cases[] = {
      {"{\"format_version\": 1, ", "not valid JSON", "truncated JSON"},
      {"", "not valid JSON", "empty file"},
      {"[1]", "object", "top level is an array"},
      {R"({"lineage": "x", "serial": 1})", "format_version", "no version"},
      {R"({"format_version": "1", "lineage": "x", "serial": 1})", "format_version",
       "string version"},
      {R"({"format_version": 0, "lineage": "x", "serial": 1})", "format_version 0", "version 0"},
      {R"({"format_version": 1, "serial": 1})", "lineage", "no lineage"},
      {R"({"format_version": 1, "lineage": "x", "serial": -1})", "serial", "negative serial"},
      {R"({"format_version": 1, "lineage": "x"})", "serial", "no serial"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1.5})", "serial", "fractional serial"},
      {R"({"format_version": 1, "lineage": "x", "serial": "1"})", "serial", "string serial"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": {}})", "resources",
       "resources not an array"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [{"kind": "a.b"}]})",
       "address", "resource without address"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [
          {"address": "m.r.a", "kind": "m.r", "name": "b", "id": ""}]})",
       "do not match", "address disagrees with kind/name"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [
          {"address": "m.r.a", "kind": "m.r", "name": "a", "id": ""},
          {"address": "m.r.a", "kind": "m.r", "name": "a", "id": ""}]})",
       "twice", "duplicate resource"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [
          {"address": "m.r.a", "kind": "m.r", "name": "a", "id": "", "attributes": []}]})",
       "attributes", "attributes not an object"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [
          {"address": "m.r.a", "kind": "m.r", "name": "a", "id": "", "dependencies": [1]}]})",
       "dependencies", "non-string dependency"},
      {R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [
          {"address": "m.r.a", "kind": "m.r", "name": "a", "id": "", "sensitive_hashes": {"p": 1}}]})",
       "sensitive_hashes", "non-string hash"},
  };
  for (const auto& c : cases) {
    auto r = StateFromJson(c.text);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << c.reason;
    EXPECT_NE(r.status().message().find(c.want), std::string::npos)
        << c.reason << ": " << r.status().message();
  }
}

Status AddV2Field(Value& doc) {
  doc["added_by_v2"] = true;
  doc["format_version"] = 2;
  return Status::Ok();
}
Status RenameV3Field(Value& doc) {
  if (!doc.contains("added_by_v2")) return Status::Corruption("v2 step did not run first");
  doc["added_by_v3"] = doc["added_by_v2"];
  doc.erase("added_by_v2");
  doc["format_version"] = 3;
  return Status::Ok();
}
Status ForgetsToBumpVersion(Value&) { return Status::Ok(); }

TEST(StateUpgradeTest, RunsOneFunctionPerVersionInOrder) {
  StateUpgradeTable table = {{1, &AddV2Field}, {2, &RenameV3Field}};
  Value doc = Value::parse(R"({"format_version": 1})");
  Status s = UpgradeStateDocument(doc, 3, table);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(doc, Value::parse(R"({"format_version": 3, "added_by_v3": true})"));

  Value from2 = Value::parse(R"({"format_version": 2, "added_by_v2": 7})");
  ASSERT_TRUE(UpgradeStateDocument(from2, 3, table).ok());
  EXPECT_EQ(from2["added_by_v3"], 7) << "starts at the file's version, not at 1";
}

TEST(StateUpgradeTest, ReportsBrokenUpgradePaths) {
  struct Case {
    StateUpgradeTable table;
    std::string want;
    std::string reason;
  } cases[] = {
      {{{1, &AddV2Field}}, "no upgrade from format_version 2", "missing step"},
      {{{1, &ForgetsToBumpVersion}, {2, &RenameV3Field}},
       "did not produce version 2",
       "step leaves the version unchanged"},
  };
  for (const auto& c : cases) {
    Value doc = Value::parse(R"({"format_version": 1})");
    Status s = UpgradeStateDocument(doc, 3, c.table);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << c.reason;
    EXPECT_NE(s.message().find(c.want), std::string::npos) << c.reason << ": " << s.message();
  }
}

TEST(StateUpgradeTest, DefaultTableCoversEveryOldVersion) {
  for (int v = 1; v < kStateFormatVersion; ++v) {
    EXPECT_EQ(DefaultStateUpgrades().count(v), 1u) << "no upgrade from format_version " << v;
  }
  EXPECT_EQ(DefaultStateUpgrades().count(kStateFormatVersion), 0u);
}

TEST(StateJsonTest, NewLineageIsRandomUuid) {
  std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::string a = NewLineage();
  std::string b = NewLineage();
  EXPECT_TRUE(std::regex_match(a, uuid)) << a;
  EXPECT_TRUE(std::regex_match(b, uuid)) << b;
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace causeway
