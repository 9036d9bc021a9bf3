// The Query protocol as Values (providers/aws/query_values.h): how IAM's XML replies decode
// (member lists, objects, text leaves, empty elements as absent) and how a body flattens into
// form parameters (.member.N lists, dotted objects, booleans and whole numbers as text).
#include "providers/aws/query_values.h"

#include <gtest/gtest.h>

namespace causeway::aws {
namespace {

Value Decode(const char* xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml)) << xml;
  return QueryXmlToValue(doc.document_element());
}

TEST(QueryValuesTest, RepliesDecodeIntoValues) {
  struct Case {
    std::string reason;
    const char* xml;
    Value want;
  };
  std::vector<Case> cases = {
      {"text leaves are strings, numbers stay text",
       "<R><Role><RoleName>r</RoleName><MaxSessionDuration>3600</MaxSessionDuration></Role></R>",
       {{"Role", {{"RoleName", "r"}, {"MaxSessionDuration", "3600"}}}}},
      {"member children make a list",
       "<R><Tags><member><Key>a</Key><Value>1</Value></member>"
       "<member><Key>b</Key><Value>2</Value></member></Tags></R>",
       {{"Tags", Value::array({{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}})}}},
      {"one member is a list of one",
       "<R><Filter><member>Role</member></Filter></R>",
       {{"Filter", Value::array({"Role"})}}},
      {"an empty element is absent (null), not \"\"",
       "<R><Description/><Tags></Tags><Path>/</Path></R>",
       {{"Description", nullptr}, {"Tags", nullptr}, {"Path", "/"}}},
      {"entities are decoded, pretty-printing whitespace is ignored",
       "<R>\n  <Doc>%7B%22a%22%3A1%7D&amp;x</Doc>\n</R>",
       {{"Doc", "%7B%22a%22%3A1%7D&x"}}},
      {"the first of same-named children wins outside lists",
       "<R><A>1</A><A>2</A><B>3</B></R>",
       {{"A", "1"}, {"B", "3"}}},
      {"an element mixing members and other children is an object",
       "<R><member>1</member><Marker>m</Marker></R>",
       {{"member", "1"}, {"Marker", "m"}}},
  };
  for (const auto& c : cases) EXPECT_EQ(Decode(c.xml), c.want) << c.reason;
  EXPECT_TRUE(Decode("<R/>").is_null()) << "an empty result";
}

TEST(QueryValuesTest, BodiesFlattenIntoFormParameters) {
  Value body = {
      {"RoleName", "r"},
      {"MaxSessionDuration", 3600},
      {"Ratio", 7200.0},
      {"Half", 0.5},
      {"SetAsDefault", true},
      {"Description", nullptr},
      {"Tags", Value::array({{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", ""}}})},
      {"Filter", Value::array({"Role", "LocalManagedPolicy"})},
      {"Empty", Value::array()},
      {"Config", {{"Inner", "x"}}}};
  QueryParamList want = {{"Config.Inner", "x"},
                         {"Filter.member.1", "Role"},
                         {"Filter.member.2", "LocalManagedPolicy"},
                         {"Half", "0.5"},
                         {"MaxSessionDuration", "3600"},
                         {"Ratio", "7200"},
                         {"RoleName", "r"},
                         {"SetAsDefault", "true"},
                         {"Tags.member.1.Key", "a"},
                         {"Tags.member.1.Value", "1"},
                         {"Tags.member.2.Key", "b"},
                         {"Tags.member.2.Value", ""}};
  EXPECT_EQ(QueryParams(body), want);
  EXPECT_TRUE(QueryParams(Value::object()).empty());
}

}  // namespace
}  // namespace causeway::aws
