// StateToJson writes the state file directly (no intermediate document). These tests pin its
// output to the reference layout (the equivalent document with a two-space indent down to the
// resources list, each resource on one line as Value::dump() writes it), for states that exercise
// every branch of the writer: empty and non-empty lists and maps, null attributes, nested values,
// escapes and invalid UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reconciler/state/state_json.h"

namespace causeway {
namespace {

std::string Dump(const Value& v) { return v.dump(-1, ' ', false, Value::error_handler_t::replace); }

// The state file's layout, built from Values and nlohmann's dump().
std::string ReferenceJson(const State& state) {
  std::vector<std::string> resources;
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
    resources.push_back("    " + Dump(r));
  }
  std::string list = "[]";
  if (!resources.empty()) {
    list = "[\n";
    for (size_t i = 0; i < resources.size(); ++i) {
      list += resources[i] + (i + 1 < resources.size() ? ",\n" : "\n");
    }
    list += "  ]";
  }
  return "{\n  \"format_version\": " + std::to_string(kStateFormatVersion) +
         ",\n  \"lineage\": " + Dump(state.lineage) + ",\n  \"resources\": " + list +
         ",\n  \"serial\": " + std::to_string(state.serial) + "\n}\n";
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

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

TEST(StateJsonLayoutTest, ChangingOneResourceChangesOneLine) {
  State s;
  s.lineage = "lines";
  for (const char* n : {"a", "b", "c"}) {
    ResourceState rs = Resource("mem.table", n);
    rs.attributes = Value::parse(R"({"columns": [{"name": "ID", "type": "NUMBER"}], "x": {}})");
    s.resources[rs.address.str()] = rs;
  }
  const auto before = Lines(StateToJson(s));
  s.resources["mem.table.b"].attributes["columns"][0]["type"] = "VARCHAR";
  const auto after = Lines(StateToJson(s));
  ASSERT_EQ(before.size(), after.size());
  EXPECT_EQ(before.size(), 3u + 7u);  // braces, three keys, the list's brackets, the serial
  std::vector<size_t> changed;
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i] != after[i]) changed.push_back(i);
  }
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_NE(after[changed[0]].find("\"mem.table.b\""), std::string::npos) << after[changed[0]];
}

TEST(StateJsonLayoutTest, ReadsAnyLayoutOfTheSameDocument) {
  // Such as the indented layout of files written before stop 13, or one a person reformatted.
  State s;
  s.lineage = "layout";
  s.serial = 4;
  ResourceState rs = Resource("mem.role", "r");
  rs.attributes = Value::parse(R"({"policy": {"Statement": [{"Effect": "Allow"}]}})");
  rs.dependencies = {"mem.database.db"};
  s.resources[rs.address.str()] = rs;
  const std::string text = StateToJson(s);
  for (int indent : {-1, 2, 4}) {
    auto back = StateFromJson(Value::parse(text).dump(indent));
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(StateToJson(*back), text) << "indent " << indent;
  }
}

TEST(StateJsonLayoutTest, NestingBeyondTheReadersLimitIsRefusedByName) {
  // simdjson reads at most 1024 levels; nlohmann (its fallback) reads any depth, so the reader
  // must still refuse with a message rather than crash or recurse without bound.
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  std::string text = R"({"format_version": 1, "lineage": "x", "serial": 1, "resources": [
    {"address": "mem.role.a", "kind": "mem.role", "name": "a", "id": "a",
     "attributes": {"deep": )" +
                     deep + "}}]}";
  auto r = StateFromJson(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("too deep"), std::string::npos) << r.status().message();
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
