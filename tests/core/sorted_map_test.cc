// SortedMap, the container of Value's objects, must behave as the std::map it replaced: members in
// key order whatever the insertion order, unique keys, lookups, erase, equality and ordering of
// whole values, update().
#include "reconciler/core/sorted_map.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway {
namespace {

TEST(SortedMapTest, BehavesAsTheStdMapItReplaced) {
  Value v = Value::object();
  std::map<std::string, int> want;
  for (const char* k : {"m", "c", "x", "a", "q", "c", "b", "zz", "A", ""}) {
    int n = static_cast<int>(want.size());
    v[k] = n;
    want.emplace(k, n);
  }
  std::vector<std::string> keys;
  for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(it.key());
  std::vector<std::string> want_keys;
  for (const auto& [k, _] : want) want_keys.push_back(k);
  EXPECT_EQ(keys, want_keys) << "members iterate in key order";
  EXPECT_EQ(v.size(), want.size()) << "keys are unique";
  for (const auto& [k, n] : want) {
    ASSERT_TRUE(v.contains(k)) << k;
    EXPECT_EQ(v[k].get<int>(), v.at(k).get<int>());
  }
  EXPECT_FALSE(v.contains("missing"));
  EXPECT_EQ(v.find("nope"), v.end());
  EXPECT_EQ(v.erase("x"), 1u);
  EXPECT_EQ(v.erase("x"), 0u);
  EXPECT_FALSE(v.contains("x"));
  EXPECT_THROW(v.at("x"), Value::out_of_range);

  Value a = Value::parse(R"({"b": 1, "a": {"y": 2, "x": 1}})");
  Value b = Value::object();
  b["a"]["x"] = 1;
  b["a"]["y"] = 2;
  b["b"] = 1;
  EXPECT_EQ(a, b) << "equality ignores insertion order";
  EXPECT_EQ(a.dump(), R"({"a":{"x":1,"y":2},"b":1})") << "dump sorts keys";
  b["a"]["y"] = 3;
  EXPECT_NE(a, b);
  EXPECT_LT(Value::parse(R"({"a": 1})"), Value::parse(R"({"a": 2})"));

  Value merged = Value::parse(R"({"a": 1, "c": 3})");
  merged.update(Value::parse(R"({"b": 2, "c": 4})"));
  EXPECT_EQ(merged, Value::parse(R"({"a": 1, "b": 2, "c": 4})"));
}

}  // namespace
}  // namespace causeway
