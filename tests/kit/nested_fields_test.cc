// Nested fields: a list of objects and an object whose fields have wire paths, converted to the
// wire and read back through ReplyReader; the shapes are Glue's columns and SerDe.
#include "providers/kit/nested_fields.h"

#include <gtest/gtest.h>

namespace causeway::kit {
namespace {

const std::vector<Attribute>& Column() {
  static const std::vector<Attribute> fields = {Attribute("name").Required().Wire("Name"),
                                                Attribute("type").Required().Wire("Type"),
                                                Attribute("comment").Wire("Comment")};
  return fields;
}

const std::vector<Attribute>& Serde() {
  static const std::vector<Attribute> fields = {
      Attribute("library").Wire("SerializationLibrary"),
      Attribute("parameters", AttrType::kMap)
          .Default(Value::object())
          .KeepEmpty()
          .Wire("Parameters"),
  };
  return fields;
}

const AttributeTable& Table() {
  static const AttributeTable table({
      Attribute("name").Required().Wire("Name"),
      Attribute("columns", AttrType::kList)
          .Default(Value::array())
          .Fields(Column())
          .Wire("Storage/Columns")
          .Convert(ListToWire(Column()), ListFromWire(Column())),
      Attribute("serde", AttrType::kObject)
          .Default(Value::object())
          .Fields(Serde())
          .Wire("Storage/SerdeInfo")
          .Convert(ObjectToWire(Serde()), ObjectFromWire(Serde())),
  });
  return table;
}

Status ReadReply(const std::string& json, Value* attrs) {
  Value reply = Value::parse(json);
  Value outputs = Value::object();
  *attrs = Value::object();
  return Table().Read(ReplyReader(reply, "svc GetTable").At("Table").value(), attrs, &outputs);
}

TEST(NestedFieldsTest, FieldsTypeTheSchemaForValidation) {
  KindSchema s = Table().Schema("t.table", "A table", {"name"});
  const AttributeSchema* columns = s.Find("columns");
  ASSERT_EQ(columns->fields.size(), 3u);
  EXPECT_TRUE(columns->Field("name")->required);
  EXPECT_FALSE(columns->Field("comment")->required);
  EXPECT_EQ(s.Find("serde")->Field("parameters")->type, AttrType::kMap);
}

TEST(NestedFieldsTest, ItemsGoToTheWireWithTheirMemberNamesAndWithoutEmptyValues) {
  Value body = Table().CreateBody(
      {{"name", "t"},
       {"columns", Value::array({{{"name", "id"}, {"type", "int"}, {"comment", ""}},
                                 {{"name", "v"}, {"type", "string"}, {"comment", "value"}}})},
       {"serde", {{"library", "LazySimpleSerDe"}}}});
  EXPECT_EQ(body, Value::parse(R"({"Name": "t", "Storage": {
      "Columns": [{"Name": "id", "Type": "int"}, {"Name": "v", "Type": "string", "Comment": "value"}],
      "SerdeInfo": {"SerializationLibrary": "LazySimpleSerDe", "Parameters": {}}}})"))
      << body.dump();
}

TEST(NestedFieldsTest, ReadBackEqualsWhatWasWrittenWithNullsAsAbsent) {
  Value attrs;
  ASSERT_TRUE(ReadReply(R"({"Table": {"Name": "t", "Storage": {
      "Columns": [{"Name": "id", "Type": "int", "Comment": null, "Parameters": {"x": "y"}},
                  {"Name": "v", "Type": "string", "Comment": "value"}],
      "SerdeInfo": {"SerializationLibrary": "LazySimpleSerDe", "Parameters": {}}}}})",
                        &attrs)
                  .ok());
  EXPECT_EQ(attrs["columns"], Value::parse(R"([{"name": "id", "type": "int"},
      {"name": "v", "type": "string", "comment": "value"}])"))
      << "unknown members are ignored, null and empty optional fields left out";
  EXPECT_EQ(attrs["serde"], Value({{"library", "LazySimpleSerDe"}}));

  ASSERT_TRUE(ReadReply(R"({"Table": {"Name": "t", "Storage": {"Columns": null,
      "SerdeInfo": null}}})",
                        &attrs)
                  .ok());
  EXPECT_EQ(attrs["columns"], Value::array()) << "a null list reads as the default";
  EXPECT_EQ(attrs["serde"], Value::object());
}

TEST(NestedFieldsTest, WrongTypesNameTheItemAndTheField) {
  struct Case {
    std::string reason, reply, message;
  };
  std::vector<Case> cases = {
      {"a field of the wrong type",
       R"({"Table": {"Storage": {"Columns": [{"Name": "a", "Type": "int"}, {"Name": 7}]}}})",
       "svc GetTable: Table.Storage.Columns[1].Name: expected a string, got an integer"},
      {"an item that is not an object", R"({"Table": {"Storage": {"Columns": ["id int"]}}})",
       "svc GetTable: Table.Storage.Columns[0]: expected an object, got a string"},
      {"a null item", R"({"Table": {"Storage": {"Columns": [null]}}})",
       "svc GetTable: Table.Storage.Columns[0]: expected an object, got null"},
      {"a list that is not one", R"({"Table": {"Storage": {"Columns": {"Name": "id"}}}})",
       "svc GetTable: Table.Storage.Columns: expected a list, got an object"},
      {"a field of the object", R"({"Table": {"Storage": {"SerdeInfo": {"Parameters": "x=1"}}}})",
       "svc GetTable: Table.Storage.SerdeInfo.Parameters: expected an object, got a string"},
      {"an object that is not one", R"({"Table": {"Storage": {"SerdeInfo": [1]}}})",
       "svc GetTable: Table.Storage.SerdeInfo: expected an object, got a list"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    Value attrs;
    Status s = ReadReply(c.reply, &attrs);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kProviderError);
    EXPECT_EQ(s.message(), c.message);
  }
}

}  // namespace
}  // namespace causeway::kit
