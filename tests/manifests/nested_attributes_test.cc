// Typed nested attributes (AttributeSchema::fields) and integers: a list of objects is checked
// item by item like top-level attributes, each problem at its own file:line:column.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manifests/loader.h"

namespace causeway {
namespace {

AttributeSchema Attr(const char* name, AttrType type, bool required = false) {
  AttributeSchema a;
  a.name = name;
  a.type = type;
  a.required = required;
  return a;
}

SchemaSet Schemas() {
  KindSchema table;
  table.kind = "t.table";
  AttributeSchema columns = Attr("columns", AttrType::kList, true);
  AttributeSchema type = Attr("type", AttrType::kString, true);
  type.check = [](const Value& v) -> std::string {
    return v == Value("string") || v == Value("int") ? "" : "string or int";
  };
  columns.fields = {Attr("name", AttrType::kString, true), type,
                    Attr("comment", AttrType::kString)};
  AttributeSchema storage = Attr("storage", AttrType::kObject);
  storage.fields = {Attr("location", AttrType::kString, true),
                    Attr("buckets", AttrType::kInteger)};
  table.attributes = {Attr("name", AttrType::kString, true), columns, storage,
                      Attr("retention_days", AttrType::kInteger)};
  return {{table.kind, table}};
}

std::vector<std::string> Errors(const std::string& spec) {
  LoadResult r = LoadManifestFiles(
      {{"main.yaml", "kind: t.table\nname: trips\nspec:\n  name: trips\n" + spec}}, Schemas());
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.str());
  return out;
}

TEST(NestedAttributesTest, ValidListOfObjectsPasses) {
  EXPECT_EQ(Errors("  columns:\n    - {name: id, type: int}\n    - {name: v, type: string, "
                   "comment: value}\n  storage: {location: s3://b/t/, buckets: 4}\n"
                   "  retention_days: 30\n"),
            std::vector<std::string>{});
}

TEST(NestedAttributesTest, EachItemProblemIsReportedWhereItIsWritten) {
  EXPECT_EQ(Errors("  columns:\n"
                   "    - {name: id, typ: int}\n"
                   "    - {name: v, type: float}\n"
                   "    - name: w\n"
                   "      type: [int]\n"
                   "    - just-a-string\n"),
            (std::vector<std::string>{
                "main.yaml:6:18: unknown field 'typ' in columns[0] of t.table; did you mean "
                "'type'?",
                "main.yaml:7:23: invalid value for field 'type' of columns[1] in t.table: "
                "\"float\"; expected string or int",
                "main.yaml:9:13: wrong type for field 'type' of columns[2] in t.table: expected "
                "string, got list",
                "main.yaml:10:7: wrong type for columns[3] in t.table: expected an object with "
                "name, ..., got string",
            }));
}

TEST(NestedAttributesTest, MissingRequiredFieldAndNestedObject) {
  EXPECT_EQ(Errors("  columns:\n    - {type: int}\n  storage: {buckets: 2.5}\n"),
            (std::vector<std::string>{
                "main.yaml:6:7: missing required field 'name' in columns[0] of t.table.trips",
                "main.yaml:7:3: missing required field 'location' in storage of t.table.trips",
                "main.yaml:7:22: wrong type for field 'buckets' of storage in t.table: expected "
                "integer, got number (a whole number)",
            }));
}

TEST(NestedAttributesTest, IntegersRefuseFractionsAndQuotedNumbers) {
  EXPECT_EQ(Errors("  columns: []\n  retention_days: 1.5\n"),
            std::vector<std::string>{
                "main.yaml:6:19: wrong type for attribute 'retention_days' of t.table: expected "
                "integer, got number (a whole number)"});
  EXPECT_EQ(Errors("  columns: []\n  retention_days: \"30\"\n"),
            std::vector<std::string>{
                "main.yaml:6:19: wrong type for attribute 'retention_days' of t.table: expected "
                "integer, got string (remove the quotes)"});
  EXPECT_EQ(Errors("  columns: []\n  retention_days: 30.0\n"), std::vector<std::string>{})
      << "a whole number written with a fraction part is still whole";
}

}  // namespace
}  // namespace causeway
