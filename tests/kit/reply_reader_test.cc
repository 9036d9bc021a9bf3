// ReplyReader: null members read as absent, wrong types are errors naming reply and field, and
// lenient scalars accept XML's text numbers and booleans.
#include "providers/kit/reply_reader.h"

#include <gtest/gtest.h>

namespace causeway::kit {
namespace {

const Value kReply = Value::parse(R"({
  "Database": {"Name": "raw", "Description": null, "Parameters": "oops",
               "CreateTime": 1.7e9, "Count": 3, "Ratio": 0.5, "Enabled": true,
               "Columns": [{"Name": "a"}, {"Name": 7}]},
  "Next": null
})");

TEST(ReplyReaderTest, NullAndAbsentMembersReadAsAbsent) {
  ReplyReader r(kReply, "glue GetDatabase");
  auto description = r.String("Database/Description");
  ASSERT_TRUE(description.ok()) << description.status().ToString();
  EXPECT_FALSE(description->has_value());
  auto missing = r.String("Database/LocationUri");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto under_null = r.String("Next/Token");
  ASSERT_TRUE(under_null.ok()) << "a member under a null parent is absent";
  EXPECT_FALSE(under_null->has_value());
  EXPECT_EQ(*r.StringOr("Database/Description", "none"), "none");
  EXPECT_EQ(*r.StringOr("Database/Name", "none"), "raw");
}

TEST(ReplyReaderTest, WrongTypesNameTheReplyAndTheField) {
  ReplyReader r(kReply, "glue GetDatabase");
  auto params = r.Object("Database/Parameters");
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.status().code(), StatusCode::kProviderError);
  EXPECT_EQ(params.status().message(),
            "glue GetDatabase: Database.Parameters: expected an object, got a string");
  auto name = r.Integer("Database/Name");
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().message(),
            "glue GetDatabase: Database.Name: expected an integer, got a string");
  auto through_string = r.String("Database/Name/First");
  ASSERT_FALSE(through_string.ok()) << "a path through a string is a wrong type";
  EXPECT_EQ(through_string.status().message(),
            "glue GetDatabase: Database.Name: expected an object, got a string");
}

TEST(ReplyReaderTest, ListItemsCarryTheirIndexInErrors) {
  ReplyReader r(kReply, "glue GetDatabase");
  std::vector<std::string> names;
  Status s = r.ForEach("Database/Columns", [&](const ReplyReader& c) -> Status {
    CW_ASSIGN_OR_RETURN(auto n, c.String("Name"));
    if (n) names.push_back(*n);
    return Status::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "glue GetDatabase: Database.Columns[1].Name: expected a string, got an integer");
  EXPECT_EQ(names, std::vector<std::string>{"a"});
  EXPECT_TRUE(r.ForEach("Database/Nothing", [](const ReplyReader&) {
                 return Status::Internal("never called");
               }).ok());
}

TEST(ReplyReaderTest, NumbersAndIntegers) {
  ReplyReader r(kReply, "x");
  EXPECT_EQ(**r.Integer("Database/Count"), 3);
  EXPECT_EQ(**r.Integer("Database/CreateTime"), 1700000000) << "a whole float is an integer";
  EXPECT_FALSE(r.Integer("Database/Ratio").ok()) << "0.5 is not an integer";
  EXPECT_DOUBLE_EQ(**r.Number("Database/Ratio"), 0.5);
  EXPECT_TRUE(**r.Bool("Database/Enabled"));
}

TEST(ReplyReaderTest, LenientScalarsReadXmlText) {
  Value xml = {{"MaxSessionDuration", "3600"}, {"IsTruncated", "false"}, {"Bad", "12x"}};
  ReplyReader strict(xml, "iam GetRole");
  EXPECT_FALSE(strict.Integer("MaxSessionDuration").ok());
  ReplyReader lenient(xml, "iam GetRole", /*lenient_scalars=*/true);
  EXPECT_EQ(**lenient.Integer("MaxSessionDuration"), 3600);
  EXPECT_FALSE(**lenient.Bool("IsTruncated"));
  EXPECT_FALSE(lenient.Integer("Bad").ok());
  auto typed = lenient.Typed("MaxSessionDuration", AttrType::kInteger);
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(*typed, Value(3600));
}

TEST(ReplyReaderTest, TypedReadsFollowTheAttributeType) {
  ReplyReader r(kReply, "glue GetDatabase");
  EXPECT_EQ(*r.Typed("Database/Name", AttrType::kString), Value("raw"));
  EXPECT_TRUE(r.Typed("Database/Description", AttrType::kString)->is_null());
  EXPECT_FALSE(r.Typed("Database/Parameters", AttrType::kMap).ok());
  EXPECT_FALSE(r.Typed("Database/Name", AttrType::kList).ok());
  EXPECT_EQ(r.Typed("Database/Columns", AttrType::kList)->size(), 2u);
  auto nested = r.At("Database");
  ASSERT_TRUE(nested.ok());
  auto bad = nested->Bool("Name");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "glue GetDatabase: Database.Name: expected a boolean, got a string");
}

TEST(ReplyReaderTest, RequiredMembersAndWhereNameTheField) {
  ReplyReader r(kReply, "glue GetDatabase");
  EXPECT_EQ(*r.RequiredString("Database/Name"), "raw");
  auto description = r.RequiredString("Database/Description");
  ASSERT_FALSE(description.ok()) << "null is as missing as absent";
  EXPECT_EQ(description.status().code(), StatusCode::kProviderError);
  EXPECT_EQ(description.status().message(), "glue GetDatabase: Database.Description: missing");
  EXPECT_EQ(r.RequiredString("Database/Count").status().message(),
            "glue GetDatabase: Database.Count: expected a string, got an integer");
  std::vector<std::string> where;
  ASSERT_TRUE(r.ForEach("Database/Columns", [&](const ReplyReader& c) {
                 where.push_back(c.Where("Name"));
                 return Status::Ok();
               }).ok());
  EXPECT_EQ(where,
            (std::vector<std::string>{"Database.Columns[0].Name", "Database.Columns[1].Name"}));
  EXPECT_EQ(r.Where(""), "the reply");
}

}  // namespace
}  // namespace causeway::kit
