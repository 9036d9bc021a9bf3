// Two resources whose natural keys are equal would manage one object and undo each other on every
// apply: validation refuses them, comparing keys as the kind normalises them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manifests/loader.h"
#include "providers/memory/memory_provider.h"

namespace causeway {
namespace {

std::vector<std::string> Errors(const std::string& content) {
  SchemaSet schemas;
  for (const auto& k : MemoryProvider().schemas()) schemas[k.kind] = k;
  LoadResult r = LoadManifestFiles({{"main.yaml", content}}, schemas);
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.str());
  return out;
}

TEST(NaturalKeyTest, TwoResourcesNamingOneObjectAreRefused) {
  EXPECT_EQ(Errors("kind: mem.database\nname: a\nspec: {name: sales}\n---\n"
                   "kind: mem.database\nname: b\nspec: {name: SALES}\n"),
            std::vector<std::string>{
                "main.yaml:5:1: mem.database.b and mem.database.a (declared at main.yaml:1:1) "
                "name the same object (name \"SALES\"): each apply would undo the other's "
                "changes; keep one of them"})
      << "database names are case-insensitive, as the kind's normaliser says";
}

TEST(NaturalKeyTest, CompositeKeysCompareEveryPart) {
  const std::string t = "kind: mem.table\nname: {}\nspec: {database: raw, name: {}, columns: []}\n";
  auto table = [&](const std::string& address, const std::string& name) {
    std::string s = t;
    s.replace(s.find("{}"), 2, address);
    s.replace(s.find("{}"), 2, name);
    return s;
  };
  EXPECT_EQ(Errors(table("a", "trips") + "---\n" + table("b", "fares")),
            std::vector<std::string>{});
  EXPECT_EQ(Errors(table("a", "trips") + "---\n" + table("b", "Trips")).size(), 1u);
}

TEST(NaturalKeyTest, KeysThatAreReferencesAreLeftToThePlan) {
  EXPECT_EQ(Errors("kind: mem.database\nname: a\nspec: {name: sales}\n---\n"
                   "kind: mem.database\nname: b\nspec: {name: \"${mem.database.a.name}\"}\n"),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace causeway
