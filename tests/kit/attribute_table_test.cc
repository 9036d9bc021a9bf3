// AttributeTable: one row per attribute gives the schema, defaults, read-back, create body and
// the update calls. The table here is shaped like Athena's workgroup and a tag map.
#include "providers/kit/attribute_table.h"

#include <gtest/gtest.h>

#include "providers/kit/normalizers.h"

namespace causeway::kit {
namespace {

Value TagsToWire(const Value& tags) {
  Value out = Value::array();
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    out.push_back({{"Key", it.key()}, {"Value", it.value()}});
  }
  return out;
}

Result<Value> TagsFromWire(const Value& list) {
  Value out = Value::object();
  ReplyReader r(list, "tags");
  CW_RETURN_IF_ERROR(r.ForEach("", [&](const ReplyReader& t) -> Status {
    CW_ASSIGN_OR_RETURN(std::string k, t.StringOr("Key", ""));
    CW_ASSIGN_OR_RETURN(std::string v, t.StringOr("Value", ""));
    out[k] = v;
    return Status::Ok();
  }));
  return out;
}

const AttributeTable& Table() {
  static const AttributeTable table({
      Attribute("name").Required().ForceNew().Wire("Name"),
      Attribute("description").Default("").KeepEmpty().Wire("Description").Update("Put",
                                                                                    "Description"),
      Attribute("state").Default("ENABLED").Normalize(UpperCase).ReadFrom("State").Update(
          "Put", "State"),
      Attribute("location").Default("").Wire("Config/Location").Update(
          "Put", "Updates/Location", "Updates/RemoveLocation"),
      Attribute("limit", AttrType::kInteger).Default(Value()).Wire("Config/Limit"),
      Attribute("tags", AttrType::kMap)
          .Default(Value::object())
          .Wire("Tags")
          .Convert(TagsToWire, TagsFromWire)
          .Update("Tag", "Tags"),
      Attribute("force", AttrType::kBool).Default(false),
      Attribute("arn").Computed().ReadFrom("Arn"),
  });
  return table;
}

TEST(AttributeTableTest, SchemaComesFromTheRows) {
  KindSchema s = Table().Schema("t.thing", "A thing", {"name"});
  EXPECT_EQ(s.kind, "t.thing");
  EXPECT_EQ(s.natural_key, std::vector<std::string>{"name"});
  ASSERT_EQ(s.attributes.size(), 8u);
  EXPECT_TRUE(s.Find("name")->required);
  EXPECT_TRUE(s.Find("name")->force_new);
  EXPECT_EQ(*s.Find("state")->default_value, Value("ENABLED"));
  EXPECT_EQ(s.Find("limit")->type, AttrType::kInteger);
  EXPECT_TRUE(s.Find("arn")->computed);
  EXPECT_EQ(NormalizeAttr(s.Find("state"), Value("disabled")), Value("DISABLED"));
}

TEST(AttributeTableTest, ReadFillsDefaultsAndSplitsOutputs) {
  Value reply = Value::parse(R"({"Name": "wg", "Description": null, "State": "DISABLED",
      "Config": {"Limit": 10000000}, "Tags": [{"Key": "team", "Value": "data"}], "Arn": "arn:x"})");
  Value attrs = Value::object(), outputs = Value::object();
  ASSERT_TRUE(Table().Read(ReplyReader(reply, "svc Get"), &attrs, &outputs).ok());
  EXPECT_EQ(attrs, Value::parse(R"({"name": "wg", "description": "", "state": "DISABLED",
      "location": "", "limit": 10000000, "tags": {"team": "data"}})"));
  EXPECT_EQ(outputs, Value({{"arn", "arn:x"}}));
}

TEST(AttributeTableTest, ReadRefusesWrongTypesWithTheField) {
  Value reply = Value::parse(R"({"Name": "wg", "Config": {"Limit": "lots"}})");
  Value attrs = Value::object(), outputs = Value::object();
  Status s = Table().Read(ReplyReader(reply, "svc Get"), &attrs, &outputs);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "svc Get: Config.Limit: expected an integer, got a string");
  Value bad_tags = Value::parse(R"({"Name": "wg", "Tags": [{"Key": 1}]})");
  s = Table().Read(ReplyReader(bad_tags, "svc Get"), &attrs, &outputs);
  ASSERT_FALSE(s.ok()) << "a converter's failure is an error too";
  EXPECT_NE(s.message().find("svc Get: Tags: "), std::string::npos) << s.message();
  Value listed = {{"Items", Value::array({bad_tags})}};
  s = ReplyReader(listed, "svc List").ForEach("Items", [&](const ReplyReader& item) {
    return Table().Read(item, &attrs, &outputs);
  });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("svc List: Items[0].Tags: "), std::string::npos)
      << "a converter's failure names where the item is: " << s.message();
}

TEST(AttributeTableTest, CreateBodyLeavesOutEmptyValuesUnlessKept) {
  Value body = Table().CreateBody({{"name", "wg"}, {"tags", {{"a", "b"}}}});
  EXPECT_EQ(body, Value::parse(R"({"Name": "wg", "Description": "",
      "Tags": [{"Key": "a", "Value": "b"}]})"))
      << "description is kept empty; location, limit and state are not sent";
}

TEST(AttributeTableTest, UpdatesGroupChangesByCallAndClearEmptyValues) {
  Value before = {{"name", "wg"}, {"state", "enabled"}, {"location", "s3://a/"},
                  {"description", "x"}};
  Value after = {{"name", "wg"}, {"state", "ENABLED"}, {"location", ""},
                 {"description", "y"}, {"tags", {{"k", "v"}}}, {"force", true}};
  auto calls = Table().Updates(before, after);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].call, "Put");
  EXPECT_EQ(calls[0].attributes, (std::vector<std::string>{"description", "location"}))
      << "state differs only in case, which the normaliser folds";
  EXPECT_EQ(calls[0].body,
            Value::parse(R"({"Description": "y", "Updates": {"RemoveLocation": true}})"));
  EXPECT_EQ(calls[1].call, "Tag");
  EXPECT_EQ(calls[1].body, Value::parse(R"({"Tags": [{"Key": "k", "Value": "v"}]})"));
  EXPECT_EQ(calls[2].call, "") << "force has no update call: the handler carries it out";
  EXPECT_EQ(calls[2].attributes, std::vector<std::string>{"force"});
}

TEST(AttributeTableTest, ForceNewChangesAreTheEnginesAndExtraNamesAreIncluded) {
  auto calls = Table().Updates({{"name", "a"}}, {{"name", "b"}}, {"state"});
  ASSERT_EQ(calls.size(), 1u) << "name forces replacement; state was named by the engine";
  EXPECT_EQ(calls[0].body, Value({{"State", "ENABLED"}}));
}

TEST(AttributeTableTest, SettledKeepsInputsWithDefaults) {
  EXPECT_EQ(Table().Settled({{"name", "wg"}, {"arn", "x"}}),
            Value::parse(R"({"name": "wg", "description": "", "state": "ENABLED",
                "location": "", "limit": null, "tags": {}, "force": false})"));
}

}  // namespace
}  // namespace causeway::kit
