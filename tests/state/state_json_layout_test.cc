// StateToJson writes the state file directly (no intermediate document). These tests pin its
// output to the reference layout, Value::dump(2) of the equivalent document, for states that
// exercise every branch of the writer: empty and non-empty lists and maps, null attributes,
// nested values, escapes and invalid UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reconciler/state/state_json.h"

namespace causeway {
namespace {

// The layout the state file has always had: the whole document built as a Value, dumped with a
// two-space indent.
std::string ReferenceJson(const State& state) {
  Value doc = Value::object();
  doc["format_version"] = kStateFormatVersion;
  doc["lineage"] = state.lineage;
  doc["serial"] = state.serial;
  Value resources = Value::array();
  for (const auto& [address, rs] : state.resources) {
    Value r = Value::object();
    r["address"] = rs.address.str();
    r["kind"] = rs.address.kind;
    r["name"] = rs.address.name;
    r["id"] = rs.id;
    r["attributes"] = rs.attributes.is_null() ? Value::object() : rs.attributes;
    r["outputs"] = rs.outputs.is_null() ? Value::object() : rs.outputs;
    r["dependencies"] = rs.dependencies;
    Value hashes = Value::object();
    for (const auto& [k, h] : rs.sensitive_hashes) hashes[k] = h;
    r["sensitive_hashes"] = std::move(hashes);
    resources.push_back(std::move(r));
  }
  doc["resources"] = std::move(resources);
  return doc.dump(2, ' ', false, Value::error_handler_t::replace) + "\n";
}

ResourceState Resource(const std::string& kind, const std::string& name) {
  ResourceState rs;
  rs.address = {kind, name};
  rs.id = name + "-id";
  return rs;
}

TEST(StateJsonLayoutTest, MatchesReferenceLayout) {
  struct Case {
    std::string reason;
    State state;
  };
  std::vector<Case> cases;
  cases.push_back({"empty state", State{}});
  {
    State s;
    s.lineage = "l\"quoted\"\n";
    s.serial = 18446744073709551615u;
    ResourceState plain = Resource("mem.role", "a");
    s.resources["mem.role.a"] = plain;
    cases.push_back({"one resource, every list and map empty, escapes in lineage", s});
  }
  {
    State s;
    s.lineage = "x";
    s.serial = 7;
    ResourceState full = Resource("mem.table", "t");
    full.attributes = Value::parse(R"({"columns": [{"name": "ID", "type": "NUMBER"}, []],
      "empty": {}, "n": 1.5, "b": false, "z": null, "s": "ünï\u0001"})");
    full.outputs = Value::parse(R"({"arn": "arn:x", "nested": {"a": [1, 2, {"b": {}}]}})");
    full.dependencies = {"mem.database.db", "mem.role.r"};
    full.sensitive_hashes = {{"password", "sha256:s:abc"}, {"token", "sha256:t:def"}};
    s.resources["mem.table.t"] = full;
    ResourceState nulls = Resource("mem.grant", "g");
    nulls.attributes = Value();
    nulls.outputs = Value();
    nulls.dependencies = {"mem.table.t"};
    nulls.attributes = Value();
    s.resources["mem.grant.g"] = nulls;
    ResourceState bad = Resource("mem.bucket", "b");
    bad.attributes = Value{{"bytes", std::string("a\xff\xfe"
                                                 "b")}};
    bad.sensitive_hashes = {{"k", "v"}};
    s.resources["mem.bucket.b"] = bad;
    cases.push_back({"nested values, null attributes, lists, hashes and invalid UTF-8", s});
  }
  for (const auto& c : cases) {
    EXPECT_EQ(StateToJson(c.state), ReferenceJson(c.state)) << c.reason;
  }
}

TEST(StateJsonLayoutTest, ParsesWhatItWritesForManyResources) {
  State s;
  s.lineage = "many";
  s.serial = 3;
  for (int i = 0; i < 200; ++i) {
    ResourceState rs = Resource("mem.table", "t" + std::to_string(i));
    rs.attributes = Value{{"name", "T" + std::to_string(i)}};
    if (i % 3 == 0) rs.dependencies = {"mem.database.db"};
    s.resources[rs.address.str()] = rs;
  }
  std::string text = StateToJson(s);
  auto back = StateFromJson(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->resources.size(), 200u);
  EXPECT_EQ(StateToJson(*back), text);
  EXPECT_EQ(text, ReferenceJson(s));
}

TEST(StateJsonLayoutTest, DuplicateAddressIsStillRejected) {
  State s;
  s.lineage = "dup";
  s.resources["mem.role.a"] = Resource("mem.role", "a");
  Value doc = Value::parse(StateToJson(s));
  doc["resources"].push_back(doc["resources"][0]);
  auto r = StateFromJson(doc.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("appears twice"), std::string::npos);
}

}  // namespace
}  // namespace causeway
